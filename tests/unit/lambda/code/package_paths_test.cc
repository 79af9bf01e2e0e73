#include "code/package_paths.h"

#include <gtest/gtest.h>

#include <string>

namespace localcloud::lambda::code {
namespace {

std::string render(std::string_view raw) {
  auto name = parse_entry_name(raw);
  if (!name) return "refused";
  return (name->is_dir ? "dir " : "file ") + join(name->path);
}

TEST(ParseEntryName, KeepsOrdinaryNamesAndDropsEmptyAndDotParts) {
  const std::pair<std::string, const char*> cases[] = {
      {"index.mjs", "file index.mjs"},
      {"a/b/c.txt", "file a/b/c.txt"},
      {"a/", "dir a"},
      {"./a//b", "file a/b"},
      {"./", "dir "},
      {"node_modules/.bin/", "dir node_modules/.bin"},
      {"...", "file ..."},
      {"a..b/..c", "file a..b/..c"},
      {"C:/x", "file C:/x"},  // a directory named "C:" on Linux
  };
  for (const auto& [raw, expected] : cases) EXPECT_EQ(render(raw), expected) << raw;
}

TEST(ParseEntryName, RefusesNamesThatCouldLeaveTheDirectory) {
  const std::string cases[] = {
      "",
      "/abs",
      "//abs",
      "../evil",
      "a/../../b",
      "a/../b",  // stays inside, but ".." has no honest use in a package
      "a/..",
      "..",
      "a\\..\\b",
      "a\\b",
      std::string("evil.js\0.txt", 12),
      ".",
      "./.",
  };
  for (const auto& raw : cases) EXPECT_EQ(render(raw), "refused") << raw;
}

TEST(ParseEntryName, BoundsLengthAndDepth) {
  EXPECT_EQ(render(std::string(kMaxNameBytes, 'a')), "file " + std::string(kMaxNameBytes, 'a'));
  EXPECT_EQ(render(std::string(kMaxNameBytes + 1, 'a')), "refused");
  std::string deep;
  for (size_t i = 0; i < kMaxDepth; ++i) deep += "d/";
  EXPECT_EQ(render(deep), "dir " + deep.substr(0, deep.size() - 1));
  EXPECT_EQ(render(deep + "f"), "refused");
}

TEST(SymlinkStaysInside, ResolvesThroughThePackagesOwnLinks) {
  struct Case {
    SymlinkMap links;
    PackagePath link;
    bool inside;
  };
  const Case cases[] = {
      {{{"lib", "real/lib"}}, {"lib"}, true},
      {{{"node_modules/.bin/cli", "../pkg/bin/cli.js"}}, {"node_modules", ".bin", "cli"}, true},
      {{{"a/root", ".."}}, {"a", "root"}, true},
      {{{"self", "."}}, {"self"}, true},
      {{{"up", ".."}}, {"up"}, false},
      {{{"a/up", "../.."}}, {"a", "up"}, false},
      {{{"abs", "/etc/passwd"}}, {"abs"}, false},
      {{{"empty", ""}}, {"empty"}, false},
      {{{"win", "x\\..\\..\\y"}}, {"win"}, false},
      // Lexically inside, but sub/x is the root, so sub/x/.. is its parent.
      {{{"sub/x", ".."}, {"esc", "sub/x/.."}}, {"esc"}, false},
      {{{"sub/x", ".."}, {"esc", "sub/x/.."}}, {"sub", "x"}, true},
      // Lexically outside, but b is two levels deep, so b/../.. is the root.
      {{{"b", "d/e"}, {"a", "b/../../x"}}, {"a"}, true},
      {{{"a", "b/c"}, {"b", "d/e"}}, {"a"}, true},
      {{{"a", "b"}, {"b", "a"}}, {"a"}, false},  // a loop
      {{{"a", "a/x"}}, {"a"}, false},
  };
  for (const auto& c : cases) {
    size_t budget = 1000;
    EXPECT_EQ(symlink_stays_inside(c.link, c.links, budget), c.inside) << join(c.link);
  }
}

TEST(SymlinkStaysInside, StopsWhenTheBudgetIsSpent) {
  SymlinkMap links{{"a", "b/c/d"}};
  size_t budget = 2;
  EXPECT_FALSE(symlink_stays_inside({"a"}, links, budget));
  budget = 3;
  EXPECT_TRUE(symlink_stays_inside({"a"}, links, budget));
  EXPECT_EQ(budget, 0u);
}

}  // namespace
}  // namespace localcloud::lambda::code
