#include "code/package_paths.h"

#include <deque>

namespace localcloud::lambda::code {
namespace {

// Splits on '/', keeping empty components (callers decide what they mean).
std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

bool has_forbidden_byte(std::string_view text) {
  return text.find('\0') != std::string_view::npos || text.find('\\') != std::string_view::npos;
}

// Target text a symlink may carry at all, before resolving it.
bool plausible_target(std::string_view target) {
  return !target.empty() && target.size() <= kMaxNameBytes && target.front() != '/' &&
         !has_forbidden_byte(target);
}

}  // namespace

std::string join(const PackagePath& path) {
  std::string out;
  for (const auto& part : path) {
    if (!out.empty()) out.push_back('/');
    out += part;
  }
  return out;
}

std::optional<EntryName> parse_entry_name(std::string_view raw) {
  if (raw.empty() || raw.size() > kMaxNameBytes || raw.front() == '/' || has_forbidden_byte(raw)) {
    return std::nullopt;
  }
  EntryName name{{}, raw.back() == '/'};
  for (std::string_view part : split(raw)) {
    if (part.empty() || part == ".") continue;
    if (part == "..") return std::nullopt;
    name.path.emplace_back(part);
  }
  if (name.path.size() > kMaxDepth) return std::nullopt;
  // "." or "./." names the root as a file: there is nothing to write.
  if (name.path.empty() && !name.is_dir) return std::nullopt;
  return name;
}

bool symlink_stays_inside(const PackagePath& link, const SymlinkMap& links, size_t& budget) {
  auto self = links.find(join(link));
  if (self == links.end() || !plausible_target(self->second)) return false;

  // `dir` is always a real (non-symlink) directory path below the root, so
  // ".." means its parent, as for the kernel once links are expanded.
  std::string dir = join(PackagePath(link.begin(), link.end() - 1));
  std::deque<std::string_view> pending;
  for (auto part : split(self->second)) pending.push_back(part);
  int hops = 1;
  while (!pending.empty()) {
    if (budget == 0) return false;
    --budget;
    std::string_view part = pending.front();
    pending.pop_front();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (dir.empty()) return false;
      size_t slash = dir.rfind('/');
      dir.resize(slash == std::string::npos ? 0 : slash);
      continue;
    }
    size_t before = dir.size();
    if (!dir.empty()) dir.push_back('/');
    dir += part;
    // Deeper than any entry name: no link can be here, and a walk this deep
    // only serves to cost time.
    if (dir.size() > kMaxNameBytes) {
      if (dir.size() > 2 * kMaxNameBytes) return false;
      continue;
    }
    auto next = links.find(dir);
    if (next == links.end()) continue;
    // A link: continue from its directory with its target's components.
    if (++hops > kMaxSymlinkHops || !plausible_target(next->second)) return false;
    dir.resize(before);
    auto parts = split(next->second);
    pending.insert(pending.begin(), parts.begin(), parts.end());
  }
  return true;
}

}  // namespace localcloud::lambda::code
