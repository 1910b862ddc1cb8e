#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/fields.h"

/// Pretraining of the built-in tiny backbones on a data set's pretraining pool (the training
/// images no task uses): a tiny CLIP, contrastively, on captions made from the class names, and
/// a tiny ViT, supervised, whose head is then discarded - the roles that CLIP's and
/// ImageNet-21k's pretraining play in the paper. `pfstudio pretrain` runs it.
namespace pf::training {

struct PretrainOptions {
    std::string dataset = "fmnist";  ///< data set whose pretraining pool is used
    std::string dataRoot;            ///< its folder; "" = default
    int seed = 0;                    ///< weights, shuffling, captions, augmentation
    int validation = 1000;           ///< last pool images held out to watch training
    bool augment = true;             ///< random crop with 2-pixel padding
    double weightDecay = 0.05;       ///< AdamW weight decay of both trainings
    int threads = 0;                 ///< compute threads; 0 = all cores

    int clipPatch = 7;       ///< CLIP image tower: patch side
    int clipWidth = 64;      ///< CLIP image tower: width
    int clipLayers = 4;      ///< CLIP image tower: blocks
    int clipHeads = 4;       ///< CLIP image tower: heads
    int clipTextWidth = 64;  ///< CLIP text tower: width
    int clipTextLayers = 2;  ///< CLIP text tower: blocks
    int clipTextHeads = 4;   ///< CLIP text tower: heads
    int clipContext = 24;    ///< CLIP text tower: context length (room for CoOp contexts)
    int clipEmbed = 64;      ///< CLIP joint embedding size
    int clipEpochs = 20;     ///< CLIP epochs over the pool
    int clipBatch = 128;     ///< CLIP batch size
    double clipLr = 1e-3;    ///< CLIP peak learning rate (cosine)

    int vitPatch = 7;          ///< ViT patch side
    int vitDim = 64;           ///< ViT width
    int vitDepth = 4;          ///< ViT blocks
    int vitHeads = 4;          ///< ViT heads
    double vitMlpRatio = 2.0;  ///< ViT MLP ratio
    int vitEpochs = 20;        ///< ViT epochs over the pool
    int vitBatch = 128;        ///< ViT batch size
    double vitLr = 1e-3;       ///< ViT peak learning rate (cosine)

    static const config::FieldSet<PretrainOptions>& fields();
};

/// What the pretraining reached (accuracies in [0, 1]).
struct PretrainReport {
    double clipZeroShotValidation = 0.0;  ///< on the held-out pool images
    double clipZeroShotTest = 0.0;        ///< on the test split, all classes
    double clipLinearProbeTest = 0.0;     ///< linear classifier on frozen CLIP image features
    double vitValidation = 0.0;           ///< the ViT's own head on the held-out pool images
    double vitLinearProbeTest = 0.0;      ///< linear classifier on frozen ViT features
    double seconds = 0.0;
    nlohmann::json toJson() const;
};

/// Receives one line per epoch and per result; returning false cancels (pf::Error thrown).
using PretrainProgress = std::function<bool(const std::string& line)>;

/// Trains both backbones and writes `outDir`/tiny_clip.safetensors and tiny_vit.safetensors
/// (their shapes, normalisation, tokenizer vocabulary and this report in the metadata).
/// Linear probes train on the task-usable training images and test on the test split.
PretrainReport pretrainBackbones(const PretrainOptions& options, const std::string& outDir,
                                 const PretrainProgress& progress);

/// Names of the built-in pretraining presets (resources/pretrain/*.json).
std::vector<std::string> pretrainPresetNames();
/// A pretraining preset with `key=value` overrides applied, every key checked.
PretrainOptions pretrainPreset(const std::string& name, const std::vector<std::string>& overrides);

}  // namespace pf::training
