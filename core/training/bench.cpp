#include "training/bench.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <ATen/Version.h>
#include <torch/torch.h>

#include "common/error.h"
#include "common/system_info.h"
#include "data/batch_loader.h"
#include "learners/cost_model.h"
#include "learners/learner.h"
#include "learners/step_phases.h"
#include "training/experiment.h"
#include "training/trainer.h"

namespace pf::training {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The phases of the steps timed, as the step helpers end them (learners/step_phases.h); heard
// only while it exists.
class PhaseTimes : public learners::StepPhaseListener {
public:
    PhaseTimes() { previous_ = learners::setStepPhaseListener(this); }
    ~PhaseTimes() override { learners::setStepPhaseListener(previous_); }
    PhaseTimes(const PhaseTimes&) = delete;
    PhaseTimes& operator=(const PhaseTimes&) = delete;

    /// A step begins: its phases count from now.
    void begin() {
        forward = backward = optimizer = 0.0;
        last_ = Clock::now();
    }
    void phaseEnded(learners::StepPhase phase) override {
        const double s = since(last_);
        last_ = Clock::now();
        switch (phase) {
            case learners::StepPhase::Forward:
                forward = s;
                break;
            case learners::StepPhase::Backward:
                backward = s;
                break;
            case learners::StepPhase::Optimizer:
                optimizer = s;
                break;
        }
    }

    double forward = 0.0, backward = 0.0, optimizer = 0.0;

private:
    learners::StepPhaseListener* previous_ = nullptr;
    Clock::time_point last_ = Clock::now();
};

}  // namespace

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

namespace {

// Median GFLOP/s of c = a b, [m, k] x [k, n]; each sample runs long enough (>= 0.2 s) that
// timer and thread wake-up costs vanish.
double matmulRate(std::int64_t m, std::int64_t k, std::int64_t n, int warmup, int repeats) {
    torch::NoGradGuard guard;
    const torch::Tensor a = torch::randn({m, k});
    const torch::Tensor b = torch::randn({k, n});
    torch::Tensor c = torch::empty({m, n});
    const double flops =
        2.0 * static_cast<double>(m) * static_cast<double>(k) * static_cast<double>(n);
    for (int i = 0; i < warmup; ++i)
        torch::mm_out(c, a, b);
    std::vector<double> rates;
    for (int r = 0; r < std::max(1, repeats); ++r) {
        int count = 0;
        const auto start = Clock::now();
        double s = 0.0;
        do {
            torch::mm_out(c, a, b);
            ++count;
            s = since(start);
        } while (s < 0.2);
        rates.push_back(flops * count / s / 1e9);
    }
    return median(rates);
}

}  // namespace

MatmulLimit measureMatmulLimit(int size, int warmup, int repeats) {
    MatmulLimit limit;
    limit.size = size;
    limit.threads = torch::get_num_threads();
    limit.gflops = matmulRate(size, size, size, warmup, repeats);
    return limit;
}

double measureMatmulShape(std::int64_t m, std::int64_t k, std::int64_t n, int repeats) {
    return matmulRate(m, k, n, 3, repeats);
}

