#include "common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/error.h"

namespace pf {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    const std::filesystem::path target(path_);
    tmp_ = (target.parent_path() / ("." + target.filename().string() + ".tmp")).string();
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw CheckpointError(path_ + ": cannot write (" + std::strerror(errno) + ")");
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(tmp_.c_str());
    }
}

void AtomicFile::fail(const std::string& what) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    ::unlink(tmp_.c_str());
    throw CheckpointError(path_ + ": " + what + " (" + why + ")");
}

void AtomicFile::write(const void* data, std::size_t size) {
    const char* c = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t w = ::write(fd_, c, size);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) fail("write failed");
        c += w;
        size -= static_cast<std::size_t>(w);
    }
}

void AtomicFile::commit() {
    if (::fsync(fd_) != 0) fail("cannot flush to disk");
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp_.c_str());
        throw CheckpointError(path_ + ": cannot flush to disk (" + why + ")");
    }
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp_.c_str());
        throw CheckpointError(path_ + ": cannot replace the file (" + why + ")");
    }
    // Make the rename itself durable.
    const std::filesystem::path parent = std::filesystem::path(path_).parent_path();
    const std::string dir = parent.empty() ? "." : parent.string();
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void writeFileAtomically(const std::string& path, const std::string& text) {
    AtomicFile file(path);
    file.write(text);
    file.commit();
}

}  // namespace pf
