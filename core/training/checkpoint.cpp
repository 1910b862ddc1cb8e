#include "training/checkpoint.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include <torch/torch.h>

#include "common/atomic_file.h"
#include "common/clock.h"
#include "common/error.h"
#include "io/safetensors.h"
#include "learners/learner.h"

namespace pf::training {
namespace fs = std::filesystem;
namespace {

constexpr const char* kLearnerPrefix = "learner.";
constexpr const char* kCpuGenerator = "generator.cpu";
constexpr const char* kCudaGenerator = "generator.cuda";

std::string stateFileName(int task) {
    return "task-" + std::to_string(task + 1) + ".safetensors";
}

at::Generator generatorOf(torch::Device device) {
    return at::globalContext().defaultGenerator(
        device.is_cuda() && !device.has_index() ? torch::Device(torch::kCUDA, 0) : device);
}

}  // namespace

nlohmann::json CheckpointInfo::toJson() const {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : trainer.matrix.rows()) {
        nlohmann::json r = nlohmann::json::array();
        for (double v : row)
            r.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json());
        rows.push_back(r);
    }
    return {{"format", kFormat},
            {"completed_task", trainer.completedTask},
            {"global_step", trainer.globalStep},
            {"base_lr", trainer.baseLr},
            {"threads", trainer.threads},
            {"accuracy_matrix", rows},
            {"state_file", stateFile},
            {"device", device},
            {"written_at", writtenAt},
            {"config", config}};
}

CheckpointInfo CheckpointInfo::fromJson(const nlohmann::json& j, const std::string& file) {
    const auto bad = [&](const std::string& key, const std::string& why) {
        return CheckpointError(file + ": '" + key + "' " + why);
    };
    if (!j.is_object()) throw CheckpointError(file + ": not a JSON object");
    const auto need = [&](const char* key) -> const nlohmann::json& {
        if (!j.contains(key)) throw bad(key, "is missing");
        return j.at(key);
    };
    const auto whole = [&](const char* key, std::int64_t lo, std::int64_t hi) {
        const nlohmann::json& v = need(key);
        if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)
            throw bad(key, "must be a whole number from " + std::to_string(lo) + " to " +
                               std::to_string(hi));
        return v.get<std::int64_t>();
    };
    const auto text = [&](const char* key) {
        const nlohmann::json& v = need(key);
        if (!v.is_string()) throw bad(key, "must be text");
        return v.get<std::string>();
    };
    CheckpointInfo info;
    const std::int64_t format = whole("format", 1, 1000000);
    if (format != kFormat)
        throw bad("format", "is " + std::to_string(format) + "; this build reads format " +
                                std::to_string(kFormat));
    info.trainer.completedTask = static_cast<int>(whole("completed_task", 0, 1000000));
    info.trainer.globalStep = whole("global_step", 0, std::int64_t(1) << 60);
    info.trainer.threads = static_cast<int>(whole("threads", 0, 4096));
    const nlohmann::json& lr = need("base_lr");
    if (!lr.is_number() || !(lr.get<double>() > 0.0) || !std::isfinite(lr.get<double>()))
        throw bad("base_lr", "must be a positive number");
    info.trainer.baseLr = lr.get<double>();
    const nlohmann::json& rows = need("accuracy_matrix");
    if (!rows.is_array() || rows.empty() || rows.size() > 100000)
        throw bad("accuracy_matrix", "must be a non-empty array of rows");
    std::vector<std::vector<double>> acc;
    for (const nlohmann::json& row : rows) {
        if (!row.is_array() || row.size() != rows.size())
            throw bad("accuracy_matrix", "must be square");
        std::vector<double> r;
        for (const nlohmann::json& v : row) {
            if (!v.is_null() && !v.is_number())
                throw bad("accuracy_matrix", "holds something other than numbers");
            r.push_back(v.is_null() ? std::nan("") : v.get<double>());
        }
        acc.push_back(std::move(r));
    }
    info.trainer.matrix = metrics::AccuracyMatrix(std::move(acc));
    if (info.trainer.completedTask >= info.trainer.matrix.tasks() ||
        info.trainer.matrix.lastCompleteTask() < info.trainer.completedTask)
        throw bad("accuracy_matrix", "does not hold every evaluation up to task " +
                                         std::to_string(info.trainer.completedTask + 1));
    info.stateFile = text("state_file");
    if (info.stateFile != stateFileName(info.trainer.completedTask))
        throw bad("state_file", "must be " + stateFileName(info.trainer.completedTask));
    info.device = text("device");
    info.writtenAt = text("written_at");
    info.config = need("config");
    if (!info.config.is_object()) throw bad("config", "must be an object");
    return info;
}

