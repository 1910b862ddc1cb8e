#include "common/blas_kernel.h"

#include <dlfcn.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"

extern char** environ;

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define PF_HAVE_CPUID 1
#endif

namespace pf::blas {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool sameName(const std::string& a, const std::string& b) {
    return lower(a) == lower(b);
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string variable(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

#if defined(PF_HAVE_CPUID)
std::uint64_t xgetbv0() {
    std::uint32_t eax = 0, edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (static_cast<std::uint64_t>(edx) << 32) | eax;
}
#endif

}  // namespace

std::string CpuFeatures::describe() const {
    std::string s;
    auto add = [&](bool on, const char* name) {
        if (on) s += (s.empty() ? "" : " ") + std::string(name);
    };
    add(sse3, "SSE3");
    add(ssse3, "SSSE3");
    add(sse41, "SSE4.1");
    add(sse42, "SSE4.2");
    add(sse4a, "SSE4a");
    add(avx, "AVX");
    add(fma, "FMA");
    add(fma4, "FMA4");
    add(avx2, "AVX2");
    add(avx512, "AVX-512");
    add(avx512bf16, "AVX512_BF16");
    add(amx, "AMX");
    return s.empty() ? "no SSE3" : s;
}

std::string CpuFeatures::signature() const {
    return vendor + " family " + std::to_string(family) + " model " + std::to_string(model) +
           ": " + describe();
}

CpuFeatures detectCpu() {
    CpuFeatures f;
#if defined(PF_HAVE_CPUID)
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return f;
    const unsigned maxLeaf = eax;
    char vendor[13] = {};
    std::memcpy(vendor, &ebx, 4);
    std::memcpy(vendor + 4, &edx, 4);
    std::memcpy(vendor + 8, &ecx, 4);
    f.vendor = vendor;
    __get_cpuid(1, &eax, &ebx, &ecx, &edx);
    const int baseFamily = static_cast<int>((eax >> 8) & 0xf);
    const int baseModel = static_cast<int>((eax >> 4) & 0xf);
    f.family = baseFamily == 0xf ? baseFamily + static_cast<int>((eax >> 20) & 0xff) : baseFamily;
    f.model = baseFamily == 0x6 || baseFamily == 0xf
                  ? baseModel + (static_cast<int>((eax >> 16) & 0xf) << 4)
                  : baseModel;
    f.sse3 = ecx & (1u << 0);
    f.ssse3 = ecx & (1u << 9);
    const bool fma = ecx & (1u << 12);
    f.sse41 = ecx & (1u << 19);
    f.sse42 = ecx & (1u << 20);
    const bool osxsave = ecx & (1u << 27);
    const bool avx = ecx & (1u << 28);
    // The OS must save the YMM (XCR0 bits 1-2) and, for AVX-512, the opmask and ZMM state
    // (bits 5-7); otherwise the instructions fault whatever cpuid says.
    const std::uint64_t xcr0 = osxsave ? xgetbv0() : 0;
    const bool osYmm = (xcr0 & 0x6) == 0x6;
    const bool osZmm = osYmm && (xcr0 & 0xe0) == 0xe0;
    f.avx = avx && osYmm;
    f.fma = fma && f.avx;
    if (maxLeaf >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        const unsigned subleaves = eax;
        f.avx2 = f.avx && (ebx & (1u << 5));
        const unsigned avx512Bits = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
        f.avx512 = osZmm && (ebx & avx512Bits) == avx512Bits;  // F, DQ, CD, BW, VL
        const bool amxTile = edx & (1u << 24), amxBf16 = edx & (1u << 22);
        const bool osAmx = (xcr0 & 0x60000) == 0x60000;  // XTILECFG, XTILEDATA
        f.amx = amxTile && amxBf16 && osAmx;
        if (subleaves >= 1) {
            __cpuid_count(7, 1, eax, ebx, ecx, edx);
            f.avx512bf16 = f.avx512 && (eax & (1u << 5));
        }
    }
    __get_cpuid(0x80000000, &eax, &ebx, &ecx, &edx);
    if (eax >= 0x80000001) {
        __get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx);
        f.sse4a = ecx & (1u << 6);
        f.fma4 = f.avx && (ecx & (1u << 16));
    }
#endif
    return f;
}

const std::vector<Kernel>& kernels() {
    // The names openblas_get_corename() returns for x86-64 (driver/others/dynamic.c), what
    // each kernel family is written for, and the instructions some need beyond their level.
    static const std::vector<Kernel> all = {
        {"Prescott", Level::Generic, ""},
        {"Katmai", Level::Generic, ""},
        {"Coppermine", Level::Generic, ""},
        {"Northwood", Level::Generic, ""},
        {"Banias", Level::Generic, ""},
        {"Athlon", Level::Generic, ""},
        {"Opteron", Level::Generic, ""},
        {"Opteron_SSE3", Level::Generic, ""},
        {"Core2", Level::Generic, "SSSE3"},
        {"Penryn", Level::Generic, "SSSE3"},
        {"Dunnington", Level::Generic, "SSSE3"},
        {"Atom", Level::Generic, "SSSE3"},
        {"Nano", Level::Generic, "SSSE3"},
        {"Nehalem", Level::Generic, "SSE4.2"},
        {"Barcelona", Level::Generic, "SSE4a"},
        {"Bobcat", Level::Generic, "SSE4a"},
        {"Sandybridge", Level::Avx, ""},
        {"Bulldozer", Level::Avx, "FMA4"},
        {"Piledriver", Level::Avx, "FMA FMA4"},
        {"Steamroller", Level::Avx, "FMA FMA4"},
        {"Excavator", Level::Avx, "FMA FMA4"},
        {"Haswell", Level::Avx2, ""},
        {"Zen", Level::Avx2, ""},
        {"SkylakeX", Level::Avx512, ""},
        {"Cooperlake", Level::Avx512, "AVX512_BF16"},
        {"SapphireRapids", Level::Avx512, "AVX512_BF16 AMX"},
    };
    return all;
}

const Kernel* findKernel(const std::string& name) {
    for (const Kernel& k : kernels())
        if (sameName(k.name, name)) return &k;
    return nullptr;
}

std::string missingInstructions(const Kernel& kernel, const CpuFeatures& cpu) {
    std::string missing;
    auto need = [&](bool have, const char* what) {
        if (!have) missing += (missing.empty() ? "" : ", ") + std::string(what);
    };
    need(cpu.sse3, "SSE3");
    switch (kernel.level) {
    case Level::Avx512: need(cpu.avx512, "AVX-512"); [[fallthrough]];
    case Level::Avx2: need(cpu.avx2, "AVX2"); need(cpu.fma, "FMA"); [[fallthrough]];
    case Level::Avx: need(cpu.avx, "AVX"); break;
    case Level::Generic: break;
    }
    const std::string& extra = kernel.extra;
    auto wants = [&](const char* what) {
        const std::string w = what;
        std::size_t at = extra.find(w);
        while (at != std::string::npos) {
            const std::size_t end = at + w.size();
            if ((at == 0 || extra[at - 1] == ' ') && (end == extra.size() || extra[end] == ' '))
                return true;
            at = extra.find(w, at + 1);
        }
        return false;
    };
    if (wants("SSSE3")) need(cpu.ssse3, "SSSE3");
    if (wants("SSE4.2")) need(cpu.sse42, "SSE4.2");
    if (wants("SSE4a")) need(cpu.sse4a, "SSE4a");
    if (wants("FMA")) need(cpu.fma, "FMA");
    if (wants("FMA4")) need(cpu.fma4, "FMA4");
    if (wants("AVX512_BF16")) need(cpu.avx512bf16, "AVX512_BF16");
    if (wants("AMX")) need(cpu.amx, "AMX");
    return missing;
}

std::vector<std::string> wideKernels(const CpuFeatures& cpu) {
    std::vector<std::string> out;
    for (const char* name : {"Haswell", "SkylakeX", "Cooperlake"}) {
        const Kernel* k = findKernel(name);
        if (missingInstructions(*k, cpu).empty()) out.push_back(k->name);
    }
    return out;
}

std::vector<std::string> candidates(const std::string& running, const CpuFeatures& cpu) {
    const Kernel* now = findKernel(running);
    if (!now || now->level >= Level::Avx2) return {};
    return wideKernels(cpu);
}

std::string fastest(const Measurements& measured) {
    std::string best;
    double rate = 0.0;
    for (const auto& [name, gflops] : measured)
        if (gflops > rate) {
            best = name;
            rate = gflops;
        }
    return best;
}

Environment Environment::current() {
    Environment e;
    using CorenameFn = char* (*)();
    if (auto fn = reinterpret_cast<CorenameFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename")))
        if (const char* name = fn()) e.running = name;
    e.coretype = variable(kCoretypeVariable);
    e.setting = variable(kSettingVariable);
    e.chosen = variable(kChosenVariable);
    return e;
}

namespace {

// pfstudio's own choice when it is still in force (OPENBLAS_CORETYPE as pfstudio set it):
// PFSTUDIO_BLAS_CHOSEN = "<chosen>/<replaced>[/<kernel>=<GFLOP/s>,...]".
struct OwnChoice {
    std::string chosen, replaced;
    Measurements measured;
};

OwnChoice ownChoice(const Environment& env) {
    OwnChoice own;
    std::vector<std::string> parts;
    std::stringstream in(env.chosen);
    for (std::string part; std::getline(in, part, '/');)
        parts.push_back(part);
    if (parts.empty() || env.coretype.empty() || !sameName(parts[0], env.coretype)) return own;
    own.chosen = parts[0];
    if (parts.size() > 1) own.replaced = parts[1];
    if (parts.size() > 2) {
        std::stringstream list(parts[2]);
        for (std::string item; std::getline(list, item, ',');) {
            const auto eq = item.find('=');
            if (eq == std::string::npos) continue;
            own.measured[item.substr(0, eq)] = std::atof(item.c_str() + eq + 1);
        }
    }
    return own;
}

std::string knownNames() {
    std::string s = "auto, keep, fastest";
    for (const Kernel& k : kernels())
        s += ", " + k.name;
    return s;
}

std::string formatRate(double gflops) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << gflops;
    return s.str();
}

std::string formatMeasurements(const Measurements& measured, const char* separator) {
    std::string s;
    for (const auto& [name, gflops] : measured)
        s += (s.empty() ? "" : separator) + name + "=" + formatRate(gflops);
    return s;
}

std::string joined(const std::vector<std::string>& names, const char* last) {
    std::string s;
    for (std::size_t i = 0; i < names.size(); ++i)
        s += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + names[i];
    return s;
}

}  // namespace

Decision decide(const Environment& env, const CpuFeatures& cpu) {
    Decision d;
    const std::string setting = trimmed(env.setting);
    if (setting.empty() || sameName(setting, "auto")) {
        // Not OpenBLAS, a choice already made (by the user, or by pfstudio before it started
        // again), a kernel name this version does not know, or no wider kernel to run.
        if (!env.coretype.empty()) return d;
        d.candidates = candidates(env.running, cpu);
        if (!d.candidates.empty()) d.action = Decision::Action::Measure;
        return d;
    }
    if (sameName(setting, "keep")) return d;
    if (sameName(setting, "fastest")) {
        // Whatever OpenBLAS or OPENBLAS_CORETYPE picked: the wide kernels are timed against
        // it, once (not again after pfstudio started itself with the winner).
        if (env.running.empty()) {
            d.action = Decision::Action::Refuse;
            d.message = std::string(kSettingVariable) +
                        "=fastest: LibTorch's BLAS here is not OpenBLAS, there are no kernels "
                        "to time";
            return d;
        }
        if (!ownChoice(env).chosen.empty()) return d;
        d.candidates = wideKernels(cpu);
        if (!d.candidates.empty()) d.action = Decision::Action::Measure;
        return d;
    }
    const Kernel* wanted = findKernel(setting);
    d.action = Decision::Action::Refuse;
    if (!wanted) {
        d.message = std::string(kSettingVariable) + "=" + setting +
                    ": no such OpenBLAS kernel (one of " + knownNames() + ")";
        return d;
    }
    const std::string missing = missingInstructions(*wanted, cpu);
    if (!missing.empty()) {
        d.message = std::string(kSettingVariable) + "=" + setting + ": the " + wanted->name +
                    " kernel needs " + missing + ", which this CPU lacks (it has " +
                    cpu.describe() + ")";
        return d;
    }
    if (env.running.empty()) {
        d.message = std::string(kSettingVariable) + "=" + setting +
                    " names an OpenBLAS kernel, but LibTorch's BLAS here is not OpenBLAS";
        return d;
    }
    d.action = Decision::Action::Keep;
    // Already running, or already asked for once (OpenBLAS may map a name to another kernel:
    // 0.3.21 loads Cooperlake's for SapphireRapids): never start again twice.
    if (sameName(env.running, wanted->name) || sameName(ownChoice(env).chosen, wanted->name))
        return d;
    d.action = Decision::Action::Switch;
    d.kernel = wanted->name;
    return d;
}

Status status(const Environment& env, const CpuFeatures& cpu) {
    Status s;
    s.kernel = env.running;
    const Decision d = decide(env, cpu);
    if (d.action == Decision::Action::Refuse) s.settingError = d.message;
    if (s.kernel.empty()) return s;
    const OwnChoice own = ownChoice(env);
    const std::string setting = trimmed(env.setting);
    const bool named = !setting.empty() && !sameName(setting, "auto") &&
                       !sameName(setting, "keep") && !sameName(setting, "fastest");
    if (named && sameName(env.running, setting)) {
        s.chosenBy = "setting";  // what it names runs, however it came to
    } else if (!own.chosen.empty()) {
        s.chosenBy = named ? "setting" : "pfstudio";
        s.replaced = own.replaced;
        s.measured = own.measured;
    } else if (!env.coretype.empty()) {
        s.chosenBy = "user";
    } else {
        s.chosenBy = "openblas";
    }
    // Timed by pfstudio: the wide kernels were no faster, whatever their level.
    if (own.chosen.empty()) s.couldRun = candidates(env.running, cpu);
    s.optOut = sameName(setting, "keep");
    return s;
}

Status currentStatus() {
    return status(Environment::current(), detectCpu());
}

std::string Status::describe() const {
    if (kernel.empty()) return "not OpenBLAS";
    std::string s = kernel;
    if (chosenBy == "pfstudio" && sameName(replaced, kernel)) {
        s += " (timed fastest by pfstudio";
        if (!measured.empty()) s += ": GFLOP/s on the models' shapes: " +
                                    formatMeasurements(measured, ", ");
        s += ")";
    } else if (chosenBy == "pfstudio") {
        s += " (chosen by pfstudio over the " +
             (replaced.empty() ? std::string("generic") : replaced) + " kernels OpenBLAS ran";
        if (!measured.empty()) s += "; GFLOP/s on the models' shapes: " +
                                    formatMeasurements(measured, ", ");
        s += ")";
    } else if (chosenBy == "setting") {
        s += " (PFSTUDIO_BLAS_KERNEL=" + kernel + ")";
    } else if (chosenBy == "user") {
        s += " (OPENBLAS_CORETYPE)";
    } else {
        s += " (OpenBLAS's own choice)";
    }
    if (!couldRun.empty()) s += "; this CPU can also run " + joined(couldRun, " and ") + "'s";
    return s;
}

std::string Status::slowReason() const {
    if (couldRun.empty()) return {};
    const std::string what = "OpenBLAS runs its " + kernel + " kernels, and this CPU can run " +
                             joined(couldRun, " or ") + "'s";
    if (chosenBy == "user")
        return what + ": OPENBLAS_CORETYPE=" + kernel +
               " asks for them (unset it to let pfstudio choose)";
    if (chosenBy == "setting")
        return what + ": PFSTUDIO_BLAS_KERNEL asks for them (set it to auto to let pfstudio "
                      "choose)";
    if (optOut)
        return what + ": PFSTUDIO_BLAS_KERNEL=keep leaves OpenBLAS's choice (unset it to let "
                      "pfstudio choose)";
    return what + ": pfstudio could not start itself again with them (set OPENBLAS_CORETYPE=" +
           couldRun.front() + ")";
}

Measurements Cache::read(const std::string& cpu, const std::string& openblasConfig) const {
    Measurements out;
    if (path.empty()) return out;
    std::ifstream in(path);
    if (!in) return out;
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        for (const nlohmann::json& e : j.at("entries"))
            if (e.at("cpu") == cpu && e.at("openblas") == openblasConfig)
                for (const auto& [name, gflops] : e.at("gflops").items())
                    out[name] = gflops.get<double>();
    } catch (const std::exception&) {
        return {};  // unreadable: measured again, and rewritten
    }
    return out;
}

