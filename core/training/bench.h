#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

/// `pfstudio bench`: how fast training and evaluation run on this machine, measured against
/// the machine's own limit (sustained fp32 matrix products of LibTorch at the thread count in
/// use). Torch-free header: the command line includes it without LibTorch's headers.
namespace pf::training {

class Experiment;

struct BenchOptions {
    int warmupSteps = 5;    ///< training steps before timing (allocations, caches)
    int steps = 20;         ///< timed training steps per repetition
    int repeats = 3;        ///< repetitions; medians are reported
    int evalBatches = 8;    ///< timed evaluation batches per repetition
    int matmulSize = 1024;  ///< side of the square products that measure the limit
};

/// The limit: sustained GFLOP/s of an n x n x n fp32 product (torch::mm), median of repeats.
struct MatmulLimit {
    int size = 0;
    int threads = 0;
    double gflops = 0.0;
};

/// Medians over the repetitions, seconds per training step.
struct PhaseSplit {
    double data = 0.0;       ///< loading, augmenting and normalising the batch
    double forward = 0.0;    ///< forward pass and loss
    double backward = 0.0;   ///< backward pass
    double optimizer = 0.0;  ///< gradient clipping and the optimizer step
    double step = 0.0;       ///< the whole step, data included
};

struct LearnerBench {
    std::string learner;
    int batchSize = 0;
    int evalBatchSize = 0;
    int stepParts = 1;                  ///< parts a training step is split into (config `parallel`)
    double trainImagesPerSecond = 0.0;  ///< data time included
    double evalImagesPerSecond = 0.0;
    double trainFlopsPerImage = 0.0;  ///< analytic (metrics/flops.h), forward + backward
    double evalFlopsPerImage = 0.0;
    double trainGflops = 0.0;  ///< achieved: images/s x FLOPs per image
    double evalGflops = 0.0;
    /// The limit measured again just before each training / evaluation repetition (one sample
    /// each, median): this machine's speed drifts, and a share is only meaningful against the
    /// limit of the same minutes.
    double trainLimitGflops = 0.0;
    double evalLimitGflops = 0.0;
    double trainShareOfLimit = 0.0;  ///< achieved / trainLimitGflops
    double evalShareOfLimit = 0.0;   ///< achieved / evalLimitGflops
    /// GFLOP/s of a product at the ViT's own qkv shape, [batch x tokens, D] x [D, 3D], for the
    /// training and the evaluation batch: what these thin shapes reach (0: no ViT).
    double trainShapeGflops = 0.0;
    double evalShapeGflops = 0.0;
    PhaseSplit phases;
    double evalSecondsPerBatch = 0.0;
    std::int64_t trainableParameters = 0;
    std::int64_t totalParameters = 0;
    nlohmann::json model;  ///< every dimension the FLOPs come from, plus the batch sizes
};

/// The BLAS library and thread counts as LibTorch sees them.
struct ComputeInfo {
    std::string blas;        ///< the BLAS library loaded in this process (its file), and config
    std::string blasKernel;  ///< OpenBLAS's kernel and who chose it (blas::Status::describe)
    nlohmann::json blasKernelJson;  ///< the same as SystemInfo's "blas_kernel"
    std::string torchConfig;        ///< LibTorch's own build summary (BLAS_INFO, ...)
    int mainThreads = 0;            ///< intra-op threads of the calling thread
    int workerThreads = 0;          ///< of a fresh worker thread after the run's thread setting
    int freshThreads = 0;     ///< of a fresh thread that sets nothing (OpenMP's per-thread default)
    int hardwareThreads = 0;  ///< std::thread::hardware_concurrency
};

/// Measures the limit on the calling thread, at its thread count.
MatmulLimit measureMatmulLimit(int size, int warmup, int repeats);

/// GFLOP/s of an [m, k] x [k, n] fp32 product on the calling thread, median of repeats: what
/// the model's own (thin) shapes can reach, next to the square limit.
double measureMatmulShape(std::int64_t m, std::int64_t k, std::int64_t n, int repeats);

/// Trains the experiment's learner on its first task's data (without recording anything) and
/// evaluates on that task's test data, timing each phase. The experiment is prepared and its
/// learner built on the calling thread.
LearnerBench benchmarkLearner(Experiment& experiment, const BenchOptions& options,
                              const MatmulLimit& limit);

/// `threads` as the run would set it (0 = all cores), checked in a worker thread.
ComputeInfo computeInfo(int threads);

/// The median of `values` (the mean of the middle two for an even count; 0 when empty): what
/// every benchmark here reports.
double median(std::vector<double> values);

/// Peak resident memory of this process so far, bytes (VmHWM).
std::int64_t peakResidentBytes();

nlohmann::json toJson(const MatmulLimit& limit);
nlohmann::json toJson(const LearnerBench& bench);
nlohmann::json toJson(const ComputeInfo& info);

}  // namespace pf::training
