#include "models/clip.h"

#include <cmath>
#include <limits>

#include <torch/torch.h>

#include "common/error.h"
#include "models/attention.h"
#include "models/fused_ops.h"

namespace pf::models {
namespace {

torch::nn::LayerNorm makeLayerNorm(int width) {
    // OpenAI's CLIP uses LayerNorm's default epsilon.
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(1e-5));
}

void requirePositive(int value, const std::string& field) {
    if (value < 1)
        throw ConfigError("CLIP option '" + field + "' must be positive, got " +
                          std::to_string(value));
}

void requireDivides(int heads, int width, const std::string& field) {
    if (width % heads != 0)
        throw ConfigError("CLIP option '" + field + "': " + std::to_string(heads) +
                          " heads do not divide the width " + std::to_string(width));
}

}  // namespace

void ClipOptions::validate() const {
    const ClipVisionOptions& v = vision;
    for (auto [value, name] : {std::pair{v.imageSize, "vision.image_size"},
                               {v.channels, "vision.channels"},
                               {v.patchSize, "vision.patch_size"},
                               {v.width, "vision.width"},
                               {v.layers, "vision.layers"},
                               {v.heads, "vision.heads"},
                               {v.outputDim, "vision.output_dim"},
                               {text.contextLength, "text.context_length"},
                               {text.vocabSize, "text.vocab_size"},
                               {text.width, "text.width"},
                               {text.layers, "text.layers"},
                               {text.heads, "text.heads"},
                               {text.outputDim, "text.output_dim"}})
        requirePositive(value, name);
    if (v.imageSize % v.patchSize != 0)
        throw ConfigError("CLIP option 'vision.patch_size': " + std::to_string(v.patchSize) +
                          " does not divide the image size " + std::to_string(v.imageSize));
    requireDivides(v.heads, v.width, "vision.heads");
    requireDivides(text.heads, text.width, "text.heads");
    if (v.outputDim != text.outputDim)
        throw ConfigError("CLIP options 'vision.output_dim' (" + std::to_string(v.outputDim) +
                          ") and 'text.output_dim' (" + std::to_string(text.outputDim) +
                          ") differ");
}

nlohmann::json ClipOptions::toJson() const {
    return {{"vision",
             {{"image_size", vision.imageSize},
              {"channels", vision.channels},
              {"patch_size", vision.patchSize},
              {"width", vision.width},
              {"layers", vision.layers},
              {"heads", vision.heads},
              {"output_dim", vision.outputDim}}},
            {"text",
             {{"context_length", text.contextLength},
              {"vocab_size", text.vocabSize},
              {"width", text.width},
              {"layers", text.layers},
              {"heads", text.heads},
              {"output_dim", text.outputDim}}}};
}

ClipOptions ClipOptions::fromJson(const nlohmann::json& j) {
    auto get = [&](const char* tower, const char* key) {
        if (!j.is_object() || !j.contains(tower) || !j[tower].contains(key) ||
            !j[tower][key].is_number_integer())
            throw ConfigError(std::string("CLIP option '") + tower + "." + key +
                              "' is missing or not an integer");
        return j[tower][key].get<int>();
    };
    ClipOptions o;
    o.vision.imageSize = get("vision", "image_size");
    o.vision.channels = get("vision", "channels");
    o.vision.patchSize = get("vision", "patch_size");
    o.vision.width = get("vision", "width");
    o.vision.layers = get("vision", "layers");
    o.vision.heads = get("vision", "heads");
    o.vision.outputDim = get("vision", "output_dim");
    o.text.contextLength = get("text", "context_length");
    o.text.vocabSize = get("text", "vocab_size");
    o.text.width = get("text", "width");
    o.text.layers = get("text", "layers");
    o.text.heads = get("text", "heads");
    o.text.outputDim = get("text", "output_dim");
    o.validate();
    return o;
}

ClipAttentionImpl::ClipAttentionImpl(int width, int heads) : heads_(heads) {
    in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * width, width}));
    in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * width}));
    out_proj = register_module("out_proj", torch::nn::Linear(width, width));
    torch::NoGradGuard guard;
    torch::nn::init::xavier_uniform_(in_proj_weight);
    out_proj->bias.zero_();
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
    return multiHeadAttention(x, in_proj_weight, in_proj_bias, out_proj->weight, out_proj->bias,
                              heads_, mask);
}

