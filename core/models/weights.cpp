#include "models/weights.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <torch/script.h>
#include <torch/torch.h>

#include "common/error.h"
#include "io/safetensors.h"

namespace pf::models {
namespace {

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isZip(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

// Removes a wrapper prefix that every name shares ("module." from DataParallel, ...).
void stripCommonPrefix(Checkpoint& c) {
    for (const char* prefix : {"module.", "model.", "state_dict."}) {
        const bool all = !c.tensors.empty() &&
                         std::all_of(c.tensors.begin(), c.tensors.end(),
                                     [&](const auto& t) { return startsWith(t.first, prefix); });
        if (!all) continue;
        for (auto& t : c.tensors)
            t.first = t.first.substr(std::string(prefix).size());
    }
}

const torch::Tensor& require(const Checkpoint& c, const std::string& name) {
    const torch::Tensor* t = c.find(name);
    if (!t) throw CheckpointError(c.path + ": missing tensor '" + name + "'");
    return *t;
}

// Number of blocks: distinct N in "<prefix>N." names.
int countBlocks(const Checkpoint& c, const std::string& prefix) {
    std::set<int> seen;
    for (const auto& [name, tensor] : c.tensors) {
        if (!startsWith(name, prefix)) continue;
        const std::string rest = name.substr(prefix.size());
        const auto dot = rest.find('.');
        if (dot == std::string::npos) continue;
        try {
            seen.insert(std::stoi(rest.substr(0, dot)));
        } catch (...) {
        }
    }
    return static_cast<int>(seen.size());
}

int squareRoot(std::int64_t n, const std::string& what, const std::string& path) {
    const auto g = static_cast<std::int64_t>(std::lround(std::sqrt(static_cast<double>(n))));
    if (g * g != n)
        throw CheckpointError(path + ": " + what + " holds " + std::to_string(n) +
                              " grid positions, not a square");
    return static_cast<int>(g);
}

std::string shapeText(const torch::Tensor& t) {
    std::string s = "[";
    for (std::int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

std::string joinFirst(const std::vector<std::string>& names, std::size_t n = 5) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < n; ++i)
        out += (i ? ", " : "") + names[i];
    if (names.size() > n) out += ", ... (" + std::to_string(names.size()) + " in all)";
    return out;
}

}  // namespace

const torch::Tensor* Checkpoint::find(const std::string& name) const {
    for (const auto& [n, t] : tensors)
        if (n == name) return &t;
    return nullptr;
}

std::int64_t Checkpoint::parameterCount() const {
    std::int64_t n = 0;
    for (const auto& [name, t] : tensors)
        n += t.numel();
    return n;
}

Checkpoint readCheckpoint(const std::string& path) {
    if (!std::filesystem::is_regular_file(path)) throw CheckpointError(path + ": file not found");
    Checkpoint c;
    c.path = path;
    if (storage::looksLikeSafetensors(path)) {
        storage::SafetensorsReader reader(path);
        c.format = "safetensors";
        c.tensors = reader.loadAll();
        c.metadata = reader.metadata();
    } else if (isZip(path)) {
        torch::jit::Module module;
        try {
            module = torch::jit::load(path, torch::kCPU);
        } catch (const std::exception& e) {
            std::string why = e.what();
            why = why.substr(0, why.find('\n'));
            throw CheckpointError(path + ": not a readable TorchScript archive (" + why + ")");
        }
        c.format = "torchscript";
        for (const auto& p : module.named_parameters(true))
            c.tensors.emplace_back(p.name, p.value.detach());
        for (const auto& b : module.named_buffers(true))
            c.tensors.emplace_back(b.name, b.value.detach());
        stripCommonPrefix(c);
        // A TorchScript archive carries code; we only take it from the one layout we know.
        if (detectLayout(c) != WeightsLayout::OpenAIClip)
            throw CheckpointError(
                path +
                ": TorchScript archives are accepted only with OpenAI's CLIP layout "
                "(visual.conv1.weight, token_embedding.weight, ...); convert other models to "
                "safetensors");
        return c;
    } else {
        throw CheckpointError(path +
                              ": unknown file format at byte offset 0 (expected safetensors or a "
                              "TorchScript archive)");
    }
    stripCommonPrefix(c);
    return c;
}

Checkpoint readCheckpointFromMemory(std::string_view bytes, const std::string& label) {
    storage::SafetensorsReader reader = storage::SafetensorsReader::fromMemory(bytes, label);
    Checkpoint c;
    c.path = label;
    c.format = "safetensors";
    c.tensors = reader.loadAll();
    c.metadata = reader.metadata();
    return c;
}

WeightsLayout detectLayout(const Checkpoint& c) {
    if (c.find("visual.conv1.weight") && c.find("token_embedding.weight") &&
        c.find("text_projection") && c.find("visual.proj"))
        return WeightsLayout::OpenAIClip;
    if (c.find("patch_embed.proj.weight") && c.find("cls_token") && c.find("pos_embed") &&
        c.find("blocks.0.attn.qkv.weight"))
        return WeightsLayout::TimmViT;
    return WeightsLayout::Unknown;
}

const char* layoutName(WeightsLayout layout) {
    switch (layout) {
        case WeightsLayout::OpenAIClip:
            return "CLIP (OpenAI / open_clip layout)";
        case WeightsLayout::TimmViT:
            return "ViT (timm layout)";
        case WeightsLayout::Unknown:
            return "unknown layout";
    }
    return "unknown layout";
}

ClipOptions clipOptionsFrom(const Checkpoint& c) {
    if (auto it = c.metadata.find("pf.clip"); it != c.metadata.end()) {
        try {
            return ClipOptions::fromJson(nlohmann::json::parse(it->second));
        } catch (const std::exception& e) {
            throw CheckpointError(c.path + ": metadata 'pf.clip': " + e.what());
        }
    }
    ClipOptions o;
    const torch::Tensor& conv = require(c, "visual.conv1.weight");
    if (conv.dim() != 4)
        throw CheckpointError(c.path + ": 'visual.conv1.weight' is not 4-dimensional");
    o.vision.width = static_cast<int>(conv.size(0));
    o.vision.channels = static_cast<int>(conv.size(1));
    o.vision.patchSize = static_cast<int>(conv.size(3));
    o.vision.layers = countBlocks(c, "visual.transformer.resblocks.");
    o.vision.heads = std::max(1, o.vision.width / 64);
    const int grid = squareRoot(require(c, "visual.positional_embedding").size(0) - 1,
                                "'visual.positional_embedding'", c.path);
    o.vision.imageSize = grid * o.vision.patchSize;
    o.vision.outputDim = static_cast<int>(require(c, "visual.proj").size(1));
    o.text.contextLength = static_cast<int>(require(c, "positional_embedding").size(0));
    o.text.vocabSize = static_cast<int>(require(c, "token_embedding.weight").size(0));
    o.text.width = static_cast<int>(require(c, "ln_final.weight").size(0));
    o.text.layers = countBlocks(c, "transformer.resblocks.");
    o.text.heads = std::max(1, o.text.width / 64);
    o.text.outputDim = static_cast<int>(require(c, "text_projection").size(1));
    try {
        o.validate();
    } catch (const ConfigError& e) {
        throw CheckpointError(c.path + ": " + e.what());
    }
    return o;
}

ViTOptions vitOptionsFrom(const Checkpoint& c) {
    if (auto it = c.metadata.find("pf.vit"); it != c.metadata.end()) {
        try {
            return ViTOptions::fromJson(nlohmann::json::parse(it->second));
        } catch (const std::exception& e) {
            throw CheckpointError(c.path + ": metadata 'pf.vit': " + e.what());
        }
    }
    ViTOptions o;
    const torch::Tensor& proj = require(c, "patch_embed.proj.weight");
    if (proj.dim() != 4)
        throw CheckpointError(c.path + ": 'patch_embed.proj.weight' is not 4-dimensional");
    o.dim = static_cast<int>(proj.size(0));
    o.channels = static_cast<int>(proj.size(1));
    o.patchSize = static_cast<int>(proj.size(3));
    o.depth = countBlocks(c, "blocks.");
    o.heads = std::max(1, o.dim / 64);
    const torch::Tensor& pos = require(c, "pos_embed");
    o.imageSize = squareRoot(pos.size(-2) - 1, "'pos_embed'", c.path) * o.patchSize;
    o.mlpRatio = static_cast<double>(require(c, "blocks.0.mlp.fc1.weight").size(0)) / o.dim;
    o.qkvBias = c.find("blocks.0.attn.qkv.bias") != nullptr;
    const torch::Tensor* head = c.find("head.weight");
    o.numClasses = head ? static_cast<int>(head->size(0)) : 0;
    try {
        o.validate();
    } catch (const ConfigError& e) {
        throw CheckpointError(c.path + ": " + e.what());
    }
    return o;
}

std::string LoadReport::summary() const {
    std::string s =
        "loaded " + std::to_string(loaded.size()) + ", missing " + std::to_string(missing.size());
    if (!missing.empty()) s += " (" + joinFirst(missing) + ")";
    s += ", unexpected " + std::to_string(unexpected.size());
    if (!unexpected.empty()) s += " (" + joinFirst(unexpected) + ")";
    if (!resized.empty())
        s += ", resized " + std::to_string(resized.size()) + " (" + joinFirst(resized) + ")";
    if (!converted.empty())
        s += ", converted " + std::to_string(converted.size()) + " to the model's dtype";
    return s;
}

torch::Tensor resizePositionEmbedding(const torch::Tensor& pos, int grid, int prefixTokens) {
    const bool batched = pos.dim() == 3;
    const torch::Tensor p = batched ? pos.squeeze(0) : pos;
    const auto d = p.size(1);
    const int old = squareRoot(p.size(0) - prefixTokens, "position embedding", "resize");
    const torch::Tensor prefix = p.narrow(0, 0, prefixTokens);
    torch::Tensor cells = p.narrow(0, prefixTokens, p.size(0) - prefixTokens).to(torch::kFloat32);
    cells = cells.reshape({1, old, old, d}).permute({0, 3, 1, 2});
    cells =
        torch::nn::functional::interpolate(cells, torch::nn::functional::InterpolateFuncOptions()
                                                      .size(std::vector<std::int64_t>{grid, grid})
                                                      .mode(torch::kBicubic)
                                                      .align_corners(false));
    cells = cells.permute({0, 2, 3, 1}).reshape({grid * grid, d}).to(p.scalar_type());
    const torch::Tensor out = torch::cat({prefix, cells}, 0);
    return batched ? out.unsqueeze(0) : out;
}

LoadReport loadWeights(torch::nn::Module& module, const Checkpoint& c, const LoadOptions& options) {
    std::map<std::string, torch::Tensor> slots;
    for (const auto& p : module.named_parameters(true))
        slots.emplace(p.key(), p.value());
    for (const auto& b : module.named_buffers(true))
        slots.emplace(b.key(), b.value());
    auto prefixed = [](const std::string& name, const std::vector<std::string>& prefixes) {
        return std::any_of(prefixes.begin(), prefixes.end(),
                           [&](const std::string& p) { return startsWith(name, p); });
    };

    LoadReport report;
    std::set<std::string> filled;
    torch::NoGradGuard guard;
    for (const auto& [name, src] : c.tensors) {
        if (prefixed(name, options.skip)) continue;
        auto it = slots.find(name);
        if (it == slots.end()) {
            report.unexpected.push_back(name);
            continue;
        }
        torch::Tensor dst = it->second;
        if (src.scalar_type() != dst.scalar_type()) {
            if (!(src.is_floating_point() && dst.is_floating_point()))
                throw CheckpointError(c.path + ": tensor '" + name + "' is " +
                                      std::string(c10::toString(src.scalar_type())) +
                                      ", the model expects " + c10::toString(dst.scalar_type()));
            report.converted.push_back(name);
        }
        torch::Tensor value = src;
        if (value.sizes() != dst.sizes()) {
            const bool position =
                endsWith(name, "pos_embed") || endsWith(name, "positional_embedding");
            const bool sameWidth = value.dim() == dst.dim() && value.size(-1) == dst.size(-1);
            const bool grid = name != "positional_embedding";  // the text tower's is not a grid
            if (!(position && sameWidth && grid))
                throw CheckpointError(c.path + ": tensor '" + name + "' has shape " +
                                      shapeText(src) + ", the model expects " + shapeText(dst));
            value = resizePositionEmbedding(value,
                                            squareRoot(dst.size(-2) - 1, "'" + name + "'", c.path));
            report.resized.push_back(name);
        }
        dst.copy_(value.to(dst.scalar_type()));
        report.loaded.push_back(name);
        filled.insert(name);
    }
    for (const auto& [name, tensor] : slots)
        if (!filled.count(name) && !prefixed(name, options.optional))
            report.missing.push_back(name);
    if (options.requireAll && !report.missing.empty())
        throw CheckpointError(c.path + ": missing " + std::to_string(report.missing.size()) +
                              " tensor(s) the model needs: " + joinFirst(report.missing));
    return report;
}

void saveModule(const torch::nn::Module& module, const std::string& path,
                const std::map<std::string, std::string>& metadata) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : module.named_parameters(true))
        tensors.emplace_back(p.key(), p.value());
    for (const auto& b : module.named_buffers(true))
        tensors.emplace_back(b.key(), b.value());
    storage::writeSafetensors(path, tensors, metadata);
}

VisionTransformer loadViT(const Checkpoint& c, LoadReport* report) {
    VisionTransformer vit(vitOptionsFrom(c));
    const LoadReport r = loadWeights(*vit, c);
    if (report) *report = r;
    return vit;
}

ClipModel loadClip(const Checkpoint& c, LoadReport* report) {
    ClipModel clip(clipOptionsFrom(c));
    const LoadReport r = loadWeights(*clip, c);
    if (report) *report = r;
    return clip;
}

}  // namespace pf::models
