#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <torch/nn/module.h>

#include "models/clip.h"
#include "models/vit.h"

/// Pretrained weights: reading checkpoint files (safetensors, and OpenAI's TorchScript CLIP
/// archives), recognising their layout, reading model sizes from them, and copying them into our
/// modules by name with every shape checked.
namespace pf::models {

/// The tensors of a checkpoint file, by name, in file order.
struct Checkpoint {
    std::string path;
    std::string format;  ///< "safetensors" or "torchscript"
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    std::map<std::string, std::string> metadata;  ///< safetensors __metadata__

    /// The tensor `name`, or nullptr.
    const torch::Tensor* find(const std::string& name) const;
    std::int64_t parameterCount() const;
};

/// What a checkpoint holds.
enum class WeightsLayout {
    OpenAIClip,  ///< OpenAI / open_clip names: visual.conv1.weight, token_embedding.weight, ...
    TimmViT,     ///< timm names: patch_embed.proj.weight, cls_token, pos_embed, blocks.N...
    Unknown,
};

/// Reads a checkpoint, telling the format by content: safetensors, or a TorchScript (zip)
/// archive such as OpenAI's `ViT-B-16.pt`. A TorchScript archive is accepted only when it holds
/// the OpenAI CLIP layout. A common wrapper prefix ("module.", "model.", "state_dict.") shared by
/// every name is removed. Throws pf::CheckpointError naming the file and what is wrong.
Checkpoint readCheckpoint(const std::string& path);

/// Reads safetensors bytes held in memory (the built-in weights); `label` names them in errors.
Checkpoint readCheckpointFromMemory(std::string_view bytes, const std::string& label);

WeightsLayout detectLayout(const Checkpoint& checkpoint);
const char* layoutName(WeightsLayout layout);

/// The CLIP shape a checkpoint holds: from its "pf.clip" metadata when present (our own files),
/// otherwise read off the tensor shapes (heads = width / 64, OpenAI's rule). Throws
/// pf::CheckpointError naming a missing tensor.
ClipOptions clipOptionsFrom(const Checkpoint& checkpoint);

/// The ViT shape a checkpoint holds: from its "pf.vit" metadata when present, otherwise read off
/// the tensor shapes (heads = dim / 64; numClasses from `head.weight`, 0 without a head).
ViTOptions vitOptionsFrom(const Checkpoint& checkpoint);

/// How loadWeights went.
struct LoadReport {
    std::vector<std::string> loaded;      ///< module parameters filled from the checkpoint
    std::vector<std::string> missing;     ///< module parameters the checkpoint lacks
    std::vector<std::string> unexpected;  ///< checkpoint tensors the module has no place for
    std::vector<std::string> resized;     ///< position embeddings interpolated to a new grid
    std::vector<std::string> converted;   ///< tensors converted to the parameter's dtype

    /// "loaded 152, missing 0, unexpected 2 (head.weight, head.bias), resized 1 (pos_embed)".
    std::string summary() const;
};

struct LoadOptions {
    /// Checkpoint tensors (by name prefix) that are deliberately not loaded, e.g. "head." for an
    /// ImageNet-21k head the Booster replaces. They are not reported as unexpected.
    std::vector<std::string> skip;
    /// Module parameters (by name prefix) that may stay as initialised, e.g. "head.".
    std::vector<std::string> optional;
    /// Throw when a module parameter other than the optional ones is missing.
    bool requireAll = true;
};

/// Copies checkpoint tensors into `module`'s parameters and buffers of the same name, without
/// gradient tracking. Shapes must match, except position embeddings (`pos_embed`,
/// `positional_embedding` with a class token first), whose square grid is resized bicubically.
/// Floating-point tensors are converted to the parameter's dtype; an integer tensor for a
/// floating parameter, another shape, or (with requireAll) a missing parameter throws
/// pf::CheckpointError naming the key.
LoadReport loadWeights(torch::nn::Module& module, const Checkpoint& checkpoint,
                       const LoadOptions& options = {});

/// Saves `module`'s parameters and buffers as safetensors with `metadata`.
void saveModule(const torch::nn::Module& module, const std::string& path,
                const std::map<std::string, std::string>& metadata = {});

/// Builds a ViT from a checkpoint's own shape and loads it (the head loads when present).
VisionTransformer loadViT(const Checkpoint& checkpoint, LoadReport* report = nullptr);
/// Builds a CLIP model from a checkpoint's own shape and loads it.
ClipModel loadClip(const Checkpoint& checkpoint, LoadReport* report = nullptr);

/// Resizes a position embedding whose first `prefixTokens` rows are not grid cells (the class
/// token) from its square grid to `grid` x `grid`, bicubically. `pos` is [T, D] or [1, T, D].
torch::Tensor resizePositionEmbedding(const torch::Tensor& pos, int grid, int prefixTokens = 1);

}  // namespace pf::models