ClipMlpImpl::ClipMlpImpl(int width) {
    c_fc = register_module("c_fc", torch::nn::Linear(width, 4 * width));
    c_proj = register_module("c_proj", torch::nn::Linear(4 * width, width));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x) {
    torch::Tensor h = c_fc(x);
    // Without autograd (evaluation) QuickGELU overwrites h, c_fc's own fresh output, in place.
    return c_proj(torch::GradMode::is_enabled() ? quickGelu(h) : quickGelu_(h));
}

ResidualAttentionBlockImpl::ResidualAttentionBlockImpl(int width, int heads) {
    ln_1 = register_module("ln_1", makeLayerNorm(width));
    attn = register_module("attn", ClipAttention(width, heads));
    ln_2 = register_module("ln_2", makeLayerNorm(width));
    mlp = register_module("mlp", ClipMlp(width));
}

torch::Tensor ResidualAttentionBlockImpl::forward(const torch::Tensor& x,
                                                  const torch::Tensor& mask) {
    const torch::Tensor y = x + attn(layerNorm(ln_1, x), mask);
    return y + mlp(layerNorm(ln_2, y));
}

ClipTransformerImpl::ClipTransformerImpl(int width, int layers, int heads) {
    resblocks = register_module("resblocks", torch::nn::ModuleList());
    for (int i = 0; i < layers; ++i)
        resblocks->push_back(ResidualAttentionBlock(width, heads));
}

torch::Tensor ClipTransformerImpl::forward(torch::Tensor x, const torch::Tensor& mask) {
    for (const auto& block : *resblocks)
        x = block->as<ResidualAttentionBlockImpl>()->forward(x, mask);
    return x;
}

ClipVisionImpl::ClipVisionImpl(const ClipVisionOptions& o) : options_(o) {
    const int grid = o.imageSize / o.patchSize;
    const double scale = 1.0 / std::sqrt(static_cast<double>(o.width));
    conv1 = register_module(
        "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.channels, o.width, o.patchSize)
                                       .stride(o.patchSize)
                                       .bias(false)));
    class_embedding = register_parameter("class_embedding", torch::randn({o.width}) * scale);
    positional_embedding = register_parameter("positional_embedding",
                                              torch::randn({grid * grid + 1, o.width}) * scale);
    ln_pre = register_module("ln_pre", makeLayerNorm(o.width));
    transformer = register_module("transformer", ClipTransformer(o.width, o.layers, o.heads));
    ln_post = register_module("ln_post", makeLayerNorm(o.width));
    proj = register_parameter("proj", torch::randn({o.width, o.outputDim}) * scale);
}

torch::Tensor ClipVisionImpl::forward(const torch::Tensor& images, const torch::Tensor& prompt,
                                      bool classTokenReadout) {
    const auto b = images.size(0);
    torch::Tensor x = conv1(images).flatten(2).transpose(1, 2);  // [B, grid^2, W]
    const torch::Tensor cls = class_embedding.view({1, 1, -1}).expand({b, 1, options_.width});
    x = layerNorm(ln_pre, torch::cat({cls, x}, 1) + positional_embedding);
    int n = 0;
    if (prompt.defined()) {
        TORCH_CHECK(prompt.dim() == 3 && prompt.size(2) == options_.width &&
                        (prompt.size(0) == 1 || prompt.size(0) == b),
                    "visual prompt must be [1 or B, L, ", options_.width, "], got ",
                    prompt.sizes());
        n = static_cast<int>(prompt.size(1));
        x = torch::cat({x.narrow(1, 0, 1), prompt.expand({b, n, options_.width}),
                        x.narrow(1, 1, x.size(1) - 1)},
                       1);
    }
    x = transformer(x);
    const torch::Tensor pooled =
        n > 0 && !classTokenReadout ? x.narrow(1, 1, n).mean(1) : x.select(1, 0);
    return torch::matmul(layerNorm(ln_post, pooled), proj);
}

ClipModelImpl::ClipModelImpl(const ClipOptions& options) : options_(options) {
    options_.validate();
    const ClipTextOptions& t = options_.text;
    visual = register_module("visual", ClipVision(options_.vision));
    token_embedding =
        register_module("token_embedding", torch::nn::Embedding(t.vocabSize, t.width));
    positional_embedding =
        register_parameter("positional_embedding", torch::empty({t.contextLength, t.width}));
    transformer = register_module("transformer", ClipTransformer(t.width, t.layers, t.heads));
    ln_final = register_module("ln_final", makeLayerNorm(t.width));
    text_projection = register_parameter("text_projection", torch::empty({t.width, t.outputDim}));
    logit_scale = register_parameter("logit_scale", torch::full({}, std::log(1.0 / 0.07)));
    torch::NoGradGuard guard;
    token_embedding->weight.normal_(0.0, 0.02);
    positional_embedding.normal_(0.0, 0.01);
    text_projection.normal_(0.0, 1.0 / std::sqrt(static_cast<double>(t.width)));
    // Not a buffer: rebuilt, never saved (it is not a weight); to() moves it.
    causalMask_ =
        torch::full({t.contextLength, t.contextLength}, -std::numeric_limits<float>::infinity())
            .triu(1);
}