void Cache::write(const std::string& cpu, const std::string& openblasConfig,
                  const Measurements& measured) const {
    if (path.empty()) return;
    nlohmann::json entries = nlohmann::json::array();
    {
        std::ifstream in(path);
        try {
            if (in) {
                const nlohmann::json old = nlohmann::json::parse(in);
                for (const nlohmann::json& e : old.at("entries"))
                    if (!(e.at("cpu") == cpu && e.at("openblas") == openblasConfig))
                        entries.push_back(e);
            }
        } catch (const std::exception&) {
            entries = nlohmann::json::array();
        }
    }
    nlohmann::json gflops = nlohmann::json::object();
    for (const auto& [name, rate] : measured)
        gflops[name] = rate;
    // One entry per CPU and build: a home folder shared by a cluster's different nodes.
    entries.push_back({{"cpu", cpu}, {"openblas", openblasConfig}, {"gflops", gflops}});
    while (entries.size() > 32)
        entries.erase(entries.begin());
    try {
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        writeFileAtomically(path, nlohmann::json({{"entries", entries}}).dump(2) + "\n");
    } catch (const std::exception&) {
        // A read-only home: measured again next time.
    }
}

Cache Cache::standard() {
    Cache c;
    const std::string xdg = variable("XDG_CACHE_HOME"), home = variable("HOME");
    const std::string base = !xdg.empty() ? xdg : !home.empty() ? home + "/.cache" : "";
    if (!base.empty()) c.path = base + "/PromptFusion/blas-kernels.json";
    return c;
}

