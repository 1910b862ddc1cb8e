#include "models/vit.h"

#include <cmath>

#include <torch/torch.h>

#include "common/error.h"

namespace pf::models {
namespace {

torch::nn::LayerNorm layerNorm(int dim, double eps) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps));
}

// timm's init for linear layers: truncated normal (std 0.02), zero bias.
void initLinear(torch::nn::Linear& linear) {
    torch::NoGradGuard guard;
    linear->weight.normal_(0.0, 0.02).clamp_(-0.04, 0.04);
    if (linear->bias.defined()) linear->bias.zero_();
}

}  // namespace

void ViTOptions::validate() const {
    auto fail = [](const std::string& key, const std::string& why) {
        throw ConfigError("ViT option '" + key + "': " + why);
    };
    if (imageSize < 1) fail("image_size", "must be positive");
    if (channels < 1) fail("channels", "must be positive");
    if (patchSize < 1 || imageSize % patchSize != 0)
        fail("patch_size", std::to_string(patchSize) + " does not divide the image size " +
                               std::to_string(imageSize));
    if (dim < 1) fail("dim", "must be positive");
    if (depth < 1) fail("depth", "must be positive");
    if (heads < 1 || dim % heads != 0)
        fail("heads", std::to_string(heads) + " does not divide the width " + std::to_string(dim));
    if (!(mlpRatio > 0.0)) fail("mlp_ratio", "must be positive");
    if (numClasses < 0) fail("num_classes", "must not be negative");
}

AttentionImpl::AttentionImpl(int dim, int heads, bool qkvBias)
    : heads_(heads), scale_(1.0 / std::sqrt(static_cast<double>(dim / heads))) {
    qkv = register_module("qkv",
                          torch::nn::Linear(torch::nn::LinearOptions(dim, 3 * dim).bias(qkvBias)));
    proj = register_module("proj", torch::nn::Linear(dim, dim));
    initLinear(qkv);
    initLinear(proj);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x) {
    const auto b = x.size(0), t = x.size(1), d = x.size(2);
    // [B, T, 3, H, Dh] -> [3, B, H, T, Dh]
    const torch::Tensor qkvOut =
        qkv(x).reshape({b, t, 3, heads_, d / heads_}).permute({2, 0, 3, 1, 4});
    const torch::Tensor q = qkvOut[0], k = qkvOut[1], v = qkvOut[2];
    const torch::Tensor attn = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * scale_, -1);
    const torch::Tensor out = torch::matmul(attn, v).transpose(1, 2).reshape({b, t, d});
    return proj(out);
}

MlpImpl::MlpImpl(int dim, int hidden) {
    fc1 = register_module("fc1", torch::nn::Linear(dim, hidden));
    fc2 = register_module("fc2", torch::nn::Linear(hidden, dim));
    initLinear(fc1);
    initLinear(fc2);
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
    return fc2(torch::gelu(fc1(x)));
}

BlockImpl::BlockImpl(const ViTOptions& o) {
    norm1 = register_module("norm1", layerNorm(o.dim, o.normEps));
    attn = register_module("attn", Attention(o.dim, o.heads, o.qkvBias));
    norm2 = register_module("norm2", layerNorm(o.dim, o.normEps));
    mlp = register_module("mlp", Mlp(o.dim, static_cast<int>(std::lround(o.dim * o.mlpRatio))));
}

torch::Tensor BlockImpl::forward(const torch::Tensor& x) {
    torch::Tensor y = x + attn(norm1(x));
    return y + mlp(norm2(y));
}

PatchEmbedImpl::PatchEmbedImpl(int channels, int patchSize, int dim) {
    proj = register_module(
        "proj",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, dim, patchSize).stride(patchSize)));
}

torch::Tensor PatchEmbedImpl::forward(const torch::Tensor& x) {
    return proj(x).flatten(2).transpose(1, 2);
}

VisionTransformerImpl::VisionTransformerImpl(ViTOptions options) : options_(options) {
    options_.validate();
    const ViTOptions& o = options_;
    patch_embed = register_module("patch_embed", PatchEmbed(o.channels, o.patchSize, o.dim));
    cls_token = register_parameter("cls_token", torch::zeros({1, 1, o.dim}));
    pos_embed = register_parameter("pos_embed", torch::zeros({1, o.tokens(), o.dim}));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int i = 0; i < o.depth; ++i)
        blocks->push_back(Block(o));
    norm = register_module("norm", layerNorm(o.dim, o.normEps));
    if (o.numClasses > 0) {
        head = register_module("head", torch::nn::Linear(o.dim, o.numClasses));
        initLinear(head);
    }
    torch::NoGradGuard guard;
    pos_embed.normal_(0.0, 0.02).clamp_(-0.04, 0.04);
    cls_token.normal_(0.0, 1e-6);
}

torch::Tensor VisionTransformerImpl::embed(const torch::Tensor& images) {
    const torch::Tensor patches = patch_embed(images);
    const torch::Tensor cls = cls_token.expand({patches.size(0), -1, -1});
    return torch::cat({cls, patches}, 1) + pos_embed;
}

torch::Tensor VisionTransformerImpl::forwardFeatures(const torch::Tensor& images) {
    torch::Tensor x = embed(images);
    for (const auto& block : *blocks)
        x = block->as<BlockImpl>()->forward(x);
    return norm(x);
}

torch::Tensor VisionTransformerImpl::features(const torch::Tensor& images) {
    return forwardFeatures(images).select(1, 0);
}

torch::Tensor VisionTransformerImpl::forward(const torch::Tensor& images) {
    TORCH_CHECK(!head.is_empty(), "this ViT has no head (numClasses = 0)");
    return head(features(images));
}

void VisionTransformerImpl::pretty_print(std::ostream& stream) const {
    const ViTOptions& o = options_;
    stream << "pf::models::VisionTransformer(image=" << o.imageSize << ", channels=" << o.channels
           << ", patch=" << o.patchSize << ", dim=" << o.dim << ", depth=" << o.depth
           << ", heads=" << o.heads << ", mlp_ratio=" << o.mlpRatio << ", classes=" << o.numClasses
           << ")";
}

}  // namespace pf::models
