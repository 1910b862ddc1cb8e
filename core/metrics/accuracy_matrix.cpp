#include "metrics/accuracy_matrix.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace pf::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkTask(const AccuracyMatrix& m, int t) {
    if (t < 0 || t >= m.tasks())
        throw std::out_of_range("task " + std::to_string(t) + " outside the accuracy matrix of " +
                                std::to_string(m.tasks()) + " tasks");
}

// Throws when column t is not complete, so no figure is silently computed from gaps.
void checkColumn(const AccuracyMatrix& m, int t) {
    checkTask(m, t);
    for (int i = 0; i <= t; ++i)
        if (!m.has(i, t))
            throw std::invalid_argument("accuracy of task " + std::to_string(i) + " after task " +
                                        std::to_string(t) + " was not evaluated");
}

}  // namespace

AccuracyMatrix::AccuracyMatrix(int tasks)
    : acc_(static_cast<std::size_t>(std::max(tasks, 0)),
           std::vector<double>(static_cast<std::size_t>(std::max(tasks, 0)), kNaN)) {}

AccuracyMatrix::AccuracyMatrix(std::vector<std::vector<double>> rows) : acc_(std::move(rows)) {
    for (const auto& row : acc_)
        if (row.size() != acc_.size())
            throw std::invalid_argument("accuracy matrix must be square");
}

double AccuracyMatrix::at(int i, int t) const {
    return acc_.at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(t));
}

void AccuracyMatrix::set(int i, int t, double value) {
    if (i > t) throw std::invalid_argument("acc(i, t) is undefined for i > t");
    acc_.at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(t)) = value;
}

bool AccuracyMatrix::has(int i, int t) const {
    return !std::isnan(at(i, t));
}

int AccuracyMatrix::lastCompleteTask() const {
    int last = -1;
    for (int t = 0; t < tasks(); ++t) {
        for (int i = 0; i <= t; ++i)
            if (!has(i, t)) return last;
        last = t;
    }
    return last;
}

double averageAccuracy(const AccuracyMatrix& m, int t) {
    checkColumn(m, t);
    double sum = 0.0;
    for (int i = 0; i <= t; ++i)
        sum += m.at(i, t);
    return sum / (t + 1);
}

double finalAverageAccuracy(const AccuracyMatrix& m) {
    const int t = m.lastCompleteTask();
    return t < 0 ? kNaN : averageAccuracy(m, t);
}

double averageIncrementalAccuracy(const AccuracyMatrix& m) {
    const int last = m.lastCompleteTask();
    if (last < 0) return kNaN;
    double sum = 0.0;
    for (int t = 0; t <= last; ++t)
        sum += averageAccuracy(m, t);
    return sum / (last + 1);
}

double forgetting(const AccuracyMatrix& m, int t) {
    checkColumn(m, t);
    if (t == 0) return kNaN;
    double sum = 0.0;
    for (int i = 0; i < t; ++i) {
        double best = -std::numeric_limits<double>::infinity();
        for (int s = i; s <= t; ++s)
            best = std::max(best, m.at(i, s));
        sum += best - m.at(i, t);
    }
    return sum / t;
}

double forgettingOverAllTasks(const AccuracyMatrix& m, int t) {
    if (t == 0) {
        checkColumn(m, t);
        return kNaN;
    }
    return forgetting(m, t) * t / (t + 1);
}

double finalForgetting(const AccuracyMatrix& m) {
    const int t = m.lastCompleteTask();
    return t < 0 ? kNaN : forgetting(m, t);
}

double backwardTransfer(const AccuracyMatrix& m, int t) {
    checkColumn(m, t);
    if (t == 0) return kNaN;
    double sum = 0.0;
    for (int i = 0; i < t; ++i)
        sum += m.at(i, t) - m.at(i, i);
    return sum / t;
}

double plasticity(const AccuracyMatrix& m, int t) {
    checkColumn(m, t);
    return m.at(t, t);
}

double stability(const AccuracyMatrix& m, int t) {
    checkColumn(m, t);
    if (t == 0) return kNaN;
    double sum = 0.0;
    for (int i = 0; i < t; ++i)
        sum += m.at(i, t);
    return sum / t;
}

TaskSummary summarize(const AccuracyMatrix& m, int t) {
    TaskSummary s;
    s.task = t;
    s.averageAccuracy = averageAccuracy(m, t);
    double incremental = 0.0;
    for (int k = 0; k <= t; ++k)
        incremental += averageAccuracy(m, k);
    s.averageIncrementalAccuracy = incremental / (t + 1);
    s.forgetting = forgetting(m, t);
    s.forgettingOverAllTasks = forgettingOverAllTasks(m, t);
    s.backwardTransfer = backwardTransfer(m, t);
    s.plasticity = plasticity(m, t);
    s.stability = stability(m, t);
    return s;
}

}  // namespace pf::metrics