namespace {

// One probe: `executable` with OPENBLAS_CORETYPE=kernel and PFSTUDIO_BLAS_PROBE=1 prints
// "<kernel loaded> <GFLOP/s>". Returns 0 when it fails, times out, or loads another kernel.
double probe(const std::string& executable, const std::string& kernel) {
    std::vector<std::string> vars;
    for (char** e = environ; *e; ++e) {
        const std::string v = *e;
        auto is = [&](const char* name) { return v.rfind(std::string(name) + "=", 0) == 0; };
        if (!is(kCoretypeVariable) && !is(kProbeVariable) && !is(kChosenVariable))
            vars.push_back(v);
    }
    vars.push_back(std::string(kCoretypeVariable) + "=" + kernel);
    vars.push_back(std::string(kProbeVariable) + "=1");
    std::vector<char*> envp;
    for (std::string& v : vars)
        envp.push_back(v.data());
    envp.push_back(nullptr);
    std::string arg0 = executable;
    char* argv[] = {arg0.data(), nullptr};

    int fds[2];
    if (pipe(fds) != 0) return 0.0;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    pid_t pid = 0;
    const int spawned =
        posix_spawn(&pid, executable.c_str(), &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (spawned != 0) {
        close(fds[0]);
        return 0.0;
    }
    // A probe takes about a second; one that hangs is killed after 30.
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            kill(pid, SIGKILL);
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
        char buffer[256];
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) return 0.0;
    std::istringstream in(out);
    std::string loaded;
    double gflops = 0.0;
    if (!(in >> loaded >> gflops) || !sameName(loaded, kernel)) return 0.0;
    return gflops;
}

}  // namespace

