// Hostile packages: names that try to leave the directory, symlinks that
// point out, zip bombs, sizes that lie. Each is refused whole, with AWS's
// error, and leaves nothing behind: not the target, not a file beside it.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include "code/zip_extractor.h"
#include "zip_fixtures.h"

namespace localcloud::lambda::code {
namespace {

using namespace testing;

// Refusal must not cost the time (or disk) of writing the bomb out.
class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

TEST(HostileZip, NamesLeavingTheDirectoryRefuseThePackage) {
  const std::string absolute = "/tmp/lc-zip-test-absolute-" + std::to_string(getpid());
  const std::string names[] = {
      "../evil",  "../../evil", "a/../../evil", "a/../evil", absolute,
      "a\\..\\..\\evil", "..\\evil", std::string(300, 'n'),  // over NAME_MAX: the filesystem says no
  };
  for (const auto& name : names) {
    Sandbox sandbox;
    // A good entry first, so a refusal also has to clean up.
    std::string zip = raw_zip({stored_entry("index.js", "ok"), stored_entry("a/b.js", "b"),
                               stored_entry(name, "pwned")});
    EXPECT_EQ(outcome(zip, sandbox.target()), kCouldNotUnzip) << name;
    EXPECT_EQ(sandbox.listing(), "") << name;
    EXPECT_FALSE(fs::exists(sandbox.root().parent_path() / "evil")) << name;
  }
  EXPECT_FALSE(fs::exists(absolute));
}

// libzip turns a NUL inside a stored name into a space as it reads the
// directory, so the name checked is the name written: "evil.js\0.txt" can
// neither be truncated to "evil.js" nor pass as a ".txt".
TEST(HostileZip, NulInANameCannotTruncateIt) {
  Sandbox sandbox;
  std::string zip = raw_zip({stored_entry(std::string("evil.js\0.txt", 12), "x")});
  std::string result = outcome(zip, sandbox.target());
  if (result == "ok") {
    EXPECT_EQ(render_tree(sandbox.target()), "evil.js .txt 644 1\n");
  } else {
    EXPECT_EQ(result, kCouldNotUnzip);
    EXPECT_EQ(sandbox.listing(), "");
  }
}

TEST(HostileZip, SymlinksInsideThePackageAreKept) {
  Sandbox sandbox;
  ZipWriter zip;
  zip.file("real/lib/x.js", "x")
      .symlink("lib", "real/lib")
      .file("node_modules/pkg/cli.js", "cli", S_IFREG | 0755)
      .symlink("node_modules/.bin/cli", "../pkg/cli.js")
      .symlink("dangling", "not/there");
  ExtractResult result = extract_zip(zip.bytes(), sandbox.target());
  EXPECT_EQ(render_tree(sandbox.target()),
            "dangling -> not/there\n"
            "lib -> real/lib\n"
            "node_modules/ 755\n"
            "node_modules/.bin/ 755\n"
            "node_modules/.bin/cli -> ../pkg/cli.js\n"
            "node_modules/pkg/ 755\n"
            "node_modules/pkg/cli.js 755 3\n"
            "real/ 755\n"
            "real/lib/ 755\n"
            "real/lib/x.js 644 1\n");
  EXPECT_EQ(result.files, 5u);
  EXPECT_EQ(result.bytes, 1u + 3 + 8 + 13 + 9);
  EXPECT_TRUE(fs::is_regular_file(sandbox.target() / "lib" / "x.js"));
}

TEST(HostileZip, SymlinksLeavingThePackageRefuseIt) {
  struct Case {
    const char* what;
    std::vector<std::pair<std::string, std::string>> links;
  };
  const Case cases[] = {
      {"parent", {{"evil", "../../etc"}}},
      {"absolute", {{"passwd", "/etc/passwd"}}},
      {"deep parent", {{"a/b/up", "../../.."}}},
      {"through another link", {{"sub/x", ".."}, {"esc", "sub/x/.."}}},
      {"backslashes", {{"win", "..\\..\\etc"}}},
      {"empty", {{"empty", ""}}},
      {"loop", {{"a", "b"}, {"b", "a"}}},
  };
  for (const auto& c : cases) {
    Sandbox sandbox;
    ZipWriter zip;
    zip.file("index.js", "ok");
    for (const auto& [name, target] : c.links) zip.symlink(name, target);
    EXPECT_EQ(outcome(zip.bytes(), sandbox.target()), kCouldNotUnzip) << c.what;
    EXPECT_EQ(sandbox.listing(), "") << c.what;
  }
}

// A zip may list "lnk" -> "sub" and then "lnk/x": unzip would write through
// the link. Here the package is refused before anything is written.
TEST(HostileZip, EntriesBelowASymlinkOrAFileAreRefused) {
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"below link", ZipWriter().dir("sub/").symlink("lnk", "sub").file("lnk/x", "x").bytes()},
      {"below link listed first",
       ZipWriter().dir("sub/").file("lnk/x", "x").symlink("lnk", "sub").bytes()},
      {"below file", ZipWriter().file("a", "a").file("a/b", "b").bytes()},
      {"below file listed first", ZipWriter().file("a/b", "b").file("a", "a").bytes()},
      {"link then dir", ZipWriter().symlink("d", "x").dir("d/").bytes()},
  };
  for (const auto& [what, zip] : cases) {
    Sandbox sandbox;
    EXPECT_EQ(outcome(zip, sandbox.target()), kCouldNotUnzip) << what;
    EXPECT_EQ(sandbox.listing(), "") << what;
  }
}

