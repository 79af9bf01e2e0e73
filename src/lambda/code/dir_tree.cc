#include "code/dir_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace localcloud::lambda::code {
namespace {

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.release();
  }
  return *this;
}

void Fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Fd::close_checked() {
  int fd = release();
  if (fd >= 0 && ::close(fd) != 0 && errno != EINTR) throw_errno("close");
}

Fd open_or_make_dir(int parent, const std::string& name, mode_t mode) {
  bool made = ::mkdirat(parent, name.c_str(), 0700) == 0;
  if (!made && errno != EEXIST) throw_errno("mkdirat");
  Fd dir(::openat(parent, name.c_str(), kDirFlags));
  if (dir.get() < 0) throw_errno("openat");
  if (made && ::fchmod(dir.get(), mode) != 0) throw_errno("fchmod");
  return dir;
}

Fd create_file(int parent, const std::string& name) {
  Fd file(::openat(parent, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                   0600));
  if (file.get() < 0) throw_errno("openat");
  return file;
}

void write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("write");
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

int DirWalker::enter(std::span<const std::string> dirs) {
  size_t common = 0;
  while (common < names_.size() && common < dirs.size() && names_[common] == dirs[common]) {
    ++common;
  }
  names_.resize(common);
  fds_.resize(common);
  for (size_t i = common; i < dirs.size(); ++i) {
    int parent = i == 0 ? root_ : fds_.back().get();
    fds_.push_back(open_or_make_dir(parent, dirs[i], 0755));
    names_.push_back(dirs[i]);
  }
  return fds_.empty() ? root_ : fds_.back().get();
}

void remove_tree(int parent, const std::string& name) noexcept {
  int fd = ::openat(parent, name.c_str(), kDirFlags);
  if (fd < 0) {
    // Not a directory (a file or a symlink, which is removed, not followed).
    ::unlinkat(parent, name.c_str(), 0);
    return;
  }
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    ::close(fd);
    return;
  }
  // Names first, removal after: unlinking while readdir walks the same
  // directory may skip entries.
  std::vector<std::string> children;
  try {
    while (dirent* entry = ::readdir(dir)) {
      std::string child = entry->d_name;
      if (child != "." && child != "..") children.push_back(std::move(child));
    }
  } catch (...) {
    // Out of memory: remove what we can below.
  }
  for (const auto& child : children) remove_tree(::dirfd(dir), child);
  ::closedir(dir);
  ::unlinkat(parent, name.c_str(), AT_REMOVEDIR);
}

}  // namespace localcloud::lambda::code