Measurements measureKernels(const std::string& executable,
                            const std::vector<std::string>& kernels) {
    Measurements out;
    for (const std::string& k : kernels)
        if (const double gflops = probe(executable, k); gflops > 0.0) out[k] = gflops;
    return out;
}

void selectKernelAtStartup(char** argv) {
    const Environment env = Environment::current();
    const CpuFeatures cpu = detectCpu();
    const Decision d = decide(env, cpu);
    std::string kernel = d.kernel;
    Measurements measured;
    if (d.action == Decision::Action::Measure) {
        using ConfigFn = char* (*)();
        const auto configFn =
            reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
        const std::string config = configFn ? configFn() : "";
        const Cache cache = Cache::standard();
        // The running kernel is timed too: a candidate must beat it to be loaded.
        std::vector<std::string> timed = d.candidates;
        if (std::none_of(timed.begin(), timed.end(),
                         [&](const std::string& k) { return sameName(k, env.running); }))
            timed.push_back(env.running);
        measured = cache.read(cpu.signature(), config);
        bool complete = true;
        for (const std::string& k : timed)
            complete = complete && measured.count(k);
        if (!complete) {
            std::cerr << "pfstudio: OpenBLAS runs its " << env.running
                      << " kernels; timing " << joined(d.candidates, " and ")
                      << "'s against them (once for this CPU)..." << std::endl;
            std::error_code ec;
            const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
            measured = measureKernels(ec ? std::string("/proc/self/exe") : self.string(), timed);
            if (!measured.empty()) cache.write(cpu.signature(), config, measured);
        }
        kernel = fastest(measured);
    }
    if (kernel.empty() ||
        (d.action != Decision::Action::Switch && d.action != Decision::Action::Measure))
        return;
    std::string chosen = kernel + "/" + env.running;
    if (!measured.empty()) chosen += "/" + formatMeasurements(measured, ",");
    auto restore = [](const char* name, const std::string& value) {
        if (value.empty())
            unsetenv(name);
        else
            setenv(name, value.c_str(), 1);
    };
    if (sameName(kernel, env.running)) {
        // The running kernel timed fastest: nothing to start again; the figures are kept for
        // the status, and child processes get the same kernel.
        setenv(kCoretypeVariable, env.running.c_str(), 1);
        setenv(kChosenVariable, chosen.c_str(), 1);
        return;
    }
    if (setenv(kCoretypeVariable, kernel.c_str(), 1) != 0 ||
        setenv(kChosenVariable, chosen.c_str(), 1) != 0) {
        restore(kCoretypeVariable, env.coretype);
        restore(kChosenVariable, env.chosen);
        return;
    }
    std::cout.flush();
    std::cerr.flush();
    execv("/proc/self/exe", argv);
    // Still here: the exec failed. Run on with the kernel loaded; the status says so.
    const int error = errno;
    restore(kCoretypeVariable, env.coretype);
    restore(kChosenVariable, env.chosen);
    std::cerr << "pfstudio: could not start again with OpenBLAS's " << kernel << " kernels ("
              << std::strerror(error) << ")" << std::endl;
}

}  // namespace pf::blas
