// utf8::valid against Unicode's table of well-formed byte sequences, and
// against the JSON library localcloud serializes with: whatever it would
// refuse to write as it is, valid() refuses too.
#include "localcloud/core/utf8.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace localcloud::utf8 {
namespace {

bool library_accepts(const std::string& s) {
  try {
    nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

TEST(Utf8Test, WellFormedSequences) {
  struct Case {
    std::string bytes;
    bool want;
  };
  const std::vector<Case> cases = {
      {"", true},
      {"plain ascii \x7f", true},
      {std::string("nul \0 inside", 12), true},
      {"\xc3\xa9", true},                  // é
      {"\xe2\x82\xac", true},              // €
      {"\xf0\x9f\x98\x80", true},          // 😀
      {"\xef\xbf\xbd", true},              // U+FFFD
      {"\xf4\x8f\xbf\xbf", true},          // U+10FFFF
      {"\xed\x9f\xbf", true},              // U+D7FF
      {"\xee\x80\x80", true},              // U+E000
      {"\x80", false},                     // a lone continuation byte
      {"\xc3", false},                     // truncated
      {"\xe2\x82", false},                 // truncated
      {"\xf0\x9f\x98", false},             // truncated
      {"\xc0\xaf", false},                 // overlong '/'
      {"\xc1\xbf", false},                 // overlong
      {"\xe0\x80\xaf", false},             // overlong
      {"\xe0\x9f\xbf", false},             // overlong
      {"\xf0\x8f\xbf\xbf", false},         // overlong
      {"\xed\xa0\x80", false},             // surrogate U+D800
      {"\xed\xbf\xbf", false},             // surrogate U+DFFF
      {"\xf4\x90\x80\x80", false},         // U+110000
      {"\xf5\x80\x80\x80", false},
      {"\xff", false},
      {"\xc3\x28", false},                 // bad continuation
      {"\xe2\x28\xa1", false},
      {"\xe2\x82\x28", false},
      {"\xf0\x9f\x98\x28", false},
      {"ok \xc3\xa9 then \x80", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(valid(c.bytes), c.want) << testing::PrintToString(c.bytes);
    EXPECT_EQ(library_accepts(c.bytes), c.want) << "library: " << testing::PrintToString(c.bytes);
  }
}

TEST(Utf8Test, AgreesWithTheLibraryOnEveryShortSequence) {
  // Every one- and two-byte string, and three-byte strings led by a
  // multi-byte lead: the lead bytes' edge cases all live there.
  for (int a = 0; a < 256; ++a) {
    std::string one(1, static_cast<char>(a));
    ASSERT_EQ(valid(one), library_accepts(one)) << a;
    for (int b = 0; b < 256; ++b) {
      std::string two{static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(valid(two), library_accepts(two)) << a << " " << b;
      if (a < 0xE0) continue;
      for (int c : {0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff}) {
        std::string three{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
        ASSERT_EQ(valid(three), library_accepts(three)) << a << " " << b << " " << c;
        std::string four = three + "\x80";
        ASSERT_EQ(valid(four), library_accepts(four)) << a << " " << b << " " << c;
      }
    }
  }
}

TEST(Utf8Test, EveryPositionInLongerText) {
  // The ASCII stretches are taken eight bytes at a time: a sequence, good or
  // bad, is found wherever it starts or ends against those eight.
  const std::string good[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
  const std::string bad[] = {"\x80", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80",
                             "\xFF"};
  for (size_t before = 0; before < 20; ++before) {
    for (size_t after = 0; after < 20; ++after) {
      std::string pad_before(before, 'a'), pad_after(after, 'z');
      EXPECT_TRUE(valid(pad_before + pad_after));
      for (const auto& g : good) {
        std::string text = pad_before + g + pad_after;
        ASSERT_TRUE(valid(text)) << before << " " << after;
        ASSERT_EQ(valid(text), library_accepts(text));
      }
      for (const auto& b : bad) {
        std::string text = pad_before + b + pad_after;
        ASSERT_FALSE(valid(text)) << before << " " << after << " " << testing::PrintToString(b);
        ASSERT_EQ(valid(text), library_accepts(text));
      }
    }
  }
}

}  // namespace
}  // namespace localcloud::utf8