LearnerBench benchmarkLearner(Experiment& experiment, const BenchOptions& options,
                              const MatmulLimit& limit) {
    experiment.buildLearner();
    learners::Learner& learner = experiment.learner();
    const data::TaskSequence& sequence = experiment.sequence();
    const data::ImageDataset& dataset = experiment.dataset();
    const TrainerOptions to = experiment.trainerOptions();
    Trainer trainer(to, dataset, sequence, learner);

    const std::vector<std::int64_t> indices = learner.trainingIndices(sequence, 0);
    data::LoaderOptions lo = trainer.trainLoaderOptions();
    const int perRepeat = options.warmupSteps + options.steps;
    if (static_cast<std::int64_t>(indices.size()) <
        static_cast<std::int64_t>(to.training.batchSize))
        throw ConfigError("config key 'batch_size': the first task has " +
                          std::to_string(indices.size()) +
                          " training images, fewer than one batch");
    const learners::TaskInfo info =
        trainer.taskInfo(0, static_cast<std::int64_t>(perRepeat) * options.repeats);
    learner.beginTask(info);
    learner.setLearningRate(to.training.lr);

    LearnerBench out;
    out.learner = experiment.config().options.method;
    out.batchSize = to.training.batchSize;
    out.evalBatchSize = to.training.evalBatchSize;
    out.stepParts = learner.stepParts();
    std::vector<double> data, forward, backward, optimizer, step, trainRate, trainLimit;
    auto limitNow = [&] { return matmulRate(limit.size, limit.size, limit.size, 1, 1); };
    PhaseTimes phases;
    for (int r = 0; r < options.repeats; ++r) {
        if (limit.size > 0) trainLimit.push_back(limitNow());
        lo.seed = 7919ULL * static_cast<std::uint64_t>(r + 1);
        std::optional<data::BatchLoader> loader;
        loader.emplace(dataset.train, indices, sequence.labelMap(), lo);
        double timedSeconds = 0.0;
        std::int64_t timedImages = 0;
        for (int s = 0; s < perRepeat; ++s) {
            const auto start = Clock::now();
            auto batch = loader->next();
            if (!batch) {  // a small task: start another pass
                loader.emplace(dataset.train, indices, sequence.labelMap(), lo);
                batch = loader->next();
            }
            const double loading = since(start);
            phases.begin();
            learner.trainStep(*batch);
            if (to.device.is_cuda()) torch::cuda::synchronize();
            const double total = since(start);
            if (s < options.warmupSteps) continue;
            data.push_back(loading);
            forward.push_back(phases.forward);
            backward.push_back(phases.backward);
            optimizer.push_back(phases.optimizer);
            step.push_back(total);
            timedSeconds += total;
            timedImages += batch->images.size(0);
        }
        trainRate.push_back(static_cast<double>(timedImages) / timedSeconds);
    }
    out.trainImagesPerSecond = median(trainRate);
    out.phases = {median(data), median(forward), median(backward), median(optimizer), median(step)};

    // The cost of the task as trained (before endTask freezes anything).
    const auto* modelled = dynamic_cast<const learners::CostModelled*>(&learner);
    const learners::CostModel cost =
        modelled ? modelled->costModel(to.training.batchSize) : learners::CostModel();

    // End the task as the trainer does (PromptFusion caches its text features, the rehearsal
    // learners choose exemplars; not timed), then evaluate on the first task's test images, as
    // the trainer's evaluation batches them.
    learners::TaskData own;
    own.split = &dataset.train;
    own.indices = sequence.task(0).train;
    own.labelMap = &sequence.labelMap();
    own.transform = trainer.plainTransform();
    own.batchSize = to.training.evalBatchSize;
    learner.endTask(info, own);
    data::LoaderOptions eo;
    eo.batchSize = to.training.evalBatchSize;
    eo.transform = trainer.plainTransform();
    eo.prefetch = to.prefetch;
    eo.device = to.device;
    const data::ImageSplit& split = sequence.evaluatesOnValidation() ? dataset.train : dataset.test;
    std::vector<double> evalRate, evalBatch, evalLimit;
    learner.beginEvaluation();
    for (int r = 0; r < options.repeats; ++r) {
        if (limit.size > 0) evalLimit.push_back(limitNow());
        std::optional<data::BatchLoader> loader;
        loader.emplace(split, sequence.task(0).test, sequence.labelMap(), eo);
        std::int64_t images = 0;
        double seconds = 0.0;
        for (int b = 0; b < options.evalBatches + 1; ++b) {
            const auto start = Clock::now();
            auto batch = loader->next();
            if (!batch) {
                loader.emplace(split, sequence.task(0).test, sequence.labelMap(), eo);
                batch = loader->next();
            }
            (void)learner.predictWithParts(batch->images);
            if (to.device.is_cuda()) torch::cuda::synchronize();  // the time of finished work
            const double s = since(start);
            if (b == 0) continue;  // warm-up
            images += batch->images.size(0);
            seconds += s;
            evalBatch.push_back(s);
        }
        evalRate.push_back(static_cast<double>(images) / seconds);
    }
    learner.endEvaluation();
    out.evalImagesPerSecond = median(evalRate);
    out.evalSecondsPerBatch = median(evalBatch);

    out.trainFlopsPerImage = cost.trainFlops;
    out.evalFlopsPerImage = cost.evalFlops;
    out.trainGflops = out.trainImagesPerSecond * cost.trainFlops / 1e9;
    out.evalGflops = out.evalImagesPerSecond * cost.evalFlops / 1e9;
    out.trainLimitGflops = trainLimit.empty() ? limit.gflops : median(trainLimit);
    out.evalLimitGflops = evalLimit.empty() ? limit.gflops : median(evalLimit);
    if (out.trainLimitGflops > 0.0) out.trainShareOfLimit = out.trainGflops / out.trainLimitGflops;
    if (out.evalLimitGflops > 0.0) out.evalShareOfLimit = out.evalGflops / out.evalLimitGflops;
    out.trainableParameters = learner.trainableParameters();
    out.totalParameters = learner.totalParameters();
    out.model = cost.model;
    if (cost.model.contains("vit")) {
        const nlohmann::json& v = cost.model["vit"];
        const std::int64_t grid =
            v["image_size"].get<std::int64_t>() / v["patch_size"].get<std::int64_t>();
        std::int64_t tokens = grid * grid + 1;
        for (const char* key : {"vpt_length", "prompt_tokens"})
            if (cost.model.contains(key)) tokens += cost.model[key].get<std::int64_t>();
        const std::int64_t d = v["dim"].get<std::int64_t>();
        out.trainShapeGflops =
            measureMatmulShape(to.training.batchSize * tokens, d, 3 * d, options.repeats);
        out.evalShapeGflops =
            measureMatmulShape(to.training.evalBatchSize * tokens, d, 3 * d, options.repeats);
        out.model["vit_tokens"] = tokens;
    }
    out.model["image_size"] = to.training.imageSize > 0 ? to.training.imageSize : dataset.height();
    out.model["channels"] = dataset.channels();
    out.model["batch_size"] = to.training.batchSize;
    out.model["eval_batch_size"] = to.training.evalBatchSize;
    return out;
}

