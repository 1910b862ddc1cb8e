#pragma once

// Shared by the fuzz targets (scripts/fuzz.sh): the readers under test take paths, so each
// input goes to a file of this process's own first.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace pf::fuzz {

/// A folder of this process's own, made once and reused for every input.
inline const std::filesystem::path& scratchFolder() {
    static const std::filesystem::path folder = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "pf-fuzz-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) std::abort();
        return std::filesystem::path(pattern);
    }();
    return folder;
}

/// Writes `size` bytes of `data` to `name` in the scratch folder; returns its path.
inline std::string writeInput(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path path = scratchFolder() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    return path.string();
}

}  // namespace pf::fuzz
