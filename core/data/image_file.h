#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

/// Reading single image files with OpenCV, defensively: the format is sniffed from the first
/// bytes, the size is read from the header before anything is decoded (a header that claims a
/// gigapixel image is refused, not allocated), truncated JPEGs are caught (libjpeg would fill the
/// missing rows with grey and only print a warning). Torch-free.
namespace pf::data {

/// Image formats the folder loaders read.
enum class ImageFormat { Unknown, Jpeg, Png, Bmp, Webp };

/// The format the first bytes announce (magic numbers), Unknown when none matches.
ImageFormat sniffImageFormat(const std::uint8_t* bytes, std::size_t size);

/// Width and height from the header of a JPEG, PNG, BMP or WebP file in memory; false when the
/// header is missing or malformed.
bool imageHeaderSize(const std::vector<std::uint8_t>& bytes, ImageFormat format, int& width,
                     int& height);

/// True for the file name extensions the folder loaders pick up (.jpg .jpeg .png .bmp .webp,
/// any case).
bool hasImageExtension(const std::filesystem::path& path);

/// How a file becomes a model input.
struct DecodeOptions {
    int side = 224;          ///< output is side x side: shorter side resized to it, centre crop
    bool grayscale = false;  ///< 1 channel instead of RGB
    /// Images with more pixels than this are refused before decoding.
    std::int64_t maxPixels = 64LL * 1024 * 1024;
};

/// Reads `path` and writes side x side x channels uint8 pixels (RGB or grey, row-major) to `out`:
/// CLIP's preprocessing - the shorter side resized to `side` (area averaging when shrinking,
/// bicubic when enlarging), then the centre square. 16-bit, grey, palette and alpha images are
/// converted. Returns false with the reason in `error` (without the path) when the file cannot
/// be read, is empty, is not an image, is truncated or too large.
bool decodeImageFile(const std::filesystem::path& path, const DecodeOptions& options,
                     std::uint8_t* out, std::string& error);

}  // namespace pf::data
