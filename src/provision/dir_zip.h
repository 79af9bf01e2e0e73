// A directory as a deployment package: a zip of its regular files (stored,
// sorted by path, fixed timestamps, Unix modes kept) whose bytes depend on
// the files' names, modes and contents only, so its CodeSha256 is stable
// across restarts and changes exactly when the code does.
#pragma once

#include <filesystem>
#include <cstdint>
#include <string>
#include <vector>

namespace localcloud::provision {

struct ZipEntry {
  std::string name;  // '/'-separated
  uint32_t mode = 0644;
  std::string data;
};

// The entries as a zip, in the given order, stored, with fixed timestamps.
std::string zip_entries(const std::vector<ZipEntry>& entries);

// Throws std::runtime_error naming the path when the directory cannot be read.
std::string zip_directory(const std::filesystem::path& dir);

// Sizes and modification times of everything under `dir`: cheap to compute,
// changes when a file is edited, added or removed.
std::string directory_signature(const std::filesystem::path& dir);

}  // namespace localcloud::provision
