#include "models/builtin.h"

#include "common/embedded.h"
#include "common/error.h"

namespace pf::models {

std::unique_ptr<WordTokenizer> builtinTokenizer() {
    const embedded::Lookup vocab = embedded::find(kBuiltinVocabularyResource);
    if (!vocab.found)
        throw CheckpointError(std::string("built-in vocabulary ") + kBuiltinVocabularyResource +
                              " is missing from this build");
    return WordTokenizer::fromText(std::string(vocab.bytes), kBuiltinVocabularyResource);
}

Checkpoint builtinCheckpoint(const char* resource) {
    const embedded::Lookup found = embedded::find(resource);
    if (!found.found)
        throw CheckpointError(std::string("built-in weights ") + resource +
                              " are missing from this build (make them with `pfstudio pretrain "
                              "--preset fmnist-tiny --out resources/models` and rebuild)");
    return readCheckpointFromMemory(found.bytes, std::string("built-in ") + resource);
}

ClipModel loadBuiltinClip() {
    return loadClip(builtinCheckpoint(kBuiltinClipResource));
}

VisionTransformer loadBuiltinViT() {
    return loadViT(builtinCheckpoint(kBuiltinViTResource));
}

}  // namespace pf::models
