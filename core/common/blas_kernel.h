#pragma once

#include <map>
#include <string>
#include <vector>

/// Which of OpenBLAS's kernels runs LibTorch's matrix products, and choosing a better one.
///
/// Debian 12's OpenBLAS (0.3.21, DYNAMIC_ARCH) picks its kernels from the CPU's family and
/// model. On a model it does not know (Intel family 6 model 207, for one) it falls back to its
/// generic SSE3 "Prescott" kernels: 23.5 GFLOP/s there instead of 145 with Haswell's, and the
/// whole app three times slower. OpenBLAS reads OPENBLAS_CORETYPE once, when it loads, so
/// pfstudio corrects the choice by starting itself again with the variable set
/// (selectKernelAtStartup), before any work.
///
/// Which wider kernel is fastest is measured, not assumed: on that Intel CPU Haswell's beat
/// SkylakeX's AVX-512 kernels (145 against 93 GFLOP/s), on an AMD Zen 5 SkylakeX's and
/// Cooperlake's beat Haswell's. The first start on such a CPU times each candidate on the
/// models' own matrix shapes (a second pfstudio process per kernel, about a second each) and
/// keeps the result in a cache file. pfstudio never picks a kernel that needs an instruction
/// the CPU or the operating system lacks, keeps any choice the user made (OPENBLAS_CORETYPE),
/// and PFSTUDIO_BLAS_KERNEL switches it off ("keep") or names a kernel outright.
namespace pf::blas {

/// The setting: "auto" (or unset) lets pfstudio correct a generic fallback, "keep" leaves
/// OpenBLAS's own choice, "fastest" times the wide kernels against whatever runs (even a
/// kernel OPENBLAS_CORETYPE names) and loads the fastest, a kernel name (e.g. "Haswell") asks
/// for that kernel.
inline constexpr const char* kSettingVariable = "PFSTUDIO_BLAS_KERNEL";
/// OpenBLAS's own variable.
inline constexpr const char* kCoretypeVariable = "OPENBLAS_CORETYPE";
/// Set by pfstudio with OPENBLAS_CORETYPE when it chose the kernel itself:
/// "<chosen>/<replaced>[/<kernel>=<GFLOP/s>,...]".
inline constexpr const char* kChosenVariable = "PFSTUDIO_BLAS_CHOSEN";
/// Set in the processes that time one kernel (see probeMain in common/system_info.h).
inline constexpr const char* kProbeVariable = "PFSTUDIO_BLAS_PROBE";

/// What the CPU can execute: cpuid's feature bits, and whether the operating system saves the
/// AVX and AVX-512 registers (xgetbv), without which those instructions fault.
struct CpuFeatures {
    std::string vendor;  ///< "GenuineIntel", "AuthenticAMD", ... (empty off x86-64)
    int family = 0;      ///< display family (base + extended)
    int model = 0;       ///< display model (base + extended)
    bool sse3 = false, ssse3 = false, sse41 = false, sse42 = false;
    bool sse4a = false;  ///< AMD's SSE4a
    bool avx = false;    ///< AVX, with the OS saving the YMM registers
    bool fma = false;    ///< FMA3
    bool fma4 = false;   ///< AMD's FMA4 (Bulldozer's kernels)
    bool avx2 = false;
    bool avx512 = false;      ///< AVX-512 F, CD, BW, DQ and VL, with the OS saving ZMM
    bool avx512bf16 = false;  ///< AVX512_BF16 (Cooper Lake's kernels use it)
    bool amx = false;         ///< AMX-BF16 and AMX-TILE, with the OS saving tile state

    /// "SSE3 SSSE3 ... AVX-512" as present, for messages.
    std::string describe() const;
    /// Vendor, family, model and features in one line: what a cached measurement is for.
    std::string signature() const;
};

/// The CPU this process runs on (all false off x86-64).
CpuFeatures detectCpu();

/// The kernel families, from generic to widest; a kernel needs its level's instructions.
enum class Level { Generic, Avx, Avx2, Avx512 };

/// One of OpenBLAS's x86-64 kernels, by the name openblas_get_corename() gives.
struct Kernel {
    std::string name;
    Level level = Level::Generic;
    /// The instructions it needs beyond its level, in words ("FMA4", "AVX512_BF16"); empty
    /// when the level says all.
    std::string extra;
};

/// Every x86-64 kernel OpenBLAS 0.3.21 can load, by name (case as OpenBLAS writes it).
const std::vector<Kernel>& kernels();
/// The kernel called `name` (compared ignoring case), or nullptr.
const Kernel* findKernel(const std::string& name);
/// Empty when `cpu` can run `kernel`; otherwise the instructions it lacks.
std::string missingInstructions(const Kernel& kernel, const CpuFeatures& cpu);

/// The wide kernels: Haswell's, SkylakeX's and Cooperlake's, those `cpu` can run.
std::vector<std::string> wideKernels(const CpuFeatures& cpu);
/// The kernels worth timing when OpenBLAS runs `running` on `cpu`: the wide ones, when
/// `running` is narrower than AVX2 (a generic fallback, or AVX only). Empty otherwise (and on a
/// CPU without AVX2 and FMA): nothing to correct.
std::vector<std::string> candidates(const std::string& running, const CpuFeatures& cpu);

/// GFLOP/s per kernel name, as timed on the models' shapes.
using Measurements = std::map<std::string, double>;
/// The fastest of `measured` (empty when none measured above zero).
std::string fastest(const Measurements& measured);

/// What a process starts with.
struct Environment {
    std::string running;   ///< openblas_get_corename() (empty: not OpenBLAS)
    std::string coretype;  ///< OPENBLAS_CORETYPE (empty: unset)
    std::string setting;   ///< PFSTUDIO_BLAS_KERNEL (empty: unset, as "auto")
    std::string chosen;    ///< PFSTUDIO_BLAS_CHOSEN (empty: unset)