void ClipModelImpl::to(torch::Device device, torch::Dtype dtype, bool nonBlocking) {
    torch::nn::Module::to(device, dtype, nonBlocking);
    causalMask_ = causalMask_.to(device, dtype);
}

void ClipModelImpl::to(torch::Dtype dtype, bool nonBlocking) {
    torch::nn::Module::to(dtype, nonBlocking);
    causalMask_ = causalMask_.to(dtype);
}

void ClipModelImpl::to(torch::Device device, bool nonBlocking) {
    torch::nn::Module::to(device, nonBlocking);
    causalMask_ = causalMask_.to(device);
}

torch::Tensor ClipModelImpl::encodeImage(const torch::Tensor& images, const torch::Tensor& prompt,
                                         bool classTokenReadout) {
    return visual(images, prompt, classTokenReadout);
}

torch::Tensor ClipModelImpl::encodeEmbedded(const torch::Tensor& embedded,
                                            const torch::Tensor& eos) {
    torch::Tensor x = transformer(embedded + positional_embedding, causalMask_);
    x = layerNorm(ln_final, x);
    const torch::Tensor rows =
        torch::arange(x.size(0), torch::TensorOptions(torch::kLong).device(x.device()));
    return torch::matmul(x.index({rows, eos}), text_projection);
}

torch::Tensor ClipModelImpl::encodeText(const torch::Tensor& tokens) {
    TORCH_CHECK(tokens.dim() == 2 && tokens.size(1) == options_.text.contextLength,
                "token rows must be [N, ", options_.text.contextLength, "]");
    return encodeEmbedded(token_embedding(tokens), tokens.argmax(-1));
}

torch::Tensor ClipModelImpl::encodeTextWithContext(const torch::Tensor& tokens,
                                                   const torch::Tensor& context) {
    const auto ctxLen = options_.text.contextLength;
    TORCH_CHECK(tokens.dim() == 2 && tokens.size(1) == ctxLen, "token rows must be [N, ", ctxLen,
                "]");
    TORCH_CHECK(context.dim() == 3 && context.size(0) == tokens.size(0) &&
                    context.size(2) == options_.text.width,
                "context must be [N, M, ", options_.text.width, "], got ", context.sizes());
    const auto m = context.size(1);
    TORCH_CHECK(m < ctxLen - 1, "context of ", m, " tokens leaves no room in ", ctxLen);
    const torch::Tensor eos = tokens.argmax(-1) + m;
    TORCH_CHECK(eos.max().item<std::int64_t>() < ctxLen,
                "a class name is too long: its EOS falls beyond ", ctxLen, " tokens once ", m,
                " context tokens are inserted");
    const torch::Tensor embedded = token_embedding(tokens);
    const torch::Tensor spliced =
        torch::cat({embedded.narrow(1, 0, 1), context, embedded.narrow(1, 1, ctxLen - 1 - m)}, 1);
    return encodeEmbedded(spliced, eos);
}

torch::Tensor ClipModelImpl::logits(const torch::Tensor& imageFeatures,
                                    const torch::Tensor& textFeatures) {
    const torch::Tensor img = imageFeatures / imageFeatures.norm(2, -1, true);
    const torch::Tensor txt = textFeatures / textFeatures.norm(2, -1, true);
    return logit_scale.exp() * torch::matmul(img, txt.t());
}

void ClipModelImpl::pretty_print(std::ostream& stream) const {
    const ClipVisionOptions& v = options_.vision;
    const ClipTextOptions& t = options_.text;
    stream << "pf::models::ClipModel(vision: image=" << v.imageSize << ", patch=" << v.patchSize
           << ", width=" << v.width << ", layers=" << v.layers << ", heads=" << v.heads
           << "; text: context=" << t.contextLength << ", vocab=" << t.vocabSize
           << ", width=" << t.width << ", layers=" << t.layers << ", heads=" << t.heads
           << "; embed=" << v.outputDim << ")";
}

}  // namespace pf::models
