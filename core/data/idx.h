#pragma once

#include <cstdint>
#include <string>
#include <vector>

/// The IDX array format of MNIST and Fashion-MNIST, plain or gzip-compressed.
namespace pf::data {

/// An unsigned-byte IDX array (type code 0x08), row-major.
struct IdxArray {
    std::vector<std::int64_t> dims;  ///< e.g. {60000, 28, 28} for an image file
    std::vector<std::uint8_t> data;  ///< product(dims) bytes
};

/// Reads an IDX file, gzip-compressed or not. Checks the magic number, the element type, the
/// dimensions and that the data is exactly as long as they say; throws pf::DataError naming the
/// file and the byte offset at fault. Memory grows with the bytes actually read, never with
/// what the header claims.
IdxArray readIdx(const std::string& path);

/// Writes `array` as IDX, gzip-compressed when `gzip` is true. Used by tests and tools that make
/// synthetic data sets; throws pf::DataError when the file cannot be written.
void writeIdx(const std::string& path, const IdxArray& array, bool gzip = true);

}  // namespace pf::data
