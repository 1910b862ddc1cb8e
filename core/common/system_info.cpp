#include "common/system_info.h"

#include <dlfcn.h>
#include <link.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <torch/torch.h>
#include <torch/version.h>
#include <opencv2/core/version.hpp>

#include "common/version.h"

namespace pf {
namespace {

// Finds a loaded shared object whose file name mentions "blas" (libblas.so.3 is an alternatives
// symlink on Debian: resolving it tells OpenBLAS from the slow reference BLAS).
int findBlas(dl_phdr_info* info, size_t, void* data) {
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    const std::string base = std::filesystem::path(name).filename().string();
    if (base.find("blas") == std::string::npos) return 0;
    std::error_code ec;
    const auto resolved = std::filesystem::canonical(name, ec);
    auto* out = static_cast<std::string*>(data);
    const std::string path = ec ? name : resolved.string();
    // Prefer the generic libblas entry point (what LibTorch calls) over libopenblas.so.0.
    if (out->empty() || base.rfind("libblas", 0) == 0) *out = path;
    return 0;
}

std::string describeBlas(const std::string& path) {
    if (path.empty()) return "none found";
    if (path.find("openblas") != std::string::npos) {
        const bool openmp = path.find("openmp") != std::string::npos;
        const bool pthread = path.find("pthread") != std::string::npos;
        return std::string("OpenBLAS") +
               (openmp    ? " (OpenMP)"
                : pthread ? " (pthreads)"
                          : "") +
               " - " + path;
    }
    if (path.find("/blas/") != std::string::npos)
        return "reference BLAS (slow: install libopenblas0-openmp) - " + path;
    if (path.find("mkl") != std::string::npos) return "Intel MKL - " + path;
    if (path.find("blis") != std::string::npos) return "BLIS - " + path;
    return path;
}

}  // namespace

int hardwareThreads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

int applyThreadCount(int threads) {
    const int n = threads > 0 ? threads : hardwareThreads();
    // LibTorch initialises a thread's count lazily, at its first parallel op, from the count
    // some thread set last; initialise it first, so that this thread's own count stays.
    (void)torch::get_num_threads();
    torch::set_num_threads(n);
    return torch::get_num_threads();
}

int useCallingThreadOnly() {
    return applyThreadCount(1);
}

SystemInfo systemInfo() {
    SystemInfo s;
    s.appVersion = kVersion;
    s.torch = TORCH_VERSION;
    s.opencv = CV_VERSION;
    s.sqlite = sqlite3_libversion();
    std::string blasPath;
    dl_iterate_phdr(findBlas, &blasPath);
    s.blas = describeBlas(blasPath);
    using ConfigFn = char* (*)();
    if (auto fn = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config")))
        s.blasConfig = fn();
    s.threads = torch::get_num_threads();
    s.cores = hardwareThreads();
    s.cudaDevices = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    return s;
}

nlohmann::json SystemInfo::toJson() const {
    return {{"app", appVersion},  {"torch", torch}, {"opencv", opencv},
            {"sqlite", sqlite},   {"blas", blas},   {"blas_config", blasConfig},
            {"threads", threads}, {"cores", cores}, {"cuda_devices", cudaDevices}};
}

}  // namespace pf
