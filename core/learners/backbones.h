#pragma once

#include <memory>
#include <string>

#include "metrics/flops.h"
#include "models/clip.h"
#include "models/tokenizer.h"
#include "models/vit.h"

/// The pretrained backbones learners start from: the built-in tiny ones, or real weights from
/// paths the user gives (config keys clip_weights, clip_vocab, vit_weights). All weights are
/// frozen on return.
namespace pf::learners {

struct ClipBackbone {
    models::ClipModel clip{nullptr};
    std::unique_ptr<models::Tokenizer> tokenizer;
};

/// `weights` "" = the built-in tiny CLIP with its word vocabulary; otherwise a CLIP checkpoint
/// (safetensors or OpenAI's TorchScript) whose BPE merges file is `vocabulary`. Errors name the
/// config key and the file.
ClipBackbone loadClipBackbone(const std::string& weights, const std::string& vocabulary);

/// `weights` "" = the built-in tiny ViT; otherwise a timm-layout checkpoint. Its own head, if
/// any, is dropped (numClasses 0).
models::VisionTransformer loadViTBackbone(const std::string& weights);

/// Throws pf::ConfigError naming `key` when a backbone that takes `imageSize`-pixel,
/// `channels`-channel images does not fit the run's images (after image_size). `builtin`: the
/// key is empty and the built-in tiny backbone was loaded, so the message asks for weights.
void requireImageShape(const std::string& key, int imageSize, int channels, int dataImageSize,
                       int dataChannels, bool builtin);

/// The transformer shape of a ViT's plain pass (class token and patches; no prompts), for the
/// cost models; add prompt tokens or prefixes to it.
metrics::TransformerShape transformerShape(const models::ViTOptions& options);

/// Sets requires_grad false on every parameter and puts the module in eval mode.
void freeze(torch::nn::Module& module);

}  // namespace pf::learners
