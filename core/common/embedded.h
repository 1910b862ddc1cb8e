#pragma once

#include <string>
#include <string_view>
#include <vector>

/// Read-only files compiled into the binary (presets, vocabularies, built-in weights).
/// core cannot use Qt resources, so cmake/PfEmbed.cmake links them in with .incbin.
namespace pf::embedded {

/// One embedded file; the table ends with an entry whose path is null.
struct Entry {
    const char* path;
    const unsigned char* begin;
    const unsigned char* end;
};

/// The bytes of the embedded file at `path` (relative to resources/), or nullptr-backed empty
/// view with found=false.
struct Lookup {
    bool found = false;
    std::string_view bytes;
};

/// Looks up `path`, e.g. "presets/quick.json".
Lookup find(std::string_view path);

/// Paths of all embedded files that start with `prefix`, sorted.
std::vector<std::string> list(std::string_view prefix = {});

}  // namespace pf::embedded
