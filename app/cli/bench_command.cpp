#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <QCoreApplication>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "cli_common.h"
#include "commands.h"
#include "common/blas_kernel.h"
#include "common/system_info.h"
#include "models/fused_ops.h"
#include "training/bench.h"
#include "training/experiment.h"

namespace pf::cli {
namespace {

std::string format(const char* spec, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, spec, value);
    return buffer;
}

std::string percent(double part, double whole) {
    return whole > 0.0 ? format("%.0f%%", 100.0 * part / whole) : "-";
}

std::string report(const training::LearnerBench& b) {
    const training::PhaseSplit& p = b.phases;
    std::string t;
    t += b.learner + " (batch " + std::to_string(b.batchSize) + ", eval batch " +
         std::to_string(b.evalBatchSize) + "; " + std::to_string(b.trainableParameters) +
         " trainable of " + std::to_string(b.totalParameters) + " parameters" +
         (b.stepParts > 1 ? "; steps split by batch into " + std::to_string(b.stepParts) + " parts"
                          : std::string()) +
         ")\n";
    t += "  training    " + format("%8.1f", b.trainImagesPerSecond) + " images/s  " +
         format("%6.2f", b.trainFlopsPerImage / 1e6) + " MFLOP/image  " +
         format("%6.2f", b.trainGflops) +
         " GFLOP/s = " + percent(b.trainGflops, b.trainLimitGflops) + " of the limit (" +
         format("%.1f", b.trainLimitGflops) + " GFLOP/s, measured between its repetitions)\n";
    t += "  evaluation  " + format("%8.1f", b.evalImagesPerSecond) + " images/s  " +
         format("%6.2f", b.evalFlopsPerImage / 1e6) + " MFLOP/image  " +
         format("%6.2f", b.evalGflops) + " GFLOP/s = " + percent(b.evalGflops, b.evalLimitGflops) +
         " of the limit (" + format("%.1f", b.evalLimitGflops) + ")\n";
    if (b.trainShapeGflops > 0.0)
        t += "  the ViT's qkv product alone, [batch x tokens, D] x [D, 3D]: " +
             format("%.1f", b.trainShapeGflops) + " GFLOP/s at the training batch (" +
             percent(b.trainShapeGflops, b.trainLimitGflops) + "), " +
             format("%.1f", b.evalShapeGflops) + " at the evaluation batch (" +
             percent(b.evalShapeGflops, b.evalLimitGflops) + ")\n";
    const double other = std::max(0.0, p.step - p.data - p.forward - p.backward - p.optimizer);
    t += "  step " + format("%.2f", 1e3 * p.step) + " ms: data " + format("%.2f", 1e3 * p.data) +
         " (" + percent(p.data, p.step) + "), forward " + format("%.2f", 1e3 * p.forward) + " (" +
         percent(p.forward, p.step) + "), backward " + format("%.2f", 1e3 * p.backward) + " (" +
         percent(p.backward, p.step) + "), optimizer " + format("%.2f", 1e3 * p.optimizer) + " (" +
         percent(p.optimizer, p.step) + "), other " + format("%.2f", 1e3 * other) + "\n";
    t += "  evaluation batch " + format("%.2f", 1e3 * b.evalSecondsPerBatch) + " ms\n";
    t += "  model " + b.model.dump() + "\n";
    return t;
}

// `bench --blas-kernels`: every kernel this CPU can run of those that matter on x86-64 (the
// generic ones OpenBLAS falls back to, and each family's widest), timed as pfstudio times its
// candidates at startup.
int benchBlasKernels(bool jsonOut) {
    const blas::CpuFeatures cpu = blas::detectCpu();
    const blas::Status now = blas::currentStatus();
    if (now.kernel.empty()) {
        printError("bench: LibTorch's BLAS here is not OpenBLAS: no kernels to choose from");
        return kBadInput;
    }
    std::vector<std::string> names;
    for (const char* k :
         {"Prescott", "Nehalem", "Sandybridge", "Haswell", "Zen", "SkylakeX", "Cooperlake"})
        if (blas::missingInstructions(*blas::findKernel(k), cpu).empty()) names.push_back(k);
    const blas::Measurements measured =
        blas::measureKernels(QCoreApplication::applicationFilePath().toStdString(), names);
    const std::string best = blas::fastest(measured);
    if (jsonOut) {
        nlohmann::json gflops = nlohmann::json::object();
        for (const auto& [name, rate] : measured)
            gflops[name] = rate;
        printOut(nlohmann::json({{"cpu", cpu.signature()},
                                 {"running", now.kernel},
                                 {"chosen_by", now.chosenBy},
                                 {"fastest", best},
                                 {"gflops", gflops}})
                     .dump() +
                 "\n");
        return kOk;
    }
    std::string text = "CPU: " + cpu.signature() + "\n";
    text += "Running: " + now.describe() + "\n";
    text +=
        "GFLOP/s on the models' shapes (21 tokens x 32 and x 256 images, a [rows, 64] x "
        "[64, 192] projection and both its gradients), every core:\n";
    for (const std::string& k : names) {
        const auto it = measured.find(k);
        text += "  " + k + std::string(k.size() < 12 ? 12 - k.size() : 1, ' ') +
                (it == measured.end() ? std::string("failed") : format("%7.1f", it->second)) +
                (k == best ? "  fastest" : "") + (k == now.kernel ? "  (running)" : "") + "\n";
    }
    printOut(text);
    return kOk;
}

}  // namespace

int benchCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const ConfigOptions source;
    const QCommandLineOption learner(
        QStringLiteral("learner"),
        QStringLiteral("A learner to measure (repeatable; default: the config's method)."),
        QStringLiteral("NAME"));
    const QCommandLineOption steps(QStringLiteral("steps"),
                                   QStringLiteral("Timed training steps per repetition (20)."),
                                   QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption repeats(QStringLiteral("repeats"),
                                     QStringLiteral("Repetitions; medians are reported (3)."),
                                     QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption kernels(
        QStringLiteral("kernels"),
        QStringLiteral(
            "fused: the fused CPU kernels (attention, LayerNorm, QuickGELU) where they apply "
            "(default); reference: LibTorch's own operations, for comparison."),
        QStringLiteral("KIND"), QStringLiteral("fused"));
    const QCommandLineOption blasKernels(
        QStringLiteral("blas-kernels"),
        QStringLiteral("Time each OpenBLAS kernel this CPU can run on the models' matrix "
                       "shapes (a process per kernel) instead, and say which runs now."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({source.preset, source.file, source.set, source.device, learner, steps,
                       repeats, kernels, blasKernels, json});
    if (auto code = parseCommand(
            parser, arguments,
            QStringLiteral(
                "pfstudio bench [--preset NAME | --config FILE.json] [--set key=value]... "
                "[--device D] [--learner NAME]... [--steps N] [--repeats N] "
                "[--kernels fused|reference] [--json]\n"
                "       pfstudio bench --blas-kernels [--json]\n"
                "Measures the machine's limit (sustained fp32 matrix products at the run's "
                "thread count) and, per learner, training and evaluation images/s, achieved "
                "GFLOP/s (FLOPs counted from the model's shapes) as a share of that limit, the "
                "split of a step into data, forward, backward and optimizer, and peak memory. "
                "Trains on the first task of the config (fmnist-seen-cil by default); stores "
                "nothing.\n"
                "pfstudio bench --history N [--compare K] [--repeats R] [--json] times the run "
                "history instead (see its --help).")))
        return *code;
    if (parser.isSet(blasKernels)) return benchBlasKernels(parser.isSet(json));
    if (parser.isSet(source.preset) && parser.isSet(source.file)) {
        printError(
            QStringLiteral("bench: give at most one of --preset NAME or --config FILE.json"));
        return kBadInput;
    }
    bool okSteps = false, okRepeats = false;
    training::BenchOptions options;
    options.steps = parser.value(steps).toInt(&okSteps);
    options.repeats = parser.value(repeats).toInt(&okRepeats);
    if (!okSteps || options.steps < 1 || options.steps > 100000) {
        printError(
            QStringLiteral("bench: --steps must be a whole number from 1 to 100000, not '%1'")
                .arg(parser.value(steps)));
        return kBadInput;
    }
    if (!okRepeats || options.repeats < 1 || options.repeats > 1000) {
        printError(
            QStringLiteral("bench: --repeats must be a whole number from 1 to 1000, not '%1'")
                .arg(parser.value(repeats)));
        return kBadInput;
    }
    const QString kernelKind = parser.value(kernels);
    if (kernelKind != QLatin1String("fused") && kernelKind != QLatin1String("reference")) {
        printError(QStringLiteral("bench: --kernels must be 'fused' or 'reference', not '%1'")
                       .arg(kernelKind));
        return kBadInput;
    }
    models::setFusedKernels(kernelKind == QLatin1String("fused"));

    return guarded([&] {
        const std::vector<std::string> overrides = source.overrides(parser);
        auto configFor = [&](const std::string& method) {
            std::vector<std::string> o = overrides;
            if (!method.empty()) o.push_back("method=" + method);
            return parser.isSet(source.file)
                       ? config::ExperimentConfig::fromFile(parser.value(source.file).toStdString(),
                                                            o)
                       : config::ExperimentConfig::fromPreset(
                             parser.isSet(source.preset) ? parser.value(source.preset).toStdString()
                                                         : std::string("fmnist-seen-cil"),
                             o);
        };
        std::vector<std::string> learners;
        for (const QString& l : parser.values(learner))
            learners.push_back(l.toStdString());
        if (learners.empty()) learners.push_back("");
        // Every config is read (and so checked) before anything is measured.
        std::vector<config::ExperimentConfig> configs;
        for (const std::string& l : learners)
            configs.push_back(configFor(l));

        const int threads = applyThreadCount(configs.front().options.system.threads);
        const training::ComputeInfo compute =
            training::computeInfo(configs.front().options.system.threads);
        const training::MatmulLimit limit =
            training::measureMatmulLimit(options.matmulSize, 3, options.repeats * 3);
        nlohmann::json results = nlohmann::json::array();
        std::string text = "Limit: " + format("%.1f", limit.gflops) + " GFLOP/s (fp32 " +
                           std::to_string(limit.size) + "^3 matrix products, " +
                           std::to_string(limit.threads) + " threads, median)\n";
        text += "BLAS: " + compute.blas + "\n";
        text += "BLAS kernel: " + compute.blasKernel + "\n";
        text += "Threads: main " + std::to_string(compute.mainThreads) + ", worker after setting " +
                std::to_string(compute.workerThreads) + ", fresh thread " +
                std::to_string(compute.freshThreads) + ", hardware " +
                std::to_string(compute.hardwareThreads) + "\n";
        text += std::string("Kernels: ") +
                (models::fusedKernelsEnabled()
                     ? "fused CPU attention, LayerNorm and QuickGELU (AVX2/FMA) where they apply"
                     : "LibTorch's own operations") +
                "\n\n";
        for (const config::ExperimentConfig& config : configs) {
            training::Experiment experiment(config);
            applyThreadCount(threads);
            const training::LearnerBench b = training::benchmarkLearner(experiment, options, limit);
            results.push_back(training::toJson(b));
            text += report(b);
        }
        const std::int64_t peak = training::peakResidentBytes();
        text += "\nPeak resident memory " + format("%.0f", peak / 1048576.0) + " MiB\n";
        if (parser.isSet(json)) {
            printOut(
                nlohmann::json{{"limit", training::toJson(limit)},
                               {"compute", training::toJson(compute)},
                               {"learners", results},
                               {"peak_resident_bytes", peak},
                               {"kernels", models::fusedKernelsEnabled() ? "fused" : "reference"},
                               {"options",
                                {{"warmup_steps", options.warmupSteps},
                                 {"steps", options.steps},
                                 {"repeats", options.repeats},
                                 {"eval_batches", options.evalBatches}}}}
                    .dump(1) +
                "\n");
        } else {
            printOut(text);
        }
        return kOk;
    });
}

}  // namespace pf::cli
