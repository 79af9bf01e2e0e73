#include "localcloud/core/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace localcloud::base64 {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(encode(plain), encoded);
    EXPECT_EQ(decode(encoded), std::string(plain));
  }
}

TEST(Base64, DecodesUnpaddedText) {
  EXPECT_EQ(decode("Zg"), std::string("f"));
  EXPECT_EQ(decode("Zm8"), std::string("fo"));
}

TEST(Base64, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(encode(all).substr(0, 8), "AAECAwQF");
  EXPECT_EQ(decode(encode(all)), all);
}

TEST(Base64, RefusesWhatIsNotBase64) {
  for (const char* text : {"Z", "Zm9v!", "Zg=a", "Zm9vYg===", " Zm9v", "Zm9v\n", "Zg==Zg==",
                           "Zm9v-_", "===="}) {
    EXPECT_FALSE(decode(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace localcloud::base64
