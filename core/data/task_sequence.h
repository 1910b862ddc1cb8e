#pragma once

#include <cstdint>
#include <string>
#include <vector>

/// Task sequences (scenarios): which classes and which samples each task holds.
/// Torch-free, so the GUI's task preview can use it directly.
namespace pf::data {

/// What changes from task to task, and what the model is told at test time.
enum class Scenario {
    ClassIncremental,   ///< new classes per task, no task id at test time
    DomainIncremental,  ///< the same classes in a new domain per task, one shared head
    TaskIncremental,    ///< class-incremental tasks, the task id given at test time
};

/// "class-il", "domain-il", "task-il" -> Scenario; throws pf::ConfigError otherwise.
Scenario parseScenario(const std::string& name);
const char* scenarioName(Scenario scenario);

/// How to cut a data set into tasks.
struct SequenceOptions {
    Scenario scenario = Scenario::ClassIncremental;
    int tasks = 5;             ///< number of tasks (domain-il: the first `tasks` domains)
    int classesPerTask = 2;    ///< classes in every task (class-il, task-il)
    int firstTaskClasses = 0;  ///< classes in the first task (0: classesPerTask)
    int classOrderSeed = -1;   ///< -1: classes in their natural order; otherwise shuffled by seed
    int trainPerClass = 0;     ///< cap on training images per class, 0 = all
    int testPerClass = 0;      ///< cap on test images per class, 0 = all
    /// > 0: hold out the last N training images of each class (before the pool) and evaluate on
    /// them instead of the test split - for tuning without touching the test data.
    int validationPerClass = 0;
};

/// One task: its classes (original ids) and the indices of its samples in the data set splits.
struct Task {
    int index = 0;
    std::string domain;               ///< domain-il: the task's domain
    std::vector<int> classes;         ///< original class ids, in class order
    std::vector<std::int64_t> train;  ///< indices into the training split
    std::vector<std::int64_t> test;   ///< indices into the test split
};

/// A class-incremental sequence. Labels seen by learners are *incremental*: the position of a
/// class in the class order, so task t owns labels [firstClass(t), firstClass(t) + classes).
class TaskSequence {
public:
    /// Builds the sequence from the label vectors of both splits. Training samples at index
    /// `poolStart` and beyond (the pretraining pool) never enter a task. Caps keep the first
    /// samples of each class in data set order. Throws pf::ConfigError when the classes do not
    /// fit (tasks x classes per task > classes) and pf::DataError when a class has no sample.
    static TaskSequence classIncremental(const std::vector<std::int64_t>& trainLabels,
                                         const std::vector<std::int64_t>& testLabels,
                                         std::int64_t poolStart, int numClasses,
                                         const SequenceOptions& options);

    /// Builds a domain-incremental sequence: task t is domain t (ids as in `trainDomains`), with
    /// every class; each class keeps its original id as label. `testDomains` empty means one
    /// test set shared by all tasks (CORe50). Caps and the validation split apply per domain
    /// and class. Throws pf::ConfigError when there are fewer domains than tasks and
    /// pf::DataError when a domain has no training or test sample.
    static TaskSequence domainIncremental(const std::vector<std::int64_t>& trainLabels,
                                          const std::vector<int>& trainDomains,
                                          const std::vector<std::int64_t>& testLabels,
                                          const std::vector<int>& testDomains, int numClasses,
                                          const std::vector<std::string>& domainNames,
                                          const SequenceOptions& options);

    Scenario scenario() const { return scenario_; }
    bool domainIncremental() const { return scenario_ == Scenario::DomainIncremental; }
    /// True when every task is tested on the same samples (evaluate once per evaluation).
    bool sharedTest() const { return sharedTest_; }
    const std::vector<Task>& tasks() const { return tasks_; }
    const Task& task(int t) const { return tasks_.at(static_cast<std::size_t>(t)); }
    int size() const { return static_cast<int>(tasks_.size()); }

    /// Incremental label -> original class id, for the classes used by the sequence.
    const std::vector<int>& classOrder() const { return classOrder_; }
    /// Original class id -> incremental label, -1 for classes no task uses.
    const std::vector<int>& labelMap() const { return labelMap_; }

    /// First incremental label of task t (0 for every domain-il task).
    int firstClass(int t) const;
    /// Number of classes of task t.
    int classesIn(int t) const { return static_cast<int>(task(t).classes.size()); }
    /// Classes seen once task t has been learned.
    int seenClassesAfter(int t) const { return firstClass(t) + classesIn(t); }
    /// Classes over the whole sequence.
    int totalClasses() const { return static_cast<int>(classOrder_.size()); }

    /// Indices of the training samples of tasks 0..t (the joint learner's data).
    std::vector<std::int64_t> trainUpTo(int t) const;

    /// True when the tasks' evaluation samples are a validation split of the training data.
    bool evaluatesOnValidation() const { return validation_; }

private:
    std::vector<Task> tasks_;
    std::vector<int> classOrder_;
    std::vector<int> labelMap_;
    bool validation_ = false;
    bool sharedTest_ = false;
    Scenario scenario_ = Scenario::ClassIncremental;
};

/// Fisher-Yates permutation of 0..n-1 driven by std::mt19937: identical on every platform
/// (std::shuffle is not), so a class order seed means the same order everywhere.
std::vector<int> seededPermutation(int n, std::uint32_t seed);

}  // namespace pf::data
