#include "learners/backbones.h"

#include <cmath>

#include <torch/torch.h>

#include "common/error.h"
#include "models/builtin.h"
#include "models/weights.h"

namespace pf::learners {

void requireImageShape(const std::string& key, int imageSize, int channels, int dataImageSize,
                       int dataChannels, bool builtin) {
    if (imageSize == dataImageSize && channels == dataChannels) return;
    const std::string backbone =
        std::to_string(imageSize) + "-pixel, " + std::to_string(channels) + "-channel images";
    const std::string data =
        std::to_string(dataImageSize) + "-pixel, " + std::to_string(dataChannels) + "-channel";
    if (builtin)
        throw ConfigError("config key '" + key + "' is empty, and the built-in tiny backbone " +
                          "(made for Fashion-MNIST, " + backbone + ") cannot read the " + data +
                          " images of this run: set '" + key +
                          "' to a checkpoint for them (see the README, Data and weights)");
    throw ConfigError("config key '" + key + "': the backbone takes " + backbone +
                      "; the images of this run are " + data +
                      (channels == dataChannels
                           ? " (set image_size to " + std::to_string(imageSize) + " to resize them)"
                           : std::string()));
}

void freeze(torch::nn::Module& module) {
    for (auto& p : module.parameters())
        p.set_requires_grad(false);
    module.eval();
}

ClipBackbone loadClipBackbone(const std::string& weights, const std::string& vocabulary) {
    ClipBackbone b;
    try {
        if (weights.empty()) {
            b.clip = models::loadBuiltinClip();
            b.tokenizer = models::builtinTokenizer();
        } else {
            if (vocabulary.empty())
                throw ConfigError("config key 'clip_vocab': CLIP weights from '" + weights +
                                  "' need CLIP's BPE merges file (bpe_simple_vocab_16e6.txt.gz)");
            b.clip = models::loadClip(models::readCheckpoint(weights));
            b.tokenizer = models::ClipBpeTokenizer::fromFile(vocabulary);
        }
    } catch (const CheckpointError& e) {
        throw CheckpointError(std::string("config key 'clip_weights': ") + e.what());
    }
    if (b.tokenizer->vocabularySize() > b.clip->options().text.vocabSize)
        throw CheckpointError("config key 'clip_vocab': the tokenizer has " +
                              std::to_string(b.tokenizer->vocabularySize()) +
                              " ids, the CLIP text tower " +
                              std::to_string(b.clip->options().text.vocabSize));
    freeze(*b.clip);
    return b;
}

models::VisionTransformer loadViTBackbone(const std::string& weights) {
    models::VisionTransformer vit{nullptr};
    try {
        if (weights.empty()) {
            vit = models::loadBuiltinViT();
        } else {
            const models::Checkpoint c = models::readCheckpoint(weights);
            models::ViTOptions o = models::vitOptionsFrom(c);
            o.numClasses = 0;
            vit = models::VisionTransformer(o);
            models::LoadOptions lo;
            lo.skip = {"head."};
            models::loadWeights(*vit, c, lo);
        }
    } catch (const CheckpointError& e) {
        throw CheckpointError(std::string("config key 'vit_weights': ") + e.what());
    }
    freeze(*vit);
    return vit;
}

metrics::TransformerShape transformerShape(const models::ViTOptions& o) {
    metrics::TransformerShape s;
    s.tokens = o.tokens();
    s.dim = o.dim;
    s.hidden = static_cast<std::int64_t>(std::lround(o.dim * o.mlpRatio));
    s.depth = o.depth;
    return s;
}

}  // namespace pf::learners
