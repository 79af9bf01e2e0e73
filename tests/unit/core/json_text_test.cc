#include "localcloud/core/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace localcloud::json_text {
namespace {

std::string written(std::string_view text) {
  std::string out;
  append_string(out, text);
  return out;
}

TEST(JsonText, StringsAreWrittenAsTheLibraryDumpsThem) {
  // Every byte below 0x80, alone and between plain text.
  for (int c = 0; c < 0x80; ++c) {
    std::string alone(1, static_cast<char>(c));
    EXPECT_EQ(written(alone), nlohmann::json(alone).dump()) << c;
    std::string mixed = "ab" + alone + "cd" + alone;
    EXPECT_EQ(written(mixed), nlohmann::json(mixed).dump()) << c;
  }
  for (std::string_view text :
       {"", "plain", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"quoted\" \\path\\ a/b \x7f"})
    EXPECT_EQ(written(text), nlohmann::json(text).dump()) << text;
}

TEST(JsonText, AppendsToWhatIsThere) {
  std::string out = "x:";
  append_string(out, "a\nb");
  EXPECT_EQ(out, "x:\"a\\nb\"");
}

}  // namespace
}  // namespace localcloud::json_text
