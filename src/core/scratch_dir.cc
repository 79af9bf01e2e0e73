#include "localcloud/core/scratch_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

namespace localcloud {
namespace {

// Removes the directories in `parent` named with `prefix` whose lock no
// live process holds.
void sweep(const std::filesystem::path& parent, std::string_view prefix,
           const std::filesystem::path& mine) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    const auto& dir = entry.path();
    if (dir == mine || !dir.filename().string().starts_with(prefix)) continue;
    int fd = ::open((dir / "lock").c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;  // not one of ours, or its owner is still making it
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) std::filesystem::remove_all(dir, ec);
    ::close(fd);
  }
}

}  // namespace

std::unique_ptr<ScratchDir> ScratchDir::make(const std::filesystem::path& parent,
                                             std::string_view prefix) {
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);  // mkdtemp says what went wrong
  // A sweeper in another process may take the lock between our open and
  // flock and remove the directory: then make another.
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string pattern = (parent / prefix).string() + "XXXXXX";
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a directory in " + parent.string() + ": " +
                               std::strerror(errno));
    auto lock = std::filesystem::path(pattern) / "lock";
    int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    // Owned from here: a failed attempt removes its directory.
    std::unique_ptr<ScratchDir> dir(new ScratchDir(pattern, fd));
    struct stat held, named;
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &held) == 0 &&
        ::stat(lock.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      sweep(parent, prefix, dir->path());
      return dir;
    }
  }
  throw std::runtime_error("cannot lock a directory in " + parent.string());
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace localcloud
