#pragma once

#include <cstdint>
#include <string>
#include <vector>

/// Task sequences (scenarios): which classes and which samples each task holds.
/// Torch-free, so the GUI's task preview can use it directly.
namespace pf::data {

/// How to cut a data set into class-incremental tasks.
struct SequenceOptions {
    int tasks = 5;            ///< number of tasks
    int classesPerTask = 2;   ///< classes in every task
    int classOrderSeed = -1;  ///< -1: classes in their natural order; otherwise shuffled by seed
    int trainPerClass = 0;    ///< cap on training images per class, 0 = all
    int testPerClass = 0;     ///< cap on test images per class, 0 = all
    /// > 0: hold out the last N training images of each class (before the pool) and evaluate on
    /// them instead of the test split - for tuning without touching the test data.
    int validationPerClass = 0;
};

/// One task: its classes (original ids) and the indices of its samples in the data set splits.
struct Task {
    int index = 0;
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

    const std::vector<Task>& tasks() const { return tasks_; }
    const Task& task(int t) const { return tasks_.at(static_cast<std::size_t>(t)); }
    int size() const { return static_cast<int>(tasks_.size()); }

    /// Incremental label -> original class id, for the classes used by the sequence.
    const std::vector<int>& classOrder() const { return classOrder_; }
    /// Original class id -> incremental label, -1 for classes no task uses.
    const std::vector<int>& labelMap() const { return labelMap_; }

    /// First incremental label of task t.
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
};

/// Fisher-Yates permutation of 0..n-1 driven by std::mt19937: identical on every platform
/// (std::shuffle is not), so a class order seed means the same order everywhere.
std::vector<int> seededPermutation(int n, std::uint32_t seed);

}  // namespace pf::data
