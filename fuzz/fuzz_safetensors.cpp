// The safetensors reader: the header is checked before any data is read, and every tensor it
// lists loads from the range it was given.
#include <string_view>

#include <torch/torch.h>

#include "common/error.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto reader = pf::storage::SafetensorsReader::fromMemory(
            std::string_view(reinterpret_cast<const char*>(data), size), "fuzz input");
        for (const auto& info : reader.tensors())
            (void)reader.load(info.name);
    } catch (const pf::InputError&) {
    }
    return 0;
}