ComputeInfo computeInfo(int threads) {
    ComputeInfo info;
    const SystemInfo si = systemInfo();
    info.blas = si.blas + (si.blasConfig.empty() ? "" : " (" + si.blasConfig + ")");
    info.blasKernel = si.kernel.describe();
    info.blasKernelJson = si.toJson()["blas_kernel"];
    std::istringstream config(at::show_config());
    for (std::string line; std::getline(config, line);) {
        const auto first = line.find_first_not_of(' ');
        if (first == std::string::npos) continue;
        if (line.find("BLAS_INFO") != std::string::npos ||
            line.find("LAPACK_INFO") != std::string::npos ||
            line.find("OpenMP") != std::string::npos)
            info.torchConfig += (info.torchConfig.empty() ? "" : "; ") + line.substr(first);
    }
    info.mainThreads = torch::get_num_threads();
    std::thread([&] { info.workerThreads = applyThreadCount(threads); }).join();
    std::thread([&] { info.freshThreads = torch::get_num_threads(); }).join();
    info.hardwareThreads = hardwareThreads();
    return info;
}

std::int64_t peakResidentBytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
    return 0;
}

nlohmann::json toJson(const MatmulLimit& limit) {
    return {{"size", limit.size}, {"threads", limit.threads}, {"gflops", limit.gflops}};
}

nlohmann::json toJson(const LearnerBench& b) {
    return {{"learner", b.learner},
            {"batch_size", b.batchSize},
            {"eval_batch_size", b.evalBatchSize},
            {"parallel", b.stepParts > 1 ? "batch" : "ops"},
            {"step_parts", b.stepParts},
            {"train_images_per_second", b.trainImagesPerSecond},
            {"eval_images_per_second", b.evalImagesPerSecond},
            {"train_flops_per_image", b.trainFlopsPerImage},
            {"eval_flops_per_image", b.evalFlopsPerImage},
            {"train_gflops", b.trainGflops},
            {"eval_gflops", b.evalGflops},
            {"train_limit_gflops", b.trainLimitGflops},
            {"eval_limit_gflops", b.evalLimitGflops},
            {"train_share_of_limit", b.trainShareOfLimit},
            {"eval_share_of_limit", b.evalShareOfLimit},
            {"train_qkv_shape_gflops", b.trainShapeGflops},
            {"eval_qkv_shape_gflops", b.evalShapeGflops},
            {"seconds_per_step",
             {{"data", b.phases.data},
              {"forward", b.phases.forward},
              {"backward", b.phases.backward},
              {"optimizer", b.phases.optimizer},
              {"total", b.phases.step}}},
            {"eval_seconds_per_batch", b.evalSecondsPerBatch},
            {"trainable_parameters", b.trainableParameters},
            {"total_parameters", b.totalParameters},
            {"model", b.model}};
}

nlohmann::json toJson(const ComputeInfo& i) {
    return {{"blas", i.blas},
            {"blas_kernel", i.blasKernelJson},
            {"torch_config", i.torchConfig},
            {"threads",
             {{"main", i.mainThreads},
              {"worker_after_setting", i.workerThreads},
              {"fresh_thread_default", i.freshThreads},
              {"hardware", i.hardwareThreads}}}};
}

}  // namespace pf::training