    /// This process's, read from its environment and its OpenBLAS.
    static Environment current();
};

/// What to do at startup.
struct Decision {
    enum class Action {
        Keep,     ///< the running kernel stays
        Measure,  ///< time `candidates` (or read their times from the cache), then switch
        Switch,   ///< start again with OPENBLAS_CORETYPE = kernel
        Refuse,   ///< the setting is wrong: `message` says why (exit code 2 on the command line)
    };
    Action action = Action::Keep;
    std::string kernel;                   ///< Switch: the kernel to load
    std::vector<std::string> candidates;  ///< Measure: the kernels to time
    std::string message;                  ///< Refuse: what is wrong with the setting
};

/// The startup decision, a pure function of the environment and the CPU.
Decision decide(const Environment& env, const CpuFeatures& cpu);

/// Who chose the running kernel, and whether it is slower than the CPU allows.
struct Status {
    std::string kernel;  ///< running (empty: the BLAS is not OpenBLAS)
    /// "openblas" (its own detection), "user" (OPENBLAS_CORETYPE), "setting"
    /// (PFSTUDIO_BLAS_KERNEL named it) or "pfstudio" (replaced a generic fallback, or the
    /// fastest of a timing that PFSTUDIO_BLAS_KERNEL=fastest asked for).
    std::string chosenBy;
    std::string replaced;      ///< chosenBy == "pfstudio": the kernel OpenBLAS had picked
    Measurements measured;     ///< chosenBy == "pfstudio": what the choice was made on
    /// Kernels of a wider level that the CPU can run, when the running one is narrower than
    /// AVX2 and pfstudio did not correct it (the user's own choice, the opt-out, or a failed
    /// restart); empty otherwise.
    std::vector<std::string> couldRun;
    std::string settingError;  ///< a wrong PFSTUDIO_BLAS_KERNEL, as Decision::message
    bool optOut = false;       ///< PFSTUDIO_BLAS_KERNEL=keep

    /// One line: "Haswell (chosen by pfstudio over the Prescott kernels OpenBLAS ran; GFLOP/s
    /// on the models' shapes: ...)", "Prescott (OPENBLAS_CORETYPE)", ...
    std::string describe() const;
    /// Why matrix products run slower than this CPU allows, and what to do, or empty.
    std::string slowReason() const;
};

/// The status for `env` on `cpu`.
Status status(const Environment& env, const CpuFeatures& cpu);
/// This process's status.
Status currentStatus();

/// The cache of measurements: a JSON file that holds, for one CPU signature and one OpenBLAS
/// build, the GFLOP/s of each kernel timed. Read returns nothing for another CPU or build.
struct Cache {
    std::string path;  ///< the file ($XDG_CACHE_HOME or ~/.cache, then PromptFusion/...)
    /// The measurements for `cpu` and `openblasConfig`, or empty.
    Measurements read(const std::string& cpu, const std::string& openblasConfig) const;
    /// Keeps `measured` for them (atomically; a failure to write is not an error).
    void write(const std::string& cpu, const std::string& openblasConfig,
               const Measurements& measured) const;
    /// The default location (empty when there is no home folder).
    static Cache standard();
};

/// Times each of `kernels` in a pfstudio process of its own (`executable`, with
/// OPENBLAS_CORETYPE set and PFSTUDIO_BLAS_PROBE=1): GFLOP/s on the models' shapes. A kernel
/// whose process fails, or loads another kernel than the one asked for, is left out.
Measurements measureKernels(const std::string& executable, const std::vector<std::string>& kernels);

/// Called first thing in main(): when decide() says Switch, or Measure and a candidate is
/// faster, sets OPENBLAS_CORETYPE and PFSTUDIO_BLAS_CHOSEN and executes /proc/self/exe again
/// with the same arguments (it does not return then). Returns otherwise: the kernel stays
/// (also when the exec fails, which currentStatus() then reports as a kernel that could be
/// faster).
void selectKernelAtStartup(char** argv);

}  // namespace pf::blas