TEST(HostileZip, DuplicateNamesAreRefused) {
  const std::vector<std::pair<const char*, std::vector<RawEntry>>> cases = {
      {"file twice", {stored_entry("a.js", "1"), stored_entry("a.js", "2")}},
      {"same after normalizing", {stored_entry("a/b.js", "1"), stored_entry("./a//b.js", "2")}},
      {"file and dir", {stored_entry("a", "1"), stored_entry("a/", "", S_IFDIR | 0755)}},
      {"link and file", {stored_entry("a", "x", S_IFLNK | 0777), stored_entry("a", "1")}},
  };
  for (const auto& [what, entries] : cases) {
    Sandbox sandbox;
    EXPECT_EQ(outcome(raw_zip(entries), sandbox.target()), kCouldNotUnzip) << what;
    EXPECT_EQ(sandbox.listing(), "") << what;
  }
}

TEST(HostileZip, DevicesAndFifosAreRefused) {
  for (uint32_t type : {S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK}) {
    Sandbox sandbox;
    std::string zip = raw_zip({stored_entry("index.js", "ok"), stored_entry("dev", "", type | 0644)});
    EXPECT_EQ(outcome(zip, sandbox.target()), kCouldNotUnzip) << type;
    EXPECT_EQ(sandbox.listing(), "");
  }
}

TEST(HostileZip, OneEntryOf300MbOfZerosIsRefusedWithoutWritingIt) {
  Sandbox sandbox;
  std::string zip = raw_zip({stored_entry("index.js", "ok"), deflated_zeros("bomb", 300'000'000)});
  ASSERT_LT(zip.size(), 1u << 20);
  Stopwatch watch;
  EXPECT_EQ(outcome(zip, sandbox.target()), kUnzippedTooLarge);
  EXPECT_LT(watch.seconds(), 2.0);
  EXPECT_EQ(sandbox.listing(), "");
}

TEST(HostileZip, ManyEntriesTogetherOverTheLimitAreRefused) {
  Sandbox sandbox;
  RawEntry mebibyte = deflated_zeros("", 1 << 20);
  std::vector<RawEntry> entries;
  for (int i = 0; i < 300; ++i) {
    entries.push_back(mebibyte);
    entries.back().name = "part" + std::to_string(i);
  }
  Stopwatch watch;
  EXPECT_EQ(outcome(raw_zip(entries), sandbox.target()), kUnzippedTooLarge);
  EXPECT_LT(watch.seconds(), 2.0);
  EXPECT_EQ(sandbox.listing(), "");
}

// "Must be smaller than": the limit itself is already too much.
TEST(HostileZip, TheUnzippedLimitIsExclusive) {
  ExtractLimits limits;
  limits.max_unzipped_bytes = 1000;
  for (size_t size : {999u, 1000u}) {
    Sandbox sandbox;
    std::string zip = ZipWriter().file("a", std::string(size - 1, 'a')).symlink("b", "a").bytes();
    EXPECT_EQ(outcome(zip, sandbox.target(), limits),
              size < 1000 ? "ok"
                          : "400 InvalidParameterValueException: Unzipped size must be smaller "
                            "than 1000 bytes");
  }
}

// The directory says 1000 bytes; the data inflates to 300 MB. Inflation
// stops one byte past the claim, after the good entries were written, and
// those are removed.
TEST(HostileZip, AnEntryLargerThanItsDeclaredSizeIsStoppedAtTheClaim) {
  Sandbox sandbox;
  RawEntry liar = deflated_zeros("liar", 300'000'000);
  liar.size = 1000;
  std::string zip = raw_zip({stored_entry("index.js", "ok"), liar});
  Stopwatch watch;
  EXPECT_EQ(outcome(zip, sandbox.target()), kCouldNotUnzip);
  EXPECT_LT(watch.seconds(), 2.0);
  EXPECT_EQ(sandbox.listing(), "");
}

TEST(HostileZip, AnEntryOfAnotherSizeThanDeclaredIsRefused) {
  // 4 GB declared for 5 bytes (0xFFFFFFFF would mean zip64): the claim alone is over the limit.
  const std::pair<uint64_t, const char*> cases[] = {
      {4, kCouldNotUnzip}, {6, kCouldNotUnzip}, {0xFFFFFFFE, kUnzippedTooLarge}};
  for (const auto& [declared, expected] : cases) {
    Sandbox sandbox;
    RawEntry entry = stored_entry("a.txt", "hello");
    entry.size = declared;
    EXPECT_EQ(outcome(raw_zip({entry}), sandbox.target()), expected) << declared;
    EXPECT_EQ(sandbox.listing(), "");
  }
}

TEST(HostileZip, TheEntryCountIsCapped) {
  ExtractLimits limits;
  limits.max_entries = 3;
  ZipWriter three;
  three.file("a", "a").file("b", "b").file("c", "c");
  ZipWriter four;
  four.file("a", "a").file("b", "b").file("c", "c").file("d", "d");
  Sandbox ok, refused;
  EXPECT_EQ(outcome(three.bytes(), ok.target(), limits), "ok");
  EXPECT_EQ(outcome(four.bytes(), refused.target(), limits), kCouldNotUnzip);
  EXPECT_EQ(refused.listing(), "");
}

}  // namespace
}  // namespace localcloud::lambda::code
