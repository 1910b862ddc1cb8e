#include "common/system_info.h"

#include <dlfcn.h>
#include <link.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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
    s.kernel = blas::currentStatus();
    s.threads = torch::get_num_threads();
    s.cores = hardwareThreads();
    s.cudaDevices = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    return s;
}

double matmulGflops(int n) {
    torch::NoGradGuard guard;
    const torch::Tensor a = torch::rand({n, n}), b = torch::rand({n, n});
    torch::Tensor c = torch::mm(a, b);  // warms the BLAS's threads and buffers
    double best = 0.0;
    for (int i = 0; i < 5; ++i) {
        const auto start = std::chrono::steady_clock::now();
        torch::mm_out(c, a, b);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (s > 0.0) best = std::max(best, 2.0 * n * n * n / s / 1e9);
    }
    return best;
}

double modelShapedGflops() {
    torch::NoGradGuard guard;
    double flops = 0.0, seconds = 0.0;
    for (const std::int64_t rows : {21 * 32, 21 * 256}) {
        const torch::Tensor x = torch::rand({rows, 64}), w = torch::rand({64, 192});
        const torch::Tensor g = torch::rand({rows, 192});
        const std::pair<torch::Tensor, torch::Tensor> products[] = {
            {x, w}, {g, w.t()}, {x.t(), g}};  // forward, input gradient, weight gradient
        for (const auto& [a, b] : products) {
            torch::Tensor c = torch::mm(a, b);
            const double each = 2.0 * a.size(0) * a.size(1) * b.size(1);
            // Best of 3 rounds of at least 20 ms each.
            double best = 1e30;
            for (int round = 0; round < 3; ++round) {
                int n = 0;
                const auto start = std::chrono::steady_clock::now();
                double s = 0.0;
                do {
                    torch::mm_out(c, a, b);
                    ++n;
                    s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                            .count();
                } while (s < 0.02);
                best = std::min(best, s / n);
            }
            flops += each;
            seconds += best;
        }
    }
    return flops / seconds / 1e9;
}

int blasProbeMain() {
    applyThreadCount(0);
    const double gflops = modelShapedGflops();
    using CorenameFn = char* (*)();
    const auto fn = reinterpret_cast<CorenameFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    std::printf("%s %.2f\n", fn ? fn() : "none", gflops);
    return 0;
}

std::string slowMatrixProducts(const SystemInfo& info) {
    std::string why;
    if (info.blas.rfind("reference BLAS", 0) == 0)
        why = "LibTorch uses the reference BLAS (install libopenblas0-openmp)";
    else
        why = info.kernel.slowReason();
    if (why.empty()) return {};
    // On a thread of its own with every core, as training runs: the caller (the GUI thread)
    // may keep a single thread, and the new thread's team ends with it.
    double gflops = 0.0;
    std::thread([&] {
        applyThreadCount(0);
        gflops = matmulGflops();
    }).join();
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", gflops);
    return std::string("matrix products run at ") + rate + " GFLOP/s: " + why;
}

nlohmann::json SystemInfo::toJson() const {
    nlohmann::json k = {{"name", kernel.kernel},
                        {"chosen_by", kernel.chosenBy},
                        {"replaced", kernel.replaced},
                        {"could_run", kernel.couldRun},
                        {"measured", kernel.measured}};
    return {{"app", appVersion},    {"torch", torch},   {"opencv", opencv},
            {"sqlite", sqlite},     {"blas", blas},     {"blas_config", blasConfig},
            {"blas_kernel", k},     {"threads", threads}, {"cores", cores},
            {"cuda_devices", cudaDevices}};
}

}  // namespace pf
