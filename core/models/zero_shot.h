#pragma once

#include <string>
#include <vector>

#include "data/batch_loader.h"
#include "models/clip.h"
#include "models/tokenizer.h"

/// Zero-shot classification with CLIP: classes described by captions.
namespace pf::models {

/// The caption templates ("a photo of a {}.", ...) used for pretraining and zero-shot.
const std::vector<std::string>& captionTemplates();

/// A caption: the template with "{}" replaced by the lower-cased class name.
std::string caption(const std::string& templ, const std::string& className);

/// Token rows of every (class, template) caption, class-major: [classes x templates, context].
torch::Tensor captionTokens(const Tokenizer& tokenizer, const std::vector<std::string>& classNames,
                            int contextLength);

/// Zero-shot class embeddings [classes, D]: each class's caption features, normalised,
/// averaged over the templates (prompt ensembling), normalised again. No gradients.
torch::Tensor zeroShotClassEmbeddings(ClipModel& clip, const Tokenizer& tokenizer,
                                      const std::vector<std::string>& classNames);

/// Share of `loader`'s images that CLIP classifies as their target against `classes` (class
/// embeddings in the loader's label order, as zeroShotClassEmbeddings returns them), without
/// gradients; 0 for no images. CLIP must be in evaluation mode.
double zeroShotAccuracy(ClipModel& clip, const torch::Tensor& classes, data::BatchLoader& loader);

}  // namespace pf::models
