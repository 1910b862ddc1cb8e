// CLIP's BPE tokenizer: the first byte picks what the rest is - a merges (vocabulary) file to
// load, or text for a fixed small vocabulary to encode.
#include "common/error.h"
#include "fuzz_common.h"
#include "models/tokenizer.h"

namespace {

const pf::models::ClipBpeTokenizer& fixedTokenizer() {
    static const pf::models::ClipBpeTokenizer tokenizer(
        std::vector<std::pair<std::string, std::string>>{
            {"t", "h"}, {"th", "e</w>"}, {"a", "n"}, {"an", "d</w>"}, {"s", "h"}, {"sh", "i"}});
    return tokenizer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        if (data[0] & 1) {
            const std::string path = pf::fuzz::writeInput(
                "vocab.txt", reinterpret_cast<const std::uint8_t*>(rest.data()), rest.size());
            const auto tokenizer = pf::models::ClipBpeTokenizer::fromFile(path);
            (void)tokenizer->encode("a photo of a shirt");
        } else {
            for (int id : fixedTokenizer().encode(rest))
                if (id < 0 || id >= fixedTokenizer().vocabularySize()) std::abort();
        }
    } catch (const pf::InputError&) {
    }
    return 0;
}
