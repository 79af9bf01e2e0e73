#include "model/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "random_numbers.h"

namespace localcloud::dynamodb::model {
namespace {

constexpr int kValuesPerType = 12000;

int memcmp_order(const std::string& a, const std::string& b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : a.size() == b.size() ? 0 : 1;
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out.append({kDigits[c >> 4], kDigits[c & 15]});
  return out;
}

std::string encoded_number(const std::string& text) {
  return hex(encode_key_part(AttributeValue::number(Number::parse(text))));
}

TEST(KeyCodec, NumberEncodingsByHand) {
  struct Case {
    const char* number;
    const char* hex;
  };
  const Case cases[] = {
      {"0", "02"},
      {"1", "03820a"},          // positive, exponent 0 + 130, digit pair "10"
      {"12", "03830c"},         // exponent 1, pair "12"
      {"123", "03840c1e"},      // exponent 2: pairs "12" "30"
      {"1.5", "03820f"},        // exponent 0: pair "15"
      {"1e125", "03ff0a"},      // the largest exponent byte
      {"1e-130", "03000a"},     // the smallest
      {"-1", "017d59ff"},       // 255-130, 99-10, terminator
      {"-1.05", "017d5931ff"},  // 99-10, 99-50
      {"-1e-130", "01ff59ff"},
      {"-1e125", "010059ff"},
  };
  for (const auto& c : cases) EXPECT_EQ(encoded_number(c.number), c.hex) << c.number;
}

TEST(KeyCodec, HandCheckedNumberPairsOrder) {
  const char* ascending[] = {"-1e125", "-99", "-10", "-9.5", "-1.05", "-1", "-0.5", "-1e-130", "0",
                             "1e-130", "0.5", "1",   "1.05", "9.5",   "10", "99",   "1e125"};
  for (size_t i = 0; i + 1 < std::size(ascending); ++i)
    EXPECT_LT(memcmp_order(encoded_number(ascending[i]), encoded_number(ascending[i + 1])), 0)
        << ascending[i] << " < " << ascending[i + 1];
}

// Sorts values by `reference` and checks that sorting their encodings with
// memcmp gives the same sequence, that equal values (and only they) encode
// equally, and that every encoding decodes back to its value.
template <typename Less>
void check_order(AttributeType type, std::vector<AttributeValue> values, Less reference_less) {
  std::sort(values.begin(), values.end(), reference_less);
  std::vector<std::string> encodings;
  encodings.reserve(values.size());
  for (const auto& v : values) encodings.push_back(encode_key_part(v));
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    const bool equal = !reference_less(values[i], values[i + 1]);
    ASSERT_EQ(memcmp_order(encodings[i], encodings[i + 1]), equal ? 0 : -1)
        << i << ": " << values[i].to_json().dump() << " then " << values[i + 1].to_json().dump();
  }
  for (size_t i = 0; i < values.size(); ++i) {
    auto decoded = decode_key_part(type, encodings[i]);
    ASSERT_TRUE(decoded.has_value()) << values[i].to_json().dump();
    ASSERT_EQ(*decoded, values[i]);
  }
}

TEST(KeyCodec, RandomNumbersOrderNumerically) {
  testing::NumberGenerator gen(7);
  std::vector<AttributeValue> values;
  values.reserve(kValuesPerType);
  for (int i = 0; i < kValuesPerType; ++i) values.push_back(AttributeValue::number(gen.next()));
  check_order(AttributeType::kN, values, [](const AttributeValue& a, const AttributeValue& b) {
    return a.as_number() < b.as_number();
  });
  // The same, against the big-integer reference rather than Number's order.
  check_order(AttributeType::kN, values, [](const AttributeValue& a, const AttributeValue& b) {
    return testing::scaled(a.as_number()) < testing::scaled(b.as_number());
  });
}

std::u32string random_code_points(std::mt19937& rng) {
  // Code points from every UTF-8 length class, surrogates excluded.
  static const std::pair<char32_t, char32_t> kRanges[] = {{0x00, 0x7F},     {0x61, 0x63},
                                                          {0x80, 0x7FF},    {0x800, 0xD7FF},
                                                          {0xE000, 0xFFFF}, {0x10000, 0x10FFFF}};
  std::u32string out;
  const int length = std::uniform_int_distribution<int>(0, 6)(rng);
  for (int i = 0; i < length; ++i) {
    const auto& range =
        kRanges[std::uniform_int_distribution<size_t>(0, std::size(kRanges) - 1)(rng)];
    out.push_back(std::uniform_int_distribution<char32_t>(range.first, range.second)(rng));
  }
  return out;
}

std::string utf8(const std::u32string& text) {
  std::string out;
  for (char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

TEST(KeyCodec, RandomStringsOrderByCodePoint) {
  // UTF-8 byte order is code point order; the reference compares code points.
  std::mt19937 rng(8);
  std::vector<AttributeValue> values;
  std::map<std::string, std::u32string> points;
  for (int i = 0; i < kValuesPerType; ++i) {
    std::u32string text = random_code_points(rng);
    points[utf8(text)] = text;
    values.push_back(AttributeValue::string(utf8(text)));
  }
  check_order(AttributeType::kS, values, [&](const AttributeValue& a, const AttributeValue& b) {
    return points.at(a.as_string()) < points.at(b.as_string());
  });
}

TEST(KeyCodec, RandomBinariesOrderByUnsignedBytes) {
  std::mt19937 rng(9);
  std::vector<AttributeValue> values;
  for (int i = 0; i < kValuesPerType; ++i) {
    std::string bytes;
    const int length = std::uniform_int_distribution<int>(0, 5)(rng);
    for (int j = 0; j < length; ++j) {
      // Few distinct bytes, so shared prefixes are common; 0x00 and 0xFF included.
      static const unsigned char kBytes[] = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};
      bytes.push_back(static_cast<char>(kBytes[std::uniform_int_distribution<size_t>(0, 5)(rng)]));
    }
    values.push_back(AttributeValue::binary(bytes));
  }
  check_order(AttributeType::kB, values, [](const AttributeValue& a, const AttributeValue& b) {
    const auto& x = a.as_binary();
    const auto& y = b.as_binary();
    return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end(), [](char l, char r) {
      return static_cast<unsigned char>(l) < static_cast<unsigned char>(r);
    });
  });
}

TEST(KeyCodec, RejectsWhatIsNotAnEncoding) {
  EXPECT_FALSE(decode_key_part(AttributeType::kN, ""));
  EXPECT_FALSE(decode_key_part(AttributeType::kN, std::string("\x02\x00", 2)));
  EXPECT_FALSE(decode_key_part(AttributeType::kN, "\x04\x82\x0a"));
  EXPECT_FALSE(decode_key_part(AttributeType::kN, "\x03\x82"));
  EXPECT_FALSE(decode_key_part(AttributeType::kN, "\x03\x82\x64"));  // pair 100
  EXPECT_FALSE(decode_key_part(AttributeType::kN,
                               std::string("\x03\x82\x0a\x00", 4)));  // trailing zero pair
  EXPECT_FALSE(decode_key_part(AttributeType::kN, "\x01\x7d\x59"));   // no terminator
  EXPECT_FALSE(decode_key_part(AttributeType::kBool, "x"));
  EXPECT_THROW(encode_key_part(AttributeValue::boolean(true)), std::invalid_argument);
  EXPECT_TRUE(is_key_type(AttributeType::kB));
  EXPECT_FALSE(is_key_type(AttributeType::kSs));
}

}  // namespace
}  // namespace localcloud::dynamodb::model
