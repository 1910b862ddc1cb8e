// The image loader of image folders: any file gives side x side pixels or a reason, and the
// header sniffing agrees with itself.
#include <vector>

#include "data/image_file.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> bytes(data, data + size);
    const pf::data::ImageFormat format = pf::data::sniffImageFormat(data, size);
    int width = 0, height = 0;
    (void)pf::data::imageHeaderSize(bytes, format, width, height);
    const std::string path = pf::fuzz::writeInput("input.img", data, size);
    pf::data::DecodeOptions options;
    options.side = 16;
    options.maxPixels = 4096 * 4096;  // keep each input's work bounded
    for (bool grey : {false, true}) {
        options.grayscale = grey;
        std::vector<std::uint8_t> out(16 * 16 * 3);
        std::string error;
        if (!pf::data::decodeImageFile(path, options, out.data(), error) && error.empty())
            std::abort();  // a failure always says why
    }
    return 0;
}
