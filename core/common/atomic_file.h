#pragma once

#include <cstddef>
#include <string>

/// A file written whole or not at all: the bytes go to a hidden temporary file beside the target
/// (".<name>.tmp"), which commit() flushes to disk (fsync), renames over the target and makes
/// durable (fsync of the folder). A kill at any moment leaves either the old file or the new one,
/// never a mix; a writer destroyed before commit() removes its temporary file.
namespace pf {

class AtomicFile {
public:
    /// Opens the temporary file; throws pf::CheckpointError naming `path` and the system's reason.
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Appends bytes; throws pf::CheckpointError (a full disk, ...) and removes the temporary.
    void write(const void* data, std::size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }
    /// Flushes, renames over the target and syncs the folder; throws pf::CheckpointError.
    void commit();

private:
    void fail(const std::string& what);

    std::string path_;
    std::string tmp_;
    int fd_ = -1;
};

/// Writes `text` to `path` atomically (an AtomicFile).
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace pf
