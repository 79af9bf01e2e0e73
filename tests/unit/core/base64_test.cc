#include "code/base64.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace localcloud::lambda::code {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), plain);
  }
}

TEST(Base64, DecodesUnpaddedText) {
  EXPECT_EQ(base64_decode("Zg"), "f");
  EXPECT_EQ(base64_decode("Zm8"), "fo");
}

TEST(Base64, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(base64_encode(all).substr(0, 8), "AAECAwQF");
  EXPECT_EQ(base64_decode(base64_encode(all)), all);
}

TEST(Base64, RefusesWhatIsNotBase64) {
  for (const char* text : {"Z", "Zm9v!", "Zg=a", "Zm9vYg===", " Zm9v", "Zm9v\n", "Zg==Zg==",
                           "Zm9v-_", "===="}) {
    EXPECT_THROW(base64_decode(text), std::invalid_argument) << text;
  }
}

}  // namespace
}  // namespace localcloud::lambda::code
