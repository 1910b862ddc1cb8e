#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pf::test {

/// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice), for tests that
/// start a data-parallel run's meeting point.
inline int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t length = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace pf::test
