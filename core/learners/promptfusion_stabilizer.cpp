// PromptFusion's Stabilizer: frozen CLIP, CoOp contexts per task (frozen and cached when the
// task ends), one shared visual prompt.

#include <algorithm>

#include <torch/torch.h>

#include "common/error.h"
#include "learners/backbones.h"
#include "learners/promptfusion.h"

namespace pf::learners {

void PromptFusionLearner::buildStabilizer() {
    ClipBackbone b = loadClipBackbone(options_.clipWeights, options_.clipVocab);
    clip_ = b.clip;
    tokenizer_ = std::move(b.tokenizer);
    const models::ClipVisionOptions& v = clip_->options().vision;
    requireImageShape("clip_weights", v.imageSize, v.channels, context_.imageSize,
                      context_.channels, options_.clipWeights.empty());
    clip_->to(context_.device);
    // "[SOS] <name>. [EOS]" per class; the contexts are spliced in after SOS.
    const int ctxLen = clip_->options().text.contextLength;
    std::vector<std::string> texts;
    for (std::string name : context_.classNames) {
        // Lower case, and "aquarium_fish" reads "aquarium fish" (as the reference does).
        for (char& c : name)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c + 32);
            else if (c == '_')
                c = ' ';
        texts.push_back(name + ".");
    }
    const auto rows = tokenizer_->tokenize(texts, ctxLen);
    std::vector<std::int64_t> flat;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        const auto eos = std::find(row.begin(), row.end(), tokenizer_->endToken()) - row.begin();
        if (eos + options_.textContext >= ctxLen)
            throw ConfigError("config key 'text_context': " + std::to_string(options_.textContext) +
                              " context tokens leave no room for class name '" +
                              context_.classNames[i] + "' in the " + std::to_string(ctxLen) +
                              "-token context");
        flat.insert(flat.end(), row.begin(), row.end());
    }
    classTokens_ =
        torch::tensor(flat, torch::kLong).view({context_.totalClasses, ctxLen}).to(context_.device);
    if (options_.visualPrompt > 0)
        visualPrompt_ = torch::randn({1, options_.visualPrompt, v.width},
                                     torch::TensorOptions().device(context_.device))
                            .requires_grad_(true);
}

torch::Tensor PromptFusionLearner::stabilizerScores(const torch::Tensor& imageFeatures,
                                                    const torch::Tensor& textFeatures) {
    if (options_.stabilizerLogitScale <= 0.0) return clip_->logits(imageFeatures, textFeatures);
    const torch::Tensor img = imageFeatures / imageFeatures.norm(2, -1, true);
    const torch::Tensor txt = textFeatures / textFeatures.norm(2, -1, true);
    return options_.stabilizerLogitScale * torch::matmul(img, txt.t());
}

torch::Tensor PromptFusionLearner::stabilizerImageFeatures(const torch::Tensor& images) {
    return clip_->encodeImage(images, visualPrompt_, options_.stabilizerReadout == "class-token");
}

torch::Tensor PromptFusionLearner::currentTextFeatures() {
    return clip_->encodeTextWithContext(classTokens_.narrow(0, task_.firstClass, task_.classes),
                                        contexts_.back());
}

bool PromptFusionLearner::contextsTraining() const {
    return !contexts_.empty() && contexts_.back().requires_grad();
}

torch::Tensor PromptFusionLearner::trainingTextFeatures(const torch::Tensor& current) {
    // Old classes' contexts are frozen: their features come from the cache, and the text tower
    // runs only over the current task's classes (none in a later domain-il task).
    if (!contextsTraining()) return cachedText_;
    const torch::Tensor now = current.defined() ? current : currentTextFeatures();
    return cachedText_.defined() ? torch::cat({cachedText_, now}) : now;
}

torch::Tensor PromptFusionLearner::recomputedTextFeatures() {
    std::vector<torch::Tensor> parts;
    int first = 0;
    for (const torch::Tensor& ctx : contexts_) {
        const auto n = ctx.size(0);
        parts.push_back(clip_->encodeTextWithContext(classTokens_.narrow(0, first, n), ctx));
        first += static_cast<int>(n);
    }
    return torch::cat(parts);
}

torch::Tensor PromptFusionLearner::stabilizerLogits(const torch::Tensor& images, bool current,
                                                    const torch::Tensor& currentText) {
    const torch::Tensor img = stabilizerImageFeatures(images);
    torch::Tensor txt;
    if (current) {
        txt = trainingTextFeatures(currentText);
    } else {
        TORCH_CHECK(cachedText_.defined(), "no task has ended yet");
        txt = cachedText_;
    }
    return stabilizerScores(img, txt);
}

torch::Tensor PromptFusionLearner::stabilizerLogitsWith(const torch::Tensor& images,
                                                        const torch::Tensor& text) {
    return stabilizerScores(stabilizerImageFeatures(images), text);
}

}  // namespace pf::learners
