#include "storage/code_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "code/base64.h"
#include "localcloud/core/aws_error.h"

namespace localcloud::lambda::storage {
namespace {

namespace fs = std::filesystem;

// index.js and lib/util.js, stored.
constexpr const char* kGoodZip =
    "UEsDBBQAAAAAAEUVd13yAYmUHAAAABwAAAAIAAAAaW5kZXguanNleHBvcnRzLmhhbmRsZXI9YXN5bmMoKT0+MTsKUEsD"
    "BBQAAAAAAEUVd10fCOpGAgAAAAIAAAALAAAAbGliL3V0aWwuanN4ClBLAQIUAxQAAAAAAEUVd13yAYmUHAAAABwAAAAI"
    "AAAAAAAAAAAAAACAAQAAAABpbmRleC5qc1BLAQIUAxQAAAAAAEUVd10fCOpGAgAAAAIAAAALAAAAAAAAAAAAAACAAUIA"
    "AABsaWIvdXRpbC5qc1BLBQYAAAAAAgACAG8AAABtAAAAAAA=";
// One entry, "../evil.txt".
constexpr const char* kTraversalZip =
    "UEsDBBQAAAAAAEUVd137XrOFBgAAAAYAAAALAAAALi4vZXZpbC50eHRwd25lZApQSwECFAMUAAAAAABFFXdd+16zhQYA"
    "AAAGAAAACwAAAAAAAAAAAAAAgAEAAAAALi4vZXZpbC50eHRQSwUGAAAAAAEAAQA5AAAALwAAAAAA";

class CodeStoreTest : public ::testing::Test {
 protected:
  CodeStoreTest()
      : root_(fs::temp_directory_path() /
              ("lc-code-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        code_(std::make_unique<CodeStore>(root_)) {}
  ~CodeStoreTest() override {
    code_.reset();
    fs::remove_all(root_);
  }

  size_t entries(const fs::path& dir) {
    std::error_code ec;
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir, ec), {}));
  }

  fs::path root_;
  std::unique_ptr<CodeStore> code_;
};

TEST_F(CodeStoreTest, IdentifiesLikeLambda) {
  auto info = CodeStore::identify("");
  EXPECT_EQ(info.sha256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(info.hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(info.size, 0);
}

TEST_F(CodeStoreTest, InstallsOncePerDigestAndServesTheZip) {
  std::string zip = code::base64_decode(kGoodZip);
  auto info = CodeStore::identify(zip);
  EXPECT_TRUE(code_->install("f", info, zip));
  EXPECT_TRUE(fs::is_regular_file(code_->code_dir("f", info.hex) / "index.js"));
  EXPECT_TRUE(fs::is_regular_file(code_->code_dir("f", info.hex) / "lib" / "util.js"));
  EXPECT_FALSE(code_->install("f", info, zip));
  EXPECT_EQ(code_->read_zip("f", info.hex), zip);
  EXPECT_FALSE(code_->read_zip("f", "../../etc/passwd"));
  code_->drain();
  EXPECT_EQ(entries(root_ / "staging"), 0u);
}

TEST_F(CodeStoreTest, HostileZipLeavesNothingBehind) {
  std::string zip = code::base64_decode(kTraversalZip);
  auto info = CodeStore::identify(zip);
  EXPECT_THROW(code_->install("f", info, zip), AwsError);
  code_->drain();
  EXPECT_FALSE(fs::exists(code_->code_dir("f", info.hex)));
  EXPECT_FALSE(fs::exists(root_ / "evil.txt"));
  EXPECT_FALSE(fs::exists(root_ / "staging" / "evil.txt"));
  EXPECT_EQ(entries(root_ / "staging"), 0u);
}

TEST_F(CodeStoreTest, DiscardAndSweep) {
  std::string zip = code::base64_decode(kGoodZip);
  auto info = CodeStore::identify(zip);
  code_->install("keep", info, zip);
  code_->install("orphan", info, zip);
  fs::create_directories(code_->code_dir("keep", "stale"));
  code_->sweep({{"keep", info.hex}});
  EXPECT_TRUE(fs::exists(code_->code_dir("keep", info.hex)));
  EXPECT_TRUE(fs::exists(code_->zip_path("keep", info.hex)));
  EXPECT_FALSE(fs::exists(code_->code_dir("keep", "stale")));
  EXPECT_FALSE(fs::exists(root_ / "functions" / "orphan"));
  code_->discard("keep", info.hex);
  EXPECT_FALSE(fs::exists(code_->code_dir("keep", info.hex)));  // gone from its path at once
  code_->drain();
  EXPECT_EQ(entries(root_ / "trash"), 0u);
}

}  // namespace
}  // namespace localcloud::lambda::storage
