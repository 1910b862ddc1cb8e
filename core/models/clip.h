#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <nlohmann/json.hpp>

/// CLIP (Radford et al., 2021) with OpenAI's parameter names, so that OpenAI and open_clip
/// checkpoints map onto it name for name:
///   visual.{conv1, class_embedding, positional_embedding, ln_pre, transformer.resblocks.N.*,
///           ln_post, proj}
///   token_embedding, positional_embedding, transformer.resblocks.N.*, ln_final,
///   text_projection, logit_scale
/// with resblocks.N.{ln_1, attn.in_proj_weight, attn.in_proj_bias, attn.out_proj, ln_2,
/// mlp.c_fc, mlp.c_proj} and QuickGELU. Tensors are batch-first here (OpenAI's code is
/// sequence-first); the weights are the same.
namespace pf::models {

/// The image tower's shape. Defaults: ViT-B/16.
struct ClipVisionOptions {
    int imageSize = 224;  ///< input side in pixels; a multiple of patchSize
    int channels = 3;     ///< input channels
    int patchSize = 16;   ///< patch side
    int width = 768;      ///< token width
    int layers = 12;      ///< residual attention blocks
    int heads = 12;       ///< attention heads (OpenAI: width / 64)
    int outputDim = 512;  ///< joint embedding size (columns of `proj`)
};

/// The text tower's shape. Defaults: ViT-B/16's.
struct ClipTextOptions {
    int contextLength = 77;  ///< tokens per text, SOS and EOS included
    int vocabSize = 49408;   ///< rows of token_embedding
    int width = 512;         ///< token width
    int layers = 12;         ///< residual attention blocks
    int heads = 8;           ///< attention heads (OpenAI: width / 64)
    int outputDim = 512;     ///< joint embedding size (columns of `text_projection`)
};

struct ClipOptions {
    ClipVisionOptions vision;
    ClipTextOptions text;

    /// Throws pf::ConfigError naming the first inconsistent field (e.g. "vision.heads").
    void validate() const;
    nlohmann::json toJson() const;
    /// Inverse of toJson; throws pf::ConfigError naming a missing or bad field.
    static ClipOptions fromJson(const nlohmann::json& j);
};

/// CLIP's attention: nn.MultiheadAttention's parameter names.
class ClipAttentionImpl : public torch::nn::Module {
public:
    ClipAttentionImpl(int width, int heads);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {});

    torch::Tensor in_proj_weight;
    torch::Tensor in_proj_bias;
    torch::nn::Linear out_proj{nullptr};

private:
    int heads_;
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public torch::nn::Module {
public:
    explicit ClipMlpImpl(int width);
    /// c_proj(QuickGELU(c_fc(x))), QuickGELU(x) = x * sigmoid(1.702 x)
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear c_fc{nullptr};
    torch::nn::Linear c_proj{nullptr};
};
TORCH_MODULE(ClipMlp);

class ResidualAttentionBlockImpl : public torch::nn::Module {
public:
    ResidualAttentionBlockImpl(int width, int heads);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {});

    torch::nn::LayerNorm ln_1{nullptr};
    ClipAttention attn{nullptr};
    torch::nn::LayerNorm ln_2{nullptr};
    ClipMlp mlp{nullptr};
};
TORCH_MODULE(ResidualAttentionBlock);

class ClipTransformerImpl : public torch::nn::Module {
public:
    ClipTransformerImpl(int width, int layers, int heads);
    /// x: [B, T, W]; mask: optional additive [T, T].
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& mask = {});

    torch::nn::ModuleList resblocks{nullptr};
};
TORCH_MODULE(ClipTransformer);

/// The image tower.
class ClipVisionImpl : public torch::nn::Module {
public:
    explicit ClipVisionImpl(const ClipVisionOptions& options);

    /// Image features [B, outputDim]. Without a prompt: the class token's output. With a visual
    /// prompt [1 or B, L, width] (inserted after ln_pre, between the class token and the
    /// patches): the mean of the outputs at the prompt positions, or the class token's output
    /// when `classTokenReadout`. Then ln_post and proj.
    torch::Tensor forward(const torch::Tensor& images, const torch::Tensor& prompt = {},
                          bool classTokenReadout = false);

    const ClipVisionOptions& options() const { return options_; }

    torch::nn::Conv2d conv1{nullptr};
    torch::Tensor class_embedding;
    torch::Tensor positional_embedding;
    torch::nn::LayerNorm ln_pre{nullptr};
    ClipTransformer transformer{nullptr};
    torch::nn::LayerNorm ln_post{nullptr};
    torch::Tensor proj;

private:
    ClipVisionOptions options_;
};
TORCH_MODULE(ClipVision);

/// Both towers and the logit scale.
class ClipModelImpl : public torch::nn::Module {
public:
    explicit ClipModelImpl(const ClipOptions& options);

    /// Image features [B, outputDim] (see ClipVisionImpl::forward), not normalised.
    torch::Tensor encodeImage(const torch::Tensor& images, const torch::Tensor& prompt = {},
                              bool classTokenReadout = false);

    /// Text features [N, outputDim] of token rows [N, contextLength] (SOS ... EOS, zero
    /// padded): the output at the EOS position (the row's largest id, as in CLIP) after
    /// ln_final, times text_projection.
    torch::Tensor encodeText(const torch::Tensor& tokens);

    /// Class-specific CoOp: text features [N, outputDim] with learned context vectors
    /// `context` [N, M, width] spliced in right after SOS:
    ///   [SOS] ctx_1..ctx_M <tokens of the row after SOS> ...
    /// The row's tail is cut to keep contextLength tokens; its EOS must survive the cut.
    torch::Tensor encodeTextWithContext(const torch::Tensor& tokens, const torch::Tensor& context);

    /// logit_scale.exp() * normalize(image) @ normalize(text).T: [B, N].
    torch::Tensor logits(const torch::Tensor& imageFeatures, const torch::Tensor& textFeatures);

    const ClipOptions& options() const { return options_; }
    void pretty_print(std::ostream& stream) const override;

    /// As Module::to, and the causal mask (not a weight, so not a buffer) moves with the
    /// weights: the text tower never copies it host to device, nor converts it.
    void to(torch::Device device, torch::Dtype dtype, bool nonBlocking = false) override;
    void to(torch::Dtype dtype, bool nonBlocking = false) override;
    void to(torch::Device device, bool nonBlocking = false) override;

    ClipVision visual{nullptr};
    torch::nn::Embedding token_embedding{nullptr};
    torch::Tensor positional_embedding;
    ClipTransformer transformer{nullptr};
    torch::nn::LayerNorm ln_final{nullptr};
    torch::Tensor text_projection;
    torch::Tensor logit_scale;

private:
    torch::Tensor encodeEmbedded(const torch::Tensor& embedded, const torch::Tensor& eos);
    ClipOptions options_;
    torch::Tensor causalMask_;
};
TORCH_MODULE(ClipModel);

}  // namespace pf::models
