#pragma once

#include <memory>

#include "models/clip.h"
#include "models/tokenizer.h"
#include "models/vit.h"
#include "models/weights.h"

/// The built-in tiny backbones, embedded in the binary from resources/models (made by
/// `pfstudio pretrain --preset fmnist-tiny`), and the word vocabulary of the tiny CLIP.
namespace pf::models {

inline constexpr const char* kBuiltinClipResource = "models/tiny_clip.safetensors";
inline constexpr const char* kBuiltinViTResource = "models/tiny_vit.safetensors";
inline constexpr const char* kBuiltinVocabularyResource = "vocab/fmnist_words.txt";

/// The word tokenizer of the built-in vocabulary.
std::unique_ptr<WordTokenizer> builtinTokenizer();

/// The embedded checkpoint at `resource`; throws pf::CheckpointError when the binary was built
/// without it.
Checkpoint builtinCheckpoint(const char* resource);

/// The built-in tiny CLIP and ViT, built from their own metadata and loaded.
ClipModel loadBuiltinClip();
VisionTransformer loadBuiltinViT();

}  // namespace pf::models