void writeCheckpoint(const std::string& folder, const learners::Learner& learner,
                     const TrainerState& trainer, const nlohmann::json& config,
                     torch::Device device) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw CheckpointError(folder + ": cannot create the folder (" + ec.message() + ")");

    learners::LearnerState state;
    learner.saveState(state);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [name, tensor] : state.tensors())
        tensors.emplace_back(kLearnerPrefix + name, tensor);
    {
        at::Generator cpu = generatorOf(torch::kCPU);
        std::lock_guard<std::mutex> lock(cpu.mutex());
        tensors.emplace_back(kCpuGenerator, cpu.get_state());
    }
    if (device.is_cuda()) {
        at::Generator cuda = generatorOf(device);
        std::lock_guard<std::mutex> lock(cuda.mutex());
        tensors.emplace_back(kCudaGenerator, cuda.get_state());
    }
    nlohmann::json trained = nlohmann::json::array();
    for (const std::string& name : state.trainable())
        trained.push_back(kLearnerPrefix + name);

    CheckpointInfo info;
    info.trainer = trainer;
    info.config = config;
    info.stateFile = stateFileName(trainer.completedTask);
    info.device = device.str();
    info.writtenAt = utcNow();
    storage::writeSafetensors((fs::path(folder) / info.stateFile).string(), tensors,
                              {{"pfstudio.completed_task", std::to_string(trainer.completedTask)},
                               {"pfstudio.trained", trained.dump()}});
    writeFileAtomically((fs::path(folder) / storage::kCheckpointInfoFile).string(),
                        info.toJson().dump(1) + "\n");
    // The older tensor files are no longer named by trainer.json.
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name != info.stateFile && name.rfind("task-", 0) == 0 &&
            entry.path().extension() == ".safetensors")
            fs::remove(entry.path(), ec);
    }
}

Checkpoint readCheckpoint(const std::string& folder) {
    const std::string file = (fs::path(folder) / storage::kCheckpointInfoFile).string();
    std::ifstream in(file);
    if (!in) throw CheckpointError(file + ": no checkpoint here (cannot open)");
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception& e) {
        throw CheckpointError(file + ": not valid JSON (" + e.what() + ")");
    }
    Checkpoint c;
    c.info = CheckpointInfo::fromJson(j, file);
    const std::string stateFile = (fs::path(folder) / c.info.stateFile).string();
    const storage::SafetensorsReader reader(stateFile);
    const auto meta = reader.metadata();
    if (!meta.count("pfstudio.completed_task") ||
        meta.at("pfstudio.completed_task") != std::to_string(c.info.trainer.completedTask))
        throw CheckpointError(stateFile + ": was not written after task " +
                              std::to_string(c.info.trainer.completedTask + 1));
    std::set<std::string> trained;
    try {
        const nlohmann::json names = nlohmann::json::parse(
            meta.count("pfstudio.trained") ? meta.at("pfstudio.trained") : std::string("[]"));
        for (const nlohmann::json& n : names) {
            const std::string name = n.get<std::string>();
            if (name.rfind(kLearnerPrefix, 0) != 0)
                throw CheckpointError(stateFile + ": trained tensor '" + name +
                                      "' is not the learner's");
            trained.insert(name.substr(std::string(kLearnerPrefix).size()));
        }
    } catch (const nlohmann::json::exception& e) {
        throw CheckpointError(stateFile + ": metadata 'pfstudio.trained' is not a list of names (" +
                              e.what() + ")");
    }
    std::vector<std::pair<std::string, torch::Tensor>> learner;
    for (auto& [name, tensor] : reader.loadAll()) {
        if (name == kCpuGenerator)
            c.cpuGenerator = tensor;
        else if (name == kCudaGenerator)
            c.cudaGenerator = tensor;
        else if (name.rfind(kLearnerPrefix, 0) == 0)
            learner.emplace_back(name.substr(std::string(kLearnerPrefix).size()), tensor);
        else
            throw CheckpointError(stateFile + ": unexpected tensor '" + name + "'");
    }
    if (!c.cpuGenerator.defined() || c.cpuGenerator.scalar_type() != torch::kUInt8 ||
        c.cpuGenerator.dim() != 1)
        throw CheckpointError(stateFile + ": no CPU generator state ('" + kCpuGenerator +
                              "', bytes)");
    try {
        c.learner = learners::LearnerState::from(std::move(learner), std::move(trained));
    } catch (const CheckpointError& e) {
        throw CheckpointError(stateFile + ": " + e.what());
    }
    return c;
}

void restoreGenerators(const Checkpoint& checkpoint, torch::Device device) {
    try {
        {
            at::Generator cpu = generatorOf(torch::kCPU);
            std::lock_guard<std::mutex> lock(cpu.mutex());
            cpu.set_state(checkpoint.cpuGenerator);
        }
        if (device.is_cuda() && checkpoint.cudaGenerator.defined()) {
            at::Generator cuda = generatorOf(device);
            std::lock_guard<std::mutex> lock(cuda.mutex());
            cuda.set_state(checkpoint.cudaGenerator);
        }
    } catch (const c10::Error& e) {
        throw CheckpointError("checkpoint's generator state does not fit this build (" +
                              std::string(e.what_without_backtrace()) + ")");
    }
}

}  // namespace pf::training
