#pragma once

#include <string>

#include <nlohmann/json.hpp>

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
    int threads = 0;         ///< intra-op threads of the calling thread
    int cores = 0;           ///< hardware threads of the machine
    int cudaDevices = 0;     ///< CUDA devices LibTorch can use (0: CPU-only build or no GPU)

    nlohmann::json toJson() const;
};

/// Collects SystemInfo for the calling thread.
SystemInfo systemInfo();

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
