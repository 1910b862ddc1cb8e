#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/blas_kernel.h"

/// What the app runs on: library versions, the BLAS that LibTorch's matmul really uses, and
/// compute threads. Torch-free header; the About box and `pfstudio version` show it.
namespace pf {

struct SystemInfo {
    std::string appVersion;  ///< PromptFusion Studio's version
    std::string torch;       ///< LibTorch version
    std::string opencv;      ///< OpenCV version
    std::string sqlite;      ///< SQLite library version
    std::string blas;        ///< the BLAS library loaded, resolved through symlinks
    std::string blasConfig;  ///< OpenBLAS's own build description, when it is OpenBLAS
    blas::Status kernel;     ///< OpenBLAS's kernel: which, chosen by whom, and a faster one
    int threads = 0;         ///< intra-op threads of the calling thread
    int cores = 0;           ///< hardware threads of the machine
    int cudaDevices = 0;     ///< CUDA devices LibTorch can use (0: CPU-only build or no GPU)

    nlohmann::json toJson() const;
};

/// Collects SystemInfo for the calling thread.
SystemInfo systemInfo();

/// Why LibTorch's matrix products run slower than this machine allows, with the rate they run
/// at ("matrix products run at 23.5 GFLOP/s: OpenBLAS runs its Prescott kernels, ..."), or
/// empty when nothing is known to be wrong. Measures (about 0.1 s) only when something is: the
/// reference BLAS, or an OpenBLAS kernel narrower than the CPU runs that pfstudio could not
/// correct (the user's own choice, or PFSTUDIO_BLAS_KERNEL=keep).
std::string slowMatrixProducts(const SystemInfo& info);

/// GFLOP/s of n x n x n fp32 products on the calling thread's threads, the best of a few.
double matmulGflops(int n = 512);

/// GFLOP/s of the products a training step of the built-in models is made of, at the training
/// and evaluation batches (21 tokens x 32 and x 256 images): a [rows, 64] x [64, 192]
/// projection, its input gradient and its weight gradient; their FLOPs over their best times.
double modelShapedGflops();

/// The main() of a process started to time one OpenBLAS kernel (blas::measureKernels): prints
/// "<kernel loaded> <modelShapedGflops() on every core>" and returns 0.
int blasProbeMain();

/// Sets LibTorch's intra-op (and so OpenMP and OpenBLAS) threads *of the calling thread*:
/// OpenMP settings are per thread, so the training thread calls this itself.
/// `threads` <= 0 means every core. Returns the count in effect.
int applyThreadCount(int threads);

/// For every thread that uses LibTorch but does not train (the GUI, previews, data
/// prefetching): its LibTorch work runs on the calling thread alone. Each thread that runs a
/// parallel op keeps its own team of OpenMP workers, and with more workers than cores libgomp
/// stops spinning at barriers, so the training team's many short parallel ops wait for workers
/// to wake up: a run trained at ~55% of its headless speed in the GUI until the GUI and preview
/// threads stopped keeping teams of their own. Returns the count in effect (1).
int useCallingThreadOnly();

/// Hardware threads of the machine (at least 1).
int hardwareThreads();

}  // namespace pf
