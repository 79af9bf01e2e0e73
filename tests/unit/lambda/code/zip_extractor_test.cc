// Ordinary packages: trees, modes, results, and the refusals of inputs that
// are not (usable) zips.
#include "code/zip_extractor.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <system_error>

#include "zip_fixtures.h"

namespace localcloud::lambda::code {
namespace {

using namespace testing;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ExtractZip, WritesTheTreeAndKeepsMaskedUnixModes) {
  Sandbox sandbox;
  ZipWriter zip;
  zip.dir("lib/")
      .file("lib/util.js", "export {}")
      .file("bootstrap", "#!/bin/sh\n", S_IFREG | 0755)
      .file("deep/a/b/c.txt", "ccc")  // parents not listed: made 0755
      .file("private.txt", "p", S_IFREG | 0600)
      .file("setuid", "s", S_IFREG | 04777)  // setuid and world-writable dropped
      .file("group-writable", "g", S_IFREG | 0664)
      .dir("locked/", S_IFDIR | 0500)  // the owner keeps rwx
      .file("locked/x", "x", S_IFREG | 0444)
      .dir("sticky/", S_IFDIR | 01777);
  // Modes must not depend on the server's umask.
  mode_t old_umask = umask(077);
  ExtractResult result = extract_zip(zip.bytes(), sandbox.target());
  umask(old_umask);

  EXPECT_EQ(render_tree(sandbox.target()),
            "bootstrap 755 10\n"
            "deep/ 755\n"
            "deep/a/ 755\n"
            "deep/a/b/ 755\n"
            "deep/a/b/c.txt 644 3\n"
            "group-writable 644 1\n"
            "lib/ 755\n"
            "lib/util.js 644 9\n"
            "locked/ 700\n"
            "locked/x 644 1\n"
            "private.txt 600 1\n"
            "setuid 755 1\n"
            "sticky/ 755\n");
  struct stat root;
  ASSERT_EQ(stat(sandbox.target().c_str(), &root), 0);
  EXPECT_EQ(root.st_mode & 07777, 0755u);
  EXPECT_EQ(result.files, 7u);
  EXPECT_EQ(result.bytes, 10u + 3 + 1 + 1 + 1 + 9 + 1);
  EXPECT_EQ(read(sandbox.target() / "bootstrap"), "#!/bin/sh\n");
}

TEST(ExtractZip, EntriesWithoutUnixAttributesGetDefaultModes) {
  Sandbox sandbox;
  RawEntry dir = stored_entry("src/", "", 0);
  std::string zip = raw_zip({dir, stored_entry("src/app.py", "print(1)", 0),
                             stored_entry("run.sh", "#!/bin/sh", 0)});
  EXPECT_EQ(outcome(zip, sandbox.target()), "ok");
  EXPECT_EQ(render_tree(sandbox.target()),
            "run.sh 644 9\n"
            "src/ 755\n"
            "src/app.py 644 8\n");
}

TEST(ExtractZip, InflatesDeflatedEntries) {
  Sandbox sandbox;
  std::string zip = raw_zip({deflated_zeros("zeros.bin", 3 << 20)});
  ExtractResult result = extract_zip(zip, sandbox.target());
  EXPECT_EQ(result.bytes, 3u << 20);
  EXPECT_EQ(fs::file_size(sandbox.target() / "zeros.bin"), 3u << 20);
}

TEST(ExtractZip, ToleratesRootAndRepeatedDirectoryEntries) {
  Sandbox sandbox;
  std::string zip = raw_zip({stored_entry("./", "", S_IFDIR | 0700), stored_entry("a/", "", S_IFDIR | 0755),
                             stored_entry("./a//", "", S_IFDIR | 0755),
                             stored_entry("./a/./f", "f")});
  EXPECT_EQ(outcome(zip, sandbox.target()), "ok");
  EXPECT_EQ(render_tree(sandbox.target()), "a/ 755\na/f 644 1\n");
}

TEST(ExtractZip, EmptyPackagesAreRefusedAsAwsDoes) {
  const std::string end_of_directory_only = raw_zip({});
  ASSERT_EQ(end_of_directory_only.size(), 22u);
  ZipWriter only_dirs;
  only_dirs.dir("a/").dir("a/b/");
  for (const std::string& zip : {std::string(), end_of_directory_only, only_dirs.bytes()}) {
    Sandbox sandbox;
    EXPECT_EQ(outcome(zip, sandbox.target()), kEmptyZip) << zip.size();
    EXPECT_EQ(sandbox.listing(), "");
  }
}

TEST(ExtractZip, RefusesWhatIsNotAZip) {
  std::string good = ZipWriter().file("index.js", "hello, world").bytes();
  std::string truncated = good.substr(0, good.size() - 5);
  std::string corrupt = raw_zip({stored_entry("a.txt", "hello")});
  corrupt[30 + 5] ^= 0x01;  // first data byte: the CRC no longer matches
  std::string garbage;
  for (int i = 0; i < 1000; ++i) garbage.push_back(static_cast<char>(i * 7919 % 251));
  RawEntry imploded = stored_entry("a.txt", "hello");
  imploded.method = 6;  // PKWARE implode: supported by nobody here
  RawEntry encrypted = stored_entry("a.txt", "hello");
  encrypted.flags = 1;
  const std::pair<const char*, std::string> cases[] = {
      {"text", "this is not a zip file"},
      {"garbage", garbage},
      {"truncated", truncated},
      {"crc", corrupt},
      {"method", raw_zip({imploded})},
      {"encrypted", raw_zip({encrypted})},
      {"local header only", good.substr(0, 40)},
  };
  for (const auto& [what, zip] : cases) {
    Sandbox sandbox;
    EXPECT_EQ(outcome(zip, sandbox.target()), kCouldNotUnzip) << what;
    EXPECT_EQ(sandbox.listing(), "") << what;
  }
}

TEST(ExtractZip, RefusesAZipOverTheDirectUploadLimitWithAwsText) {
  Sandbox sandbox;
  std::string big(kMaxZipBytes + 1, 'x');
  EXPECT_EQ(outcome(big, sandbox.target()),
            "413 RequestEntityTooLargeException: Request must be smaller than 70167211 bytes for "
            "the CreateFunction operation");
  ExtractLimits update;
  update.operation = "UpdateFunctionCode";
  EXPECT_EQ(outcome(big, sandbox.target(), update),
            "413 RequestEntityTooLargeException: Request must be smaller than 70167211 bytes for "
            "the UpdateFunctionCode operation");
  // At the limit the size is fine; these bytes just are not a zip.
  big.pop_back();
  EXPECT_EQ(outcome(big, sandbox.target()), kCouldNotUnzip);
  EXPECT_EQ(sandbox.listing(), "");
}

TEST(ExtractZip, ClientErrorsCarryLambdasUserType) {
  Sandbox sandbox;
  try {
    extract_zip("not a zip", sandbox.target());
    FAIL();
  } catch (const AwsError& e) {
    ASSERT_EQ(e.extra_fields().size(), 1u);
    EXPECT_EQ(e.extra_fields()[0].first, "Type");
    EXPECT_EQ(e.extra_fields()[0].second, "\"User\"");
  }
  AwsError too_large = request_too_large("CreateFunction");
  EXPECT_EQ(too_large.status(), 413);
  EXPECT_TRUE(too_large.extra_fields().empty());
}

TEST(ExtractZip, TargetMustNotExistAndIsLeftAloneIfItDoes) {
  Sandbox sandbox;
  std::string zip = ZipWriter().file("index.js", "new").bytes();
  fs::create_directory(sandbox.target());
  std::ofstream(sandbox.target() / "index.js") << "old";
  EXPECT_THROW(extract_zip(zip, sandbox.target()), std::system_error);
  EXPECT_EQ(read(sandbox.target() / "index.js"), "old");

  // A symlink in the target's place is not followed either.
  fs::create_directory(sandbox.root() / "elsewhere");
  fs::create_directory_symlink(sandbox.root() / "elsewhere", sandbox.root() / "link");
  EXPECT_THROW(extract_zip(zip, sandbox.root() / "link"), std::system_error);
  EXPECT_TRUE(fs::is_empty(sandbox.root() / "elsewhere"));
}

TEST(ExtractZip, TargetParentMustExist) {
  Sandbox sandbox;
  std::string zip = ZipWriter().file("index.js", "x").bytes();
  EXPECT_THROW(extract_zip(zip, sandbox.root() / "missing" / "code"), std::system_error);
  EXPECT_EQ(sandbox.listing(), "");
}

TEST(ExtractZip, AcceptsATrailingSlashOnTheTarget) {
  Sandbox sandbox;
  std::string zip = ZipWriter().file("index.js", "x").bytes();
  EXPECT_EQ(outcome(zip, sandbox.root() / "code/"), "ok");
  EXPECT_EQ(render_tree(sandbox.target()), "index.js 644 1\n");
}

}  // namespace
}  // namespace localcloud::lambda::code
