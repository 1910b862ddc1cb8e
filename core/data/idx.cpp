#include "data/idx.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <type_traits>

#include "common/error.h"

namespace pf::data {
namespace {

// Larger arrays than this are not image data sets we can hold in memory anyway.
constexpr std::int64_t kMaxIdxBytes = std::int64_t{4} << 30;

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};
using GzHandle = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

// Reads up to `n` bytes; returns how many arrived (short only at end of file).
std::size_t readSome(gzFile f, std::uint8_t* out, std::size_t n, const std::string& path) {
    std::size_t total = 0;
    while (total < n) {
        const unsigned chunk =
            static_cast<unsigned>(std::min<std::size_t>(n - total, std::size_t{1} << 20));
        const int got = gzread(f, out + total, chunk);
        if (got < 0) {
            int errnum = 0;
            const char* msg = gzerror(f, &errnum);
            throw DataError(path + ": corrupt compressed data near byte offset " +
                            std::to_string(total) + " (" + (msg ? msg : "zlib error") + ")");
        }
        if (got == 0) break;
        total += static_cast<std::size_t>(got);
    }
    return total;
}

}  // namespace

IdxArray readIdx(const std::string& path) {
    GzHandle f(gzopen(path.c_str(), "rb"));
    if (!f) throw DataError(path + ": cannot open file");

    std::array<std::uint8_t, 4> magic{};
    if (readSome(f.get(), magic.data(), magic.size(), path) != magic.size())
        throw DataError(path + ": truncated at byte offset 0: no IDX header");
    if (magic[0] != 0 || magic[1] != 0)
        throw DataError(path + ": not an IDX file (bad magic number at byte offset 0)");
    if (magic[2] != 0x08)
        throw DataError(path + ": unsupported IDX element type " + std::to_string(magic[2]) +
                        " at byte offset 2 (only unsigned bytes, type 8, are supported)");
    const int ndims = magic[3];
    if (ndims < 1 || ndims > 4)
        throw DataError(path + ": bad IDX dimension count " + std::to_string(ndims) +
                        " at byte offset 3 (1 to 4 expected)");

    IdxArray out;
    std::int64_t count = 1;
    for (int d = 0; d < ndims; ++d) {
        std::array<std::uint8_t, 4> b{};
        const std::size_t offset = 4 + 4 * static_cast<std::size_t>(d);
        if (readSome(f.get(), b.data(), b.size(), path) != b.size())
            throw DataError(path + ": truncated header at byte offset " + std::to_string(offset));
        const std::int64_t dim = (std::int64_t{b[0]} << 24) | (std::int64_t{b[1]} << 16) |
                                 (std::int64_t{b[2]} << 8) | std::int64_t{b[3]};
        if (dim <= 0)
            throw DataError(path + ": dimension " + std::to_string(d) + " is zero at byte offset " +
                            std::to_string(offset));
        if (count > kMaxIdxBytes / dim)
            throw DataError(path + ": IDX dimensions at byte offset 4 describe more than " +
                            std::to_string(kMaxIdxBytes) + " bytes");
        count *= dim;
        out.dims.push_back(dim);
    }

    const std::size_t headerBytes = 4 + 4 * static_cast<std::size_t>(ndims);
    // Grow with the data that actually arrives, so a lying header cannot make us allocate.
    constexpr std::size_t kChunk = std::size_t{1} << 22;
    std::size_t have = 0;
    while (have < static_cast<std::size_t>(count)) {
        const std::size_t want = std::min(kChunk, static_cast<std::size_t>(count) - have);
        out.data.resize(have + want);
        const std::size_t got = readSome(f.get(), out.data.data() + have, want, path);
        have += got;
        if (got < want)
            throw DataError(path + ": truncated at byte offset " +
                            std::to_string(headerBytes + have) + " (header promises " +
                            std::to_string(count) + " data bytes)");
    }
    std::uint8_t extra = 0;
    if (readSome(f.get(), &extra, 1, path) != 0)
        throw DataError(path + ": unexpected data after byte offset " +
                        std::to_string(headerBytes + have) + " (file longer than its header says)");
    return out;
}

void writeIdx(const std::string& path, const IdxArray& array, bool gzip) {
    std::int64_t count = 1;
    for (std::int64_t d : array.dims)
        count *= d;
    if (array.dims.empty() || array.dims.size() > 4 ||
        count != static_cast<std::int64_t>(array.data.size()))
        throw DataError(path + ": IDX dimensions do not match the data size");
    GzHandle f(gzopen(path.c_str(), gzip ? "wb6" : "wbT"));
    if (!f) throw DataError(path + ": cannot create file");
    std::vector<std::uint8_t> header = {0, 0, 0x08, static_cast<std::uint8_t>(array.dims.size())};
    for (std::int64_t d : array.dims) {
        header.push_back(static_cast<std::uint8_t>((d >> 24) & 0xff));
        header.push_back(static_cast<std::uint8_t>((d >> 16) & 0xff));
        header.push_back(static_cast<std::uint8_t>((d >> 8) & 0xff));
        header.push_back(static_cast<std::uint8_t>(d & 0xff));
    }
    auto put = [&](const std::uint8_t* p, std::size_t n) {
        while (n > 0) {
            const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n, 1u << 20));
            if (gzwrite(f.get(), p, chunk) != static_cast<int>(chunk))
                throw DataError(path + ": write failed");
            p += chunk;
            n -= chunk;
        }
    };
    put(header.data(), header.size());
    put(array.data.data(), array.data.size());
    if (gzclose(f.release()) != Z_OK) throw DataError(path + ": write failed on close");
}

}  // namespace pf::data
