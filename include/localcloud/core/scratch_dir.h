// ScratchDir: a private directory for what must not outlive the process (an
// in-memory run's database, its Lambda code), removed when the object goes.
//
// A process killed with SIGKILL cannot remove its directories. So each one
// holds a lock (flock on <dir>/lock) for as long as its object lives, and
// making a directory first removes those with the same prefix in the same
// parent whose lock is free: their owner is gone. Unlike a pid in the name,
// a lock cannot be mistaken for a live owner after the pid is reused.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

namespace localcloud {

class ScratchDir {
 public:
  // Makes `parent`/<prefix>XXXXXX (mode 0700; `parent` created if missing)
  // and removes its predecessors left by killed processes. Throws
  // std::runtime_error.
  static std::unique_ptr<ScratchDir> make(const std::filesystem::path& parent,
                                          std::string_view prefix);
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  ScratchDir(std::filesystem::path path, int lock_fd) : path_(std::move(path)), lock_fd_(lock_fd) {}

  std::filesystem::path path_;
  int lock_fd_;
};

}  // namespace localcloud
