// RunService::replay: a stored run sent again as the trainer's events.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/error.h"
#include "run/run_service.h"
#include "run/run_store.h"

namespace pf::storage {
namespace {

// Figures the store derives from the matrix itself; an evaluation event carries them in its
// summary, not among the learner's figures.
const std::set<std::string>& derivedFigures() {
    static const std::set<std::string> names = {
        "avg_acc",    "avg_inc_acc", "forgetting", "bwt", "forgetting_all_tasks",
        "plasticity", "stability",   "zero_shot"};
    return names;
}

}  // namespace

void RunService::replay(std::int64_t runId, RunListener& listener) const {
    RunStore store(storePath_);
    const std::optional<RunRecord> record = store.run(runId);
    if (!record)
        throw InputError("run " + std::to_string(runId) + ": no such run in " + store.path());
    const metrics::AccuracyMatrix matrix = store.accuracyMatrix(runId);
    const std::vector<TaskRecord> sequence = store.sequence(runId);
    const auto figures = store.taskMetrics(runId);
    const std::vector<EpochRecord> epochs = store.epochs(runId);
    const int tasks = std::max({record->tasks, matrix.tasks(), static_cast<int>(sequence.size())});
    std::map<int, int> epochsOf;  // task -> epochs recorded
    for (const EpochRecord& e : epochs)
        epochsOf[e.task] = std::max(epochsOf[e.task], e.epoch + 1);
    auto epochEvent = [&](const EpochRecord& e) {
        return training::EpochEvent{e.task, e.epoch, epochsOf[e.task], e.meanLoss, e.seconds};
    };

    // Every curve, by step: the loss and learning rate, and the learner's own values.
    std::map<std::int64_t, training::StepEvent> steps;
    for (const std::string& name : store.stepSeriesNames(runId))
        for (const StepPoint& p : store.stepSeries(runId, name)) {
            training::StepEvent& s = steps[p.step];
            s.task = p.task;
            s.epoch = p.epoch;
            s.step = p.step;
            if (name == "loss")
                s.loss = p.value;
            else if (name == "lr")
                s.lr = p.value;
            else
                s.scalars.emplace_back(name, p.value);
        }

    listener.onReplay({runId, true, record->name, record->status});

    training::RunStartEvent start;
    start.name = record->name;
    start.method = record->method;
    start.tasks = tasks;
    for (const TaskRecord& t : sequence) {
        start.taskClasses.push_back(t.classNames);
        start.sequence.push_back(
            {t.domain, t.classIds, t.classNames, t.trainSamples, t.testSamples});
    }
    listener.onRunStart(start);
    for (const auto& [name, values] : figures)
        if (name == "zero_shot") listener.onZeroShot({values});

    auto stepsIt = steps.begin();
    auto epochIt = epochs.begin();
    for (int t = 0; t < tasks; ++t) {
        const bool evaluated = t < matrix.tasks() && matrix.has(t, t);
        const bool trained = stepsIt != steps.end() && stepsIt->second.task == t;
        if (!evaluated && !trained) continue;
        training::TaskStartEvent taskStart;
        taskStart.task = t;
        taskStart.tasks = tasks;
        if (t < static_cast<int>(sequence.size())) {
            const TaskRecord& r = sequence[static_cast<std::size_t>(t)];
            taskStart.classNames = r.classNames;
            taskStart.domain = r.domain;
            taskStart.trainSamples = r.trainSamples;
        }
        taskStart.epochs = epochsOf[t];
        for (auto it = stepsIt; it != steps.end() && it->second.task == t; ++it)
            if (it->second.epoch == stepsIt->second.epoch) ++taskStart.stepsPerEpoch;
        listener.onTaskStart(taskStart);
        // Each epoch's steps, then the epoch's end, as they came.
        for (; stepsIt != steps.end() && stepsIt->second.task == t; ++stepsIt) {
            listener.onStep(stepsIt->second);
            auto next = std::next(stepsIt);
            const bool epochEnds = next == steps.end() || next->second.task != t ||
                                   next->second.epoch != stepsIt->second.epoch;
            while (epochEnds && epochIt != epochs.end() && epochIt->task == t &&
                   epochIt->epoch <= stepsIt->second.epoch) {
                listener.onEpochEnd(epochEvent(*epochIt));
                ++epochIt;
            }
        }
        for (; epochIt != epochs.end() && epochIt->task == t; ++epochIt)
            listener.onEpochEnd(epochEvent(*epochIt));
        if (!evaluated) continue;
        training::EvaluationEvent ev;
        ev.afterTask = t;
        ev.matrix = metrics::AccuracyMatrix(matrix.tasks());
        for (int after = 0; after <= t; ++after)
            for (int i = 0; i <= after; ++i)
                if (matrix.has(i, after)) ev.matrix.set(i, after, matrix.at(i, after));
        for (int i = 0; i <= t; ++i)
            ev.accuracies.push_back(matrix.at(i, t));
        ev.summary = metrics::summarize(ev.matrix, t);
        for (const auto& [name, values] : figures)
            if (!derivedFigures().count(name) && t < static_cast<int>(values.size()) &&
                !std::isnan(values[static_cast<std::size_t>(t)]))
                ev.figures.emplace_back(name, values[static_cast<std::size_t>(t)]);
        listener.onEvaluation(ev);
    }

    if (record->status != "running") {
        training::RunEndEvent end;
        end.status = training::statusFromName(record->status);
        end.error = record->error;
        end.matrix = matrix;
        end.seconds = record->seconds;
        listener.onRunEnd(end);
    }
    listener.onReplay({runId, false, record->name, record->status});
}

}  // namespace pf::storage
