// The Lambda deployment-package extractor on arbitrary bytes, into a scratch
// directory. Refusals are InvalidParameterValueException or
// RequestEntityTooLargeException and leave nothing behind; an accepted
// package leaves only regular files, directories and symlinks that resolve
// inside the directory, with no setuid/setgid/sticky or group/world-write
// bits, and as many files as reported.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "code/zip_extractor.h"
#include "fuzz_support.h"

using namespace localcloud;
namespace fs = std::filesystem;

namespace {

const fs::path& scratch() {
  static const fs::path dir = [] {
    // TMPDIR: fuzz/run.sh gives each target one and removes it afterwards.
    std::string pattern = (fs::temp_directory_path() / "localcloud-fuzz-zip-XXXXXX").string();
    fuzz::require(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    std::atexit([] { fs::remove_all(scratch()); });
    return fs::path(pattern);
  }();
  return dir;
}

bool inside(const fs::path& root, const fs::path& p) {
  auto rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

void check_tree(const fs::path& root, uint64_t files) {
  const fs::path real_root = fs::canonical(root);
  uint64_t seen = 0;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    struct stat st;
    fuzz::require(lstat(it->path().c_str(), &st) == 0, "lstat");
    if (S_ISLNK(st.st_mode)) {
      ++seen;
      std::error_code ec;
      fs::path target = fs::weakly_canonical(it->path(), ec);
      if (ec) {
        // Unresolvable (a name over NAME_MAX, a loop): it leads nowhere, but
        // its text must still stay inside.
        target = (fs::canonical(it->path().parent_path()) / fs::read_symlink(it->path()))
                     .lexically_normal();
      }
      fuzz::require(target == real_root || inside(real_root, target),
                    "a symlink leads out of the package", it->path().string());
      continue;
    }
    fuzz::require(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode), "an entry of another kind");
    fuzz::require((st.st_mode & (S_ISUID | S_ISGID | S_ISVTX | S_IWGRP | S_IWOTH)) == 0,
                  "unsafe permission bits", it->path().string());
    if (S_ISREG(st.st_mode)) ++seen;
  }
  fuzz::require(seen == files, "files reported differ from files written");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view zip(reinterpret_cast<const char*>(data), size);
  fs::path target = scratch() / "task";
  lambda::code::ExtractLimits limits;
  limits.max_unzipped_bytes = 1 << 20;  // keep each run small; the logic is the same
  limits.max_entries = 256;
  try {
    auto result = lambda::code::extract_zip(zip, target, limits);
    check_tree(target, result.files);
  } catch (const AwsError& e) {
    fuzz::require_client_error(
        e, {"InvalidParameterValueException", "RequestEntityTooLargeException"});
    fuzz::require(!fs::exists(target), "a refused package left files behind");
  }
  fs::remove_all(target);
  return 0;
}
