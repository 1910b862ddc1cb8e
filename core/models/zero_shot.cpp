#include "models/zero_shot.h"

#include <torch/torch.h>

namespace pf::models {

const std::vector<std::string>& captionTemplates() {
    static const std::vector<std::string> templates = {
        "a photo of a {}.",
        "a picture of a {}.",
        "an image of a {}.",
        "a photograph of a {}.",
        "a black and white photo of a {}.",
        "a low resolution photo of a {}.",
        "a small photo of a {}.",
        "a grey photo of the {}.",
    };
    return templates;
}

std::string caption(const std::string& templ, const std::string& className) {
    std::string name = className;
    for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    std::string out = templ;
    const auto at = out.find("{}");
    if (at != std::string::npos) out.replace(at, 2, name);
    return out;
}

torch::Tensor captionTokens(const Tokenizer& tokenizer, const std::vector<std::string>& classNames,
                            int contextLength) {
    std::vector<std::string> texts;
    for (const std::string& name : classNames)
        for (const std::string& t : captionTemplates())
            texts.push_back(caption(t, name));
    std::vector<std::int64_t> flat;
    for (const auto& row : tokenizer.tokenize(texts, contextLength))
        flat.insert(flat.end(), row.begin(), row.end());
    return torch::tensor(flat, torch::kLong)
        .view({static_cast<std::int64_t>(texts.size()), contextLength});
}

torch::Tensor zeroShotClassEmbeddings(ClipModel& clip, const Tokenizer& tokenizer,
                                      const std::vector<std::string>& classNames) {
    torch::NoGradGuard guard;
    const torch::Tensor tokens =
        captionTokens(tokenizer, classNames, clip->options().text.contextLength)
            .to(clip->text_projection.device());
    torch::Tensor f = clip->encodeText(tokens);
    f = f / f.norm(2, -1, true);
    f = f.view({static_cast<std::int64_t>(classNames.size()), -1, f.size(1)}).mean(1);
    return f / f.norm(2, -1, true);
}

double zeroShotAccuracy(ClipModel& clip, const torch::Tensor& classes, data::BatchLoader& loader) {
    auto [features, targets] =
        data::encodeAll(loader, [&](const torch::Tensor& x) { return clip->encodeImage(x); });
    if (!features.defined() || features.size(0) == 0) return 0.0;
    torch::NoGradGuard guard;
    features = features / features.norm(2, -1, true);
    const std::int64_t correct =
        torch::matmul(features, classes.t()).argmax(1).eq(targets).sum().item<std::int64_t>();
    return static_cast<double>(correct) / static_cast<double>(features.size(0));
}

}  // namespace pf::models
