#include "data/image_file.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <iterator>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace pf::data {
namespace {

std::uint32_t be16(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 8 | p[1];
}
std::uint32_t be32(const std::uint8_t* p) {
    return be16(p) << 16 | be16(p + 2);
}
std::uint32_t le16(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[1]) << 8 | p[0];
}
std::uint32_t le24(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[2]) << 16 | le16(p);
}
std::uint32_t le32(const std::uint8_t* p) {
    return le16(p + 2) << 16 | le16(p);
}

bool jpegSize(const std::vector<std::uint8_t>& b, int& width, int& height) {
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF) return false;
        const std::uint8_t marker = b[i + 1];
        if (marker == 0xFF) {  // fill byte
            ++i;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        const std::size_t length = be16(&b[i + 2]);
        if (length < 2) return false;
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (i + 9 > b.size()) return false;
            height = static_cast<int>(be16(&b[i + 5]));
            width = static_cast<int>(be16(&b[i + 7]));
            return true;
        }
        if (marker == 0xDA || marker == 0xD9) return false;  // scan data before any frame header
        i += 2 + length;
    }
    return false;
}

// A complete JPEG has an end-of-image marker after its last start-of-scan (inside entropy-coded
// data 0xFF is always followed by 0x00 or a restart marker, so both pairs are real markers).
bool jpegComplete(const std::vector<std::uint8_t>& b) {
    std::size_t lastScan = std::string::npos;
    for (std::size_t k = b.size(); k >= 2; --k)
        if (b[k - 2] == 0xFF && b[k - 1] == 0xDA) {
            lastScan = k;
            break;
        }
    if (lastScan == std::string::npos) return false;
    for (std::size_t k = lastScan; k + 1 < b.size(); ++k)
        if (b[k] == 0xFF && b[k + 1] == 0xD9) return true;
    return false;
}

}  // namespace

ImageFormat sniffImageFormat(const std::uint8_t* p, std::size_t n) {
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return ImageFormat::Jpeg;
    if (n >= 8 && std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) return ImageFormat::Png;
    if (n >= 2 && p[0] == 'B' && p[1] == 'M') return ImageFormat::Bmp;
    if (n >= 12 && std::memcmp(p, "RIFF", 4) == 0 && std::memcmp(p + 8, "WEBP", 4) == 0)
        return ImageFormat::Webp;
    return ImageFormat::Unknown;
}

bool imageHeaderSize(const std::vector<std::uint8_t>& b, ImageFormat format, int& width,
                     int& height) {
    width = height = 0;
    switch (format) {
        case ImageFormat::Jpeg:
            return jpegSize(b, width, height);
        case ImageFormat::Png:
            if (b.size() < 24 || std::memcmp(&b[12], "IHDR", 4) != 0) return false;
            width = static_cast<int>(std::min<std::uint32_t>(be32(&b[16]), 1u << 30));
            height = static_cast<int>(std::min<std::uint32_t>(be32(&b[20]), 1u << 30));
            return true;
        case ImageFormat::Bmp: {
            if (b.size() < 26) return false;
            const std::uint32_t header = le32(&b[14]);
            if (header == 12) {  // OS/2 core header
                width = static_cast<int>(le16(&b[18]));
                height = static_cast<int>(le16(&b[20]));
            } else {
                const auto w = static_cast<std::int32_t>(le32(&b[18]));
                const auto h = static_cast<std::int32_t>(le32(&b[22]));
                width = static_cast<int>(std::min<std::int64_t>(std::llabs(w), 1 << 30));
                height = static_cast<int>(std::min<std::int64_t>(std::llabs(h), 1 << 30));
            }
            return true;
        }
        case ImageFormat::Webp: {
            if (b.size() < 30) return false;
            if (std::memcmp(&b[12], "VP8 ", 4) == 0) {
                width = static_cast<int>(le16(&b[26]) & 0x3FFF);
                height = static_cast<int>(le16(&b[28]) & 0x3FFF);
                return true;
            }
            if (std::memcmp(&b[12], "VP8L", 4) == 0) {
                const std::uint32_t bits = le32(&b[21]);
                width = static_cast<int>((bits & 0x3FFF) + 1);
                height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
                return true;
            }
            if (std::memcmp(&b[12], "VP8X", 4) == 0) {
                width = static_cast<int>(le24(&b[24]) + 1);
                height = static_cast<int>(le24(&b[27]) + 1);
                return true;
            }
            return false;
        }
        case ImageFormat::Unknown:
            break;
    }
    return false;
}

