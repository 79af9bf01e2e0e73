// The names inside a deployment package, judged as hostile input: which
// entry names may be written, and which symlinks stay inside the package.
// Pure functions over strings; no filesystem access.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localcloud::lambda::code {

// Bounds that keep every path usable below the code directory (PATH_MAX is
// 4096 including that directory) and the per-entry directory walk short.
inline constexpr size_t kMaxNameBytes = 2048;
inline constexpr size_t kMaxDepth = 128;
// Linux's own bound on symlinks followed while resolving one path.
inline constexpr int kMaxSymlinkHops = 40;

// A path below the package root, one component per element.
using PackagePath = std::vector<std::string>;

// "a/b/c" for {"a", "b", "c"}; "" for the root.
std::string join(const PackagePath& path);

struct EntryName {
  PackagePath path;  // empty only for a name that denotes the root ("./")
  bool is_dir;       // the name ended with '/'
};

// Parses a zip entry name as stored. Empty and "." components are dropped
// ("./a//b" is "a/b"). Returns nullopt, refusing the name, when it is
// empty, absolute, contains a NUL or a backslash (Windows separators would
// let "..\x" through a '/'-only check on another unzipper), has a ".."
// component anywhere (even "a/../b": it has no honest use), or exceeds the
// bounds above.
std::optional<EntryName> parse_entry_name(std::string_view raw);

// The package's symlinks: link path (join()ed) → target as stored.
using SymlinkMap = std::map<std::string, std::string>;

// Whether the symlink at `link` (a key of `links`) resolves inside the
// package root, following the package's other symlinks exactly as the
// kernel would in the extracted tree (so "a" -> "sub/x/.." is refused when
// "sub/x" -> ".."). Refused too: empty, absolute, backslash or NUL targets,
// targets over kMaxNameBytes, and chains longer than kMaxSymlinkHops.
// `budget` counts resolution steps across calls and is decremented; at
// zero the answer is false, so a package of many long chains costs bounded
// time.
bool symlink_stays_inside(const PackagePath& link, const SymlinkMap& links, size_t& budget);

}  // namespace localcloud::lambda::code
