#pragma once

#include <vector>

/// The accuracy matrix of a continual-learning run and every figure derived from it.
/// Conventions: acc(i, t) is the accuracy on task i's test data after learning task t
/// (class-incremental: over all classes seen by then); entries with i > t are not defined.
namespace pf::metrics {

class AccuracyMatrix {
public:
    AccuracyMatrix() = default;
    /// An empty T x T matrix (every entry not yet evaluated).
    explicit AccuracyMatrix(int tasks);
    /// From rows acc[i][t]; NaN marks an entry not evaluated.
    explicit AccuracyMatrix(std::vector<std::vector<double>> rows);

    int tasks() const { return static_cast<int>(acc_.size()); }
    double at(int i, int t) const;
    void set(int i, int t, double value);
    /// True when acc(i, t) has a value.
    bool has(int i, int t) const;
    /// Last task t whose column is complete (all i <= t evaluated); -1 when none.
    int lastCompleteTask() const;
    /// The rows, NaN where not evaluated.
    const std::vector<std::vector<double>>& rows() const { return acc_; }

private:
    std::vector<std::vector<double>> acc_;
};

/// Mean over i <= t of acc(i, t): the average accuracy after task t.
double averageAccuracy(const AccuracyMatrix& m, int t);
/// averageAccuracy after the last complete task (the headline number).
double finalAverageAccuracy(const AccuracyMatrix& m);
/// Mean over t of averageAccuracy(t) up to the last complete task.
double averageIncrementalAccuracy(const AccuracyMatrix& m);
/// After task t: mean over i < t of (max over t' in [i, t] of acc(i, t')) - acc(i, t).
/// LAMDA-PILOT's (PyCIL's) formula: the maximum includes the current column, so each task's
/// term is >= 0, and the newest task, which cannot have been forgotten, is left out of the
/// mean (T-1 terms). NaN for t = 0.
double forgetting(const AccuracyMatrix& m, int t);
/// The same sum divided by t + 1, every task learned so far: the PromptFusion reference's
/// (`main.py`) formula, which counts the newest task's 0 (T terms). NaN for t = 0.
double forgettingOverAllTasks(const AccuracyMatrix& m, int t);
/// forgetting() after the last complete task.
double finalForgetting(const AccuracyMatrix& m);
/// Backward transfer after task t: mean over i < t of acc(i, t) - acc(i, i). NaN for t = 0.
double backwardTransfer(const AccuracyMatrix& m, int t);
/// Plasticity at task t: acc(t, t), the accuracy on the newest task right after learning it.
double plasticity(const AccuracyMatrix& m, int t);
/// Stability at task t: mean over i < t of acc(i, t), how well earlier tasks are kept. NaN for t =
/// 0.
double stability(const AccuracyMatrix& m, int t);

/// All derived figures after task t, as stored per evaluation.
struct TaskSummary {
    int task = 0;
    double averageAccuracy = 0.0;
    double averageIncrementalAccuracy = 0.0;
    double forgetting = 0.0;              ///< PILOT's, T-1 terms; NaN after the first task
    double forgettingOverAllTasks = 0.0;  ///< the reference's, T terms; NaN after the first task
    double backwardTransfer = 0.0;        ///< NaN after the first task
    double plasticity = 0.0;
    double stability = 0.0;  ///< NaN after the first task
};

/// Computes every TaskSummary field from the first t + 1 columns.
TaskSummary summarize(const AccuracyMatrix& m, int t);

}  // namespace pf::metrics