bool hasImageExtension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp" || ext == ".webp";
}

bool decodeImageFile(const std::filesystem::path& path, const DecodeOptions& options,
                     std::uint8_t* out, std::string& error) {
    // Bytes first (std::filesystem paths: non-ASCII names work), then imdecode.
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open the file";
        return false;
    }
    const std::vector<std::uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
    if (bytes.empty()) {
        error = "empty file (0 bytes)";
        return false;
    }
    const ImageFormat format = sniffImageFormat(bytes.data(), bytes.size());
    if (format == ImageFormat::Unknown) {
        error = "not an image (no JPEG, PNG, BMP or WebP signature)";
        return false;
    }
    int w = 0, h = 0;
    if (!imageHeaderSize(bytes, format, w, h) || w <= 0 || h <= 0) {
        error = "damaged image header";
        return false;
    }
    if (static_cast<std::int64_t>(w) * h > options.maxPixels) {
        error = "image of " + std::to_string(w) + " x " + std::to_string(h) +
                " pixels is larger than the limit of " + std::to_string(options.maxPixels) +
                " pixels";
        return false;
    }
    if (format == ImageFormat::Jpeg && !jpegComplete(bytes)) {
        error = "truncated JPEG (no end-of-image marker)";
        return false;
    }
    cv::Mat image;
    try {
        const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1,
                          const_cast<std::uint8_t*>(bytes.data()));
        // Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale by libjpeg's DCT scaling (much less
        // work), as long as the shorter side stays at least `side`.
        int reduce = 1;
        if (format == ImageFormat::Jpeg)
            for (int f : {8, 4, 2})
                if (std::min(w, h) / f >= options.side) {
                    reduce = f;
                    break;
                }
        int flags = options.grayscale ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR;
        if (reduce == 2)
            flags = options.grayscale ? cv::IMREAD_REDUCED_GRAYSCALE_2 : cv::IMREAD_REDUCED_COLOR_2;
        else if (reduce == 4)
            flags = options.grayscale ? cv::IMREAD_REDUCED_GRAYSCALE_4 : cv::IMREAD_REDUCED_COLOR_4;
        else if (reduce == 8)
            flags = options.grayscale ? cv::IMREAD_REDUCED_GRAYSCALE_8 : cv::IMREAD_REDUCED_COLOR_8;
        image = cv::imdecode(raw, flags);
    } catch (const cv::Exception& e) {
        error = std::string("cannot decode: ") + e.what();
        return false;
    }
    if (image.empty()) {
        error = "cannot decode (damaged or truncated)";
        return false;
    }
    if (image.depth() != CV_8U) image.convertTo(image, CV_8U, 1.0 / 257.0);
    if (!options.grayscale) cv::cvtColor(image, image, cv::COLOR_BGR2RGB);

    // Shorter side to `side`, then the centre square (CLIP's Resize + CenterCrop).
    const int side = options.side;
    const double scale = static_cast<double>(side) / std::min(image.cols, image.rows);
    const int rw = std::max(side, static_cast<int>(std::lround(image.cols * scale)));
    const int rh = std::max(side, static_cast<int>(std::lround(image.rows * scale)));
    cv::Mat resized;
    if (rw != image.cols || rh != image.rows)
        cv::resize(image, resized, cv::Size(rw, rh), 0.0, 0.0,
                   scale < 1.0 ? cv::INTER_AREA : cv::INTER_CUBIC);
    else
        resized = image;
    const cv::Mat square = resized(cv::Rect((rw - side) / 2, (rh - side) / 2, side, side));
    const int channels = options.grayscale ? 1 : 3;
    cv::Mat target(side, side, CV_8UC(channels), out);
    square.copyTo(target);
    return true;
}

}  // namespace pf::data
