#include "console_observer.h"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <string>

#include "cli_common.h"
#include "metrics/prompt_use.h"

namespace pf::cli {
namespace {

volatile std::sig_atomic_t gInterrupted = 0;

extern "C" void onSignal(int) {
    gInterrupted = 1;
}

std::string fixed(double v, int decimals = 4) {
    if (std::isnan(v)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
    return buf;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts)
        out += (out.empty() ? "" : ", ") + p;
    return out;
}

}  // namespace

void installInterruptHandler() {
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

bool interruptRequested() {
    return gInterrupted != 0;
}

std::string formatMatrix(const metrics::AccuracyMatrix& m) {
    std::ostringstream os;
    os << "          ";
    for (int t = 0; t < m.tasks(); ++t) {
        char head[32];
        std::snprintf(head, sizeof(head), "%8s", ("T" + std::to_string(t + 1)).c_str());
        os << head;
    }
    os << "\n";
    for (int i = 0; i < m.tasks(); ++i) {
        char label[32];
        std::snprintf(label, sizeof(label), "task %-4d ", i + 1);
        os << label;
        for (int t = 0; t < m.tasks(); ++t) {
            char cell[32];
            std::snprintf(cell, sizeof(cell), "%8s",
                          i <= t && m.has(i, t) ? fixed(m.at(i, t), 3).c_str() : "");
            os << cell;
        }
        os << "\n";
    }
    return os.str();
}

ConsoleObserver::ConsoleObserver(std::ostream& out, training::RunControl& control, bool quiet)
    : out_(out), control_(control), quiet_(quiet) {}

void ConsoleObserver::onRunStart(const training::RunStartEvent& e) {
    if (quiet_) return;
    out_ << e.name << ": " << e.method << ", " << e.tasks << " tasks, " << e.trainableParameters
         << " trainable parameters, " << e.threads << " threads";
    if (e.stepParts > 1) out_ << ", each step split by batch into " << e.stepParts << " parts";
    out_ << std::endl;
    if (e.resumedAfterTask >= 0)
        out_ << "Resumed after task " << e.resumedAfterTask + 1 << " of " << e.tasks << std::endl;
}

void ConsoleObserver::onRunStored(const storage::RunStoredEvent& e) {
    // Said once the first run is sure to start.
    if (e.index == 0) warnIfMatrixProductsAreSlow();
    if (quiet_) return;
    out_ << "Run " << e.runId << " in " << e.store;
    if (e.resumedAfterTask >= 0) out_ << ", resumed after task " << e.resumedAfterTask + 1;
    if (e.count > 1)
        out_ << " (" << e.index + 1 << " of " << e.count << ": " << e.config.options.method << ")";
    out_ << std::endl;
}

void ConsoleObserver::onWarning(const storage::WarningEvent& e) {
    printError("warning: " + e.message);
}

void ConsoleObserver::onStoreFailed(const storage::StoreFailedEvent& e) {
    printError("warning: the run store cannot be written (" + e.why +
               "); training goes on and its results are kept in memory");
}

void ConsoleObserver::onRunKept(const storage::RunKeptEvent& e) {
    if (!e.recoveryPath.empty())
        printError("the run store failed (" + e.why + "); run " + std::to_string(e.runId) +
                   "'s results were saved as run " + std::to_string(e.recoveryId) + " of " +
                   e.recoveryPath);
    else
        printError("the run store failed (" + e.why +
                   "), and its results could not be saved elsewhere (" + e.recoveryError + ")");
}

void ConsoleObserver::onCheckpoint(const training::CheckpointEvent& e) {
    // A checkpoint that cannot be written is worth a warning even when quiet: the run goes on,
    // but cannot resume from this task.
    if (!e.error.empty())
        out_ << "warning: no checkpoint after task " << e.afterTask + 1 << ": " << e.error
             << std::endl;
}

void ConsoleObserver::onZeroShot(const training::ZeroShotEvent& e) {
    if (quiet_ || e.accuracies.empty()) return;
    out_ << "Zero-shot accuracy of the pretrained CLIP per task:";
    for (double a : e.accuracies)
        out_ << " " << fixed(a, 3);
    out_ << std::endl;
}

void ConsoleObserver::onTaskStart(const training::TaskStartEvent& e) {
    if (quiet_) return;
    out_ << "Task " << e.task + 1 << "/" << e.tasks << " ["
         << (e.domain.empty()
                 ? join(e.classNames)
                 : "domain " + e.domain + ", " + std::to_string(e.classNames.size()) + " classes")
         << "]: " << e.trainSamples << " training images, " << e.stepsPerEpoch << " steps x "
         << e.epochs << (e.epochs == 1 ? " epoch" : " epochs") << std::endl;
}

void ConsoleObserver::onStep(const training::StepEvent& e) {
    lastImagesPerSecond_ = e.imagesPerSecond;
    // The training thread is the one place where a stop request is safe to make.
    if (interruptRequested() && !control_.stopRequested()) {
        control_.requestStop();
        if (!quiet_) out_ << "Interrupted: stopping after this batch" << std::endl;
    }
}

void ConsoleObserver::onEpochEnd(const training::EpochEvent& e) {
    if (quiet_) return;
    out_ << "  epoch " << e.epoch + 1 << "/" << e.epochs << "  loss " << fixed(e.meanLoss) << "  "
         << fixed(lastImagesPerSecond_, 0) << " img/s  " << fixed(e.seconds, 1) << " s"
         << std::endl;
}

void ConsoleObserver::onEvaluation(const training::EvaluationEvent& e) {
    if (quiet_) return;
    out_ << "  accuracy after task " << e.afterTask + 1 << ":";
    for (double a : e.accuracies)
        out_ << " " << fixed(a, 3);
    out_ << "  | average " << fixed(e.summary.averageAccuracy, 3);
    if (e.afterTask > 0) out_ << "  forgetting " << fixed(e.summary.forgetting, 3);
    out_ << std::endl;
    // The parts of the prediction on old and new classes (PromptFusion's argument), then the
    // learner's own figures.
    std::string parts, others;
    for (const auto& [name, value] : e.figures) {
        int task = 0, entry = 0;
        if (metrics::parsePromptUseName(name, &task, &entry)) continue;  // a table below
        const auto cut = name.rfind("_old_acc");
        if (cut != std::string::npos && cut + 8 == name.size()) {
            const std::string part = name.substr(0, cut);
            double fresh = NAN;
            for (const auto& [n, v] : e.figures)
                if (n == part + "_new_acc") fresh = v;
            parts += "  " + part + " old " + fixed(value, 3) + " new " + fixed(fresh, 3);
        } else if (name.find("_acc") == std::string::npos) {
            others += "  " + name + " " + fixed(value, 3);
        }
    }
    if (!parts.empty() && e.afterTask > 0) out_ << "   " << parts << std::endl;
    if (!others.empty()) out_ << "   " << others << std::endl;
    const auto use = metrics::promptUseMatrix(e.figures);
    if (!use.empty()) {
        out_ << "    prompt use, % of each task's test images (columns: prompts):" << std::endl;
        for (std::size_t t = 0; t < use.size(); ++t) {
            out_ << "      task " << t + 1 << ":";
            for (double v : use[t])
                out_ << " " << std::setw(3) << static_cast<int>(std::lround(100.0 * v));
            out_ << std::endl;
        }
    }
}

void ConsoleObserver::onRunEnd(const training::RunEndEvent& e) {
    if (quiet_) return;
    out_ << "\nAccuracy matrix (row: task tested, column: after learning task)\n"
         << formatMatrix(e.matrix);
    const int last = e.matrix.lastCompleteTask();
    if (last >= 0) {
        const metrics::TaskSummary s = metrics::summarize(e.matrix, last);
        out_ << "Average accuracy " << fixed(s.averageAccuracy) << "  average incremental "
             << fixed(s.averageIncrementalAccuracy) << "  forgetting " << fixed(s.forgetting)
             << " (over T-1 tasks; " << fixed(s.forgettingOverAllTasks) << " over all T)  BWT "
             << fixed(s.backwardTransfer) << "\n";
    }
    out_ << "Status " << training::statusName(e.status) << " after " << fixed(e.seconds, 1) << " s";
    if (!e.error.empty()) out_ << ": " << e.error;
    out_ << std::endl;
}

}  // namespace pf::cli
