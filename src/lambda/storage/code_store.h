// CodeStore: deployment packages on disk.
//
// Layout under the root (<data-dir>/lambda, or a temporary directory for
// --in-memory runs):
//   functions/<name>/<hex>/      the unpacked package: LAMBDA_TASK_ROOT
//   functions/<name>/<hex>.zip   the package as uploaded (GetFunction's Code.Location)
//   staging/<uuid>/              packages being unpacked
//   trash/<uuid>                 discarded code, being removed
// <hex> is the package's SHA-256, so the directory of a given code never
// changes once made. The SQLite record says which <hex> is current; sweep()
// removes whatever a crash left behind. Discarding renames into trash/ at
// once (a path is free again when discard returns) and removes later.
// Thread safety: every member may be called from any thread; callers keep
// one change per function name in flight (NameLocks).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "model/function.h"
#include "storage/janitor.h"

namespace localcloud::lambda::storage {

class CodeStore {
 public:
  // Uses `root` (created if missing); its owner removes it, if ever (an
  // in-memory run's is a ScratchDir).
  explicit CodeStore(std::filesystem::path root);
  ~CodeStore();
  CodeStore(const CodeStore&) = delete;
  CodeStore& operator=(const CodeStore&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path code_dir(std::string_view name, std::string_view hex) const;
  std::filesystem::path zip_path(std::string_view name, std::string_view hex) const;

  // The identity (digests, size) of `zip`, without unpacking it.
  static model::CodeInfo identify(std::string_view zip);

  // Unpacks `zip` (already identified as `info`) into the function's
  // directory for that code. Hostile archives are refused with the
  // extractor's AwsError and leave nothing behind. Returns true if it made
  // the directory, false if that code was already there (it is then the
  // function's current code: anything else was discarded or swept).
  bool install(std::string_view name, const model::CodeInfo& info, std::string_view zip);

  // Moves one code version, or everything of a function, out of the way
  // and queues its removal.
  void discard(std::string_view name, std::string_view hex);
  void discard_function(std::string_view name);

  // The package bytes of a stored code version, or nullopt.
  std::optional<std::string> read_zip(std::string_view name, std::string_view hex) const;

  // Removes staging leftovers and every code directory not in `live`
  // (function name → current hex). Call once at startup, before serving.
  void sweep(const std::map<std::string, std::string>& live);

  // Waits for queued removals (for tests).
  void drain() { janitor_.drain(); }

 private:
  void trash(const std::filesystem::path& path);

  std::filesystem::path root_;
  Janitor janitor_;
};

}  // namespace localcloud::lambda::storage
