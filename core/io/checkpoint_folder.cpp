#include "io/checkpoint_folder.h"

#include <filesystem>

namespace pf::storage {
namespace fs = std::filesystem;

std::string checkpointFolder(const std::string& storePath, std::int64_t runId) {
    const fs::path store(storePath);
    const fs::path base = store.parent_path() / (store.stem().string() + "-checkpoints");
    return (base / ("run-" + std::to_string(runId))).string();
}

bool hasCheckpoint(const std::string& folder) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(folder) / kCheckpointInfoFile, ec);
}

void removeCheckpoint(const std::string& folder) {
    std::error_code ec;
    fs::remove_all(folder, ec);
    const fs::path parent = fs::path(folder).parent_path();
    if (fs::is_empty(parent, ec) && !ec) fs::remove(parent, ec);
}

}  // namespace pf::storage
