#include "models/vit.h"

#include <cmath>

#include <torch/torch.h>

#include "common/error.h"
#include "models/attention.h"
#include "models/fused_ops.h"

namespace pf::models {
namespace {

torch::nn::LayerNorm makeLayerNorm(int dim, double eps) {
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

nlohmann::json ViTOptions::toJson() const {
    return {{"image_size", imageSize}, {"channels", channels},
            {"patch_size", patchSize}, {"dim", dim},
            {"depth", depth},          {"heads", heads},
            {"mlp_ratio", mlpRatio},   {"num_classes", numClasses}};
}

ViTOptions ViTOptions::fromJson(const nlohmann::json& j) {
    auto integer = [&](const char* key) {
        if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer())
            throw ConfigError(std::string("ViT option '") + key + "' is missing or not an integer");
        return j[key].get<int>();
    };
    ViTOptions o;
    o.imageSize = integer("image_size");
    o.channels = integer("channels");
    o.patchSize = integer("patch_size");
    o.dim = integer("dim");
    o.depth = integer("depth");
    o.heads = integer("heads");
    o.numClasses = integer("num_classes");
    if (!j.contains("mlp_ratio") || !j["mlp_ratio"].is_number())
        throw ConfigError("ViT option 'mlp_ratio' is missing or not a number");
    o.mlpRatio = j["mlp_ratio"].get<double>();
    o.validate();
    return o;
}

AttentionImpl::AttentionImpl(int dim, int heads, bool qkvBias) : heads_(heads) {
    qkv = register_module("qkv",
                          torch::nn::Linear(torch::nn::LinearOptions(dim, 3 * dim).bias(qkvBias)));
    proj = register_module("proj", torch::nn::Linear(dim, dim));
    initLinear(qkv);
    initLinear(proj);
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& prefix) {
    return multiHeadAttention(x, qkv->weight, qkv->bias, proj->weight, proj->bias, heads_, {},
                              prefix);
}

MlpImpl::MlpImpl(int dim, int hidden) {
    fc1 = register_module("fc1", torch::nn::Linear(dim, hidden));
    fc2 = register_module("fc2", torch::nn::Linear(hidden, dim));
    initLinear(fc1);
    initLinear(fc2);
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
    torch::Tensor h = fc1(x);
    // Without autograd (evaluation) the hidden layer, fc1's own fresh output, is overwritten in
    // place: no second buffer of batch x tokens x hidden floats to allocate and fill.
    return fc2(torch::GradMode::is_enabled() ? torch::gelu(h) : torch::gelu_(h));
}

BlockImpl::BlockImpl(const ViTOptions& o) {
    norm1 = register_module("norm1", makeLayerNorm(o.dim, o.normEps));
    attn = register_module("attn", Attention(o.dim, o.heads, o.qkvBias));
    norm2 = register_module("norm2", makeLayerNorm(o.dim, o.normEps));
    mlp = register_module("mlp", Mlp(o.dim, static_cast<int>(std::lround(o.dim * o.mlpRatio))));
}

torch::Tensor BlockImpl::forward(const torch::Tensor& x, const torch::Tensor& prefix) {
    torch::Tensor y = x + attn(layerNorm(norm1, x), prefix);
    return y + mlp(layerNorm(norm2, y));
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
    norm = register_module("norm", makeLayerNorm(o.dim, o.normEps));
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
    return layerNorm(norm, x);
}

torch::Tensor VisionTransformerImpl::features(const torch::Tensor& images) {
    return forwardFeatures(images).select(1, 0);
}

torch::Tensor VisionTransformerImpl::forward(const torch::Tensor& images) {
    TORCH_CHECK(!head.is_empty(), "this ViT has no head (numClasses = 0)");
    return head(features(images));
}

torch::Tensor VisionTransformerImpl::forwardPrompted(const torch::Tensor& images,
                                                     const PromptInputs& prompts,
                                                     int* promptTokens) {
    const auto b = images.size(0);
    const auto d = options_.dim;
    auto batched = [&](const torch::Tensor& p, const char* what) {
        TORCH_CHECK(p.dim() == 3 && p.size(2) == d && (p.size(0) == 1 || p.size(0) == b), what,
                    " prompt must be [1 or B, N, ", d, "], got ", p.sizes());
        return p.expand({b, p.size(1), d});
    };
    // Prompt tokens sit after the class token; the class token's position embedding is theirs.
    const torch::Tensor clsPos = pos_embed.narrow(1, 0, 1);
    torch::Tensor x = embed(images);
    int n = 0;
    auto insert = [&](const torch::Tensor& p, bool addPosition) {
        torch::Tensor tokens = batched(p, "VPT");
        if (addPosition) tokens = tokens + clsPos;
        x = torch::cat({x.narrow(1, 0, 1), tokens, x.narrow(1, 1, x.size(1) - 1)}, 1);
        n = static_cast<int>(tokens.size(1));
    };
    if (prompts.shallow.defined()) insert(prompts.shallow, true);
    for (const auto& [block, p] : prompts.deep)
        TORCH_CHECK(block >= 0 && block < options_.depth, "deep prompt for block ", block, " of a ",
                    options_.depth, "-block ViT");
    for (const auto& [block, p] : prompts.prefix)
        TORCH_CHECK(block >= 0 && block < options_.depth, "prefix for block ", block, " of a ",
                    options_.depth, "-block ViT");

    int index = 0;
    for (const auto& module : *blocks) {
        if (auto it = prompts.deep.find(index); it != prompts.deep.end()) {
            if (n == 0) {
                insert(it->second, index == 0);
            } else {
                const torch::Tensor tokens = batched(it->second, "deep");
                TORCH_CHECK(tokens.size(1) == n, "deep prompt of block ", index, " has ",
                            tokens.size(1), " tokens, the sequence holds ", n);
                x = torch::cat({x.narrow(1, 0, 1), tokens, x.narrow(1, 1 + n, x.size(1) - 1 - n)},
                               1);
            }
        }
        torch::Tensor prefix;
        if (auto it = prompts.prefix.find(index); it != prompts.prefix.end()) prefix = it->second;
        x = module->as<BlockImpl>()->forward(x, prefix);
        ++index;
    }
    if (promptTokens) *promptTokens = n;
    return layerNorm(norm, x);
}

torch::Tensor VisionTransformerImpl::featuresPrompted(const torch::Tensor& images,
                                                      const PromptInputs& prompts,
                                                      Pooling pooling) {
    int n = 0;
    const torch::Tensor tokens = forwardPrompted(images, prompts, &n);
    if (pooling == Pooling::ClassToken) return tokens.select(1, 0);
    TORCH_CHECK(n > 0, "prompt-mean pooling without prompt tokens");
    return tokens.narrow(1, 1, n).mean(1);
}

torch::Tensor VisionTransformerImpl::query(const torch::Tensor& images) {
    torch::NoGradGuard guard;
    // A model in eval mode is only read: several threads may ask it at once.
    if (!is_training()) return features(images);
    eval();
    torch::Tensor q = features(images);
    train();
    return q;
}

void VisionTransformerImpl::pretty_print(std::ostream& stream) const {
    const ViTOptions& o = options_;
    stream << "pf::models::VisionTransformer(image=" << o.imageSize << ", channels=" << o.channels
           << ", patch=" << o.patchSize << ", dim=" << o.dim << ", depth=" << o.depth
           << ", heads=" << o.heads << ", mlp_ratio=" << o.mlpRatio << ", classes=" << o.numClasses
           << ")";
}

}  // namespace pf::models
