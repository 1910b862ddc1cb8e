#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pf::data {

/// Images read on demand instead of held in memory (large image folders): a split that has a
/// source asks it for each batch. All images come out at one size, side x side x channels uint8.
class ImageSource {
public:
    virtual ~ImageSource() = default;

    virtual std::int64_t size() const = 0;
    virtual int side() const = 0;
    virtual int channels() const = 0;

    /// Writes images `indices` one after another to `out` (indices.size() x side x side x
    /// channels bytes). Safe to call from several threads. Throws pf::DataError naming the file
    /// when an image cannot be read any more (it was readable when the data set was loaded).
    virtual void read(const std::vector<std::int64_t>& indices, std::uint8_t* out) const = 0;

    /// Where image `index` comes from (a file path), for messages and the GUI.
    virtual std::string describe(std::int64_t index) const = 0;
};

}  // namespace pf::data
