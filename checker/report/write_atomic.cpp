#include "checker/report/write_atomic.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace braid::report {
namespace {

// Returns 0 or the errno of the first failure.
int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// Writes and syncs a new file at `tmp`; returns 0 or an errno.
int write_synced(const std::string& tmp, std::string_view data) {
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  int err = write_all(fd, data);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  return err;
}

// why: the rename is durable only once the directory entry is synced. Best effort: some file
// systems refuse to sync a directory, and the data itself is already safe.
void sync_directory(const std::string& path) {
  std::string::size_type slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

bool write_file_atomic(const std::string& path, std::string_view data, std::string& error) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  int err = write_synced(tmp, data);
  if (err == 0 && std::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    error = fmt::format("cannot write {}: {}", path, std::strerror(err));
    return false;
  }
  sync_directory(path);
  return true;
}

bool can_write_file(const std::string& path, std::string& error) {
  const std::string probe = fmt::format("{}.tmp.{}", path, ::getpid());
  int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = fmt::format("cannot write {}: {}", path, std::strerror(errno));
    return false;
  }
  ::close(fd);
  ::unlink(probe.c_str());
  return true;
}

}  // namespace braid::report
