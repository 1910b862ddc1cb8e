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

/// The result of find(): the bytes of the embedded file, when found.
struct Lookup {
    bool found = false;
    std::string_view bytes;
};

/// Looks up `path`, e.g. "presets/quick.json".
Lookup find(std::string_view path);

/// Paths of all embedded files that start with `prefix`, sorted.
std::vector<std::string> list(std::string_view prefix = {});

/// Names of the embedded files in `folder` ending in `suffix`, without either: the names of
/// the built-in presets ("presets/", ".json" -> "quick", ...).
std::vector<std::string> stems(const std::string& folder, const std::string& suffix);

}  // namespace pf::embedded
