#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/image_dataset.h"
#include "data/image_folder.h"

namespace pf::data {

/// Everything that decides which images a run sees: the data keys of a config.
struct LoadOptions {
    std::string dataset = "fmnist";     ///< catalog name
    std::string root;                   ///< data_root ("" = the catalog's default folder)
    std::string scenario = "class-il";  ///< class-il, domain-il or task-il
    std::uint32_t seed = 0;             ///< built-in domain shifts are drawn with it
    FolderOptions folder;               ///< folder data sets; `domains` also names the shifts
};

/// Loads a data set for a scenario: the catalog sets from their files, folders through
/// data/image_folder.h, and for domain-il on a data set with built-in shifts, the shifted
/// copies (folder.domains, default builtinShiftNames()). Throws pf::ConfigError when the
/// scenario does not fit the data set and pf::DataError for what is wrong on disk.
ImageDataset loadDataset(const LoadOptions& options);

}  // namespace pf::data
