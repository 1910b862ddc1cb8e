#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <map>

#include <nlohmann/json.hpp>

/// A Vision Transformer with timm's parameter names (patch_embed.proj, cls_token, pos_embed,
/// blocks.N.{norm1, attn.qkv, attn.proj, norm2, mlp.fc1, mlp.fc2}, norm, head), so that timm
/// checkpoints map onto it name for name.
namespace pf::models {

/// Shape of a ViT. The defaults are the built-in tiny configuration for 28x28 grey images.
struct ViTOptions {
    int imageSize = 28;     ///< input side in pixels; must be a multiple of patchSize
    int channels = 1;       ///< input channels
    int patchSize = 4;      ///< patch side in pixels
    int dim = 64;           ///< token width
    int depth = 4;          ///< transformer blocks
    int heads = 4;          ///< attention heads; must divide dim
    double mlpRatio = 2.0;  ///< MLP hidden width = dim x mlpRatio
    int numClasses = 10;    ///< outputs of the head; 0 = no head
    bool qkvBias = true;    ///< bias on the fused qkv projection (timm default)
    double normEps = 1e-6;  ///< LayerNorm epsilon (timm ViTs use 1e-6)

    /// Patches along one side.
    int gridSize() const { return imageSize / patchSize; }
    /// Tokens per image: patches plus the class token.
    int tokens() const { return gridSize() * gridSize() + 1; }
    /// Throws pf::ConfigError naming the first inconsistent field.
    void validate() const;
    /// {"image_size", "channels", "patch_size", "dim", "depth", "heads", "mlp_ratio",
    ///  "num_classes"} - what our checkpoints keep in their "pf.vit" metadata.
    nlohmann::json toJson() const;
    /// Inverse of toJson; throws pf::ConfigError naming a missing or bad field.
    static ViTOptions fromJson(const nlohmann::json& j);
};

/// Multi-head self-attention with a fused qkv projection.
class AttentionImpl : public torch::nn::Module {
public:
    AttentionImpl(int dim, int heads, bool qkvBias);
    /// x: [B, T, D] -> [B, T, D]; `prefix` as in multiHeadAttention (optional).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& prefix = {});

    torch::nn::Linear qkv{nullptr};
    torch::nn::Linear proj{nullptr};

private:
    int heads_;
};
TORCH_MODULE(Attention);

/// Two-layer MLP with exact GELU.
class MlpImpl : public torch::nn::Module {
public:
    MlpImpl(int dim, int hidden);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear fc1{nullptr};
    torch::nn::Linear fc2{nullptr};
};
TORCH_MODULE(Mlp);

/// Pre-norm transformer block: x + attn(norm1(x)), then x + mlp(norm2(x)).
class BlockImpl : public torch::nn::Module {
public:
    explicit BlockImpl(const ViTOptions& options);
    /// `prefix`: optional key/value prefix for this block's attention.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& prefix = {});

    torch::nn::LayerNorm norm1{nullptr};
    Attention attn{nullptr};
    torch::nn::LayerNorm norm2{nullptr};
    Mlp mlp{nullptr};
};
TORCH_MODULE(Block);

/// Non-overlapping patches projected by a strided convolution.
class PatchEmbedImpl : public torch::nn::Module {
public:
    PatchEmbedImpl(int channels, int patchSize, int dim);
    /// [B, C, H, W] -> [B, N, D]
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d proj{nullptr};
};
TORCH_MODULE(PatchEmbed);

/// Prompts for one forward pass of the ViT. Every part is optional; tensors with a leading
/// dimension of 1 are shared by the whole batch. All prompt tensors are inputs: the learner that
/// owns them decides what is trained.
struct PromptInputs {
    /// VPT-shallow: [1 or B, N, D] tokens inserted after the class token at the input. Their
    /// position embedding is a copy of the class token's.
    torch::Tensor shallow;
    /// VPT-deep: block index -> [1 or B, N, D]. At the input of that block the prompt tokens
    /// (positions 1..N) are replaced by these; if no prompt is present yet they are inserted
    /// after the class token (with the class token's position embedding when at block 0).
    std::map<int, torch::Tensor> deep;
    /// Prefix-tuning: block index -> [1 or B, 2, Lp, D] keys and values put in front of that
    /// block's attention keys and values (DualPrompt's G- and E-prompts).
    std::map<int, torch::Tensor> prefix;
};

/// What a prompted forward pass returns as the image feature.
enum class Pooling {
    ClassToken,  ///< the class token's output
    PromptMean,  ///< the mean of the outputs at the prompt positions (VPT in PromptFusion)
};

class VisionTransformerImpl : public torch::nn::Module {
public:
    explicit VisionTransformerImpl(ViTOptions options);

    /// Patch tokens with the class token prepended and position embeddings added: [B, 1+N, D].
    torch::Tensor embed(const torch::Tensor& images);
    /// All tokens after the blocks and the final norm: [B, 1+N, D].
    torch::Tensor forwardFeatures(const torch::Tensor& images);
    /// The class-token feature after the final norm: [B, D].
    torch::Tensor features(const torch::Tensor& images);
    /// Head outputs over all numClasses: [B, numClasses].
    torch::Tensor forward(const torch::Tensor& images);

    /// All tokens after the blocks and the final norm, with prompts: [B, 1 + N + patches, D].
    /// `promptTokens` receives N, the number of prompt tokens after the class token.
    torch::Tensor forwardPrompted(const torch::Tensor& images, const PromptInputs& prompts,
                                  int* promptTokens = nullptr);
    /// The pooled feature of a prompted pass: [B, D]. PromptMean needs prompt tokens.
    torch::Tensor featuresPrompted(const torch::Tensor& images, const PromptInputs& prompts,
                                   Pooling pooling);
    /// The query of prompt-pool methods: the class-token feature of the model without prompts,
    /// computed without gradients, in eval mode: [B, D]. Writes the module's mode only when it
    /// is training, so a model kept in eval mode may be asked from several threads at once.
    torch::Tensor query(const torch::Tensor& images);

    void pretty_print(std::ostream& stream) const override;

    const ViTOptions& options() const { return options_; }

    PatchEmbed patch_embed{nullptr};
    torch::Tensor cls_token;
    torch::Tensor pos_embed;
    torch::nn::ModuleList blocks{nullptr};
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::Linear head{nullptr};

private:
    ViTOptions options_;
};
TORCH_MODULE(VisionTransformer);

}  // namespace pf::models
