// The order-preserving key encoding: for two values of one key type (S, N
// or B) taken from the input, decoding an encoding gives the value back, and
// memcmp over the encodings orders them exactly as DynamoDB orders the
// values (S and B by unsigned bytes, N numerically). Arbitrary bytes given
// to the decoder either fail or are the one encoding of what they decode to.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_support.h"
#include "model/key_codec.h"

using namespace localcloud;
using namespace localcloud::dynamodb::model;

namespace {

int sign_of(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

int sign_of(std::strong_ordering o) { return o < 0 ? -1 : o > 0 ? 1 : 0; }

int memcmp_order(const std::string& a, const std::string& b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return sign_of(c);
  return a.size() < b.size() ? -1 : a.size() == b.size() ? 0 : 1;
}

int dynamodb_order(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttributeType::kN) return sign_of(a.as_number() <=> b.as_number());
  const std::string& x = a.type() == AttributeType::kS ? a.as_string() : a.as_binary();
  const std::string& y = b.type() == AttributeType::kS ? b.as_string() : b.as_binary();
  return sign_of(x.compare(y));  // char_traits<char>::compare is unsigned, as memcmp
}

std::optional<AttributeValue> value_of(AttributeType type, std::string_view text) {
  if (type == AttributeType::kS) return AttributeValue::string(std::string(text));
  if (type == AttributeType::kB) return AttributeValue::binary(std::string(text));
  auto checked = Number::check(text);
  if (auto* number = std::get_if<Number>(&checked)) {
    // The decimal text DynamoDB answers with reads back as the same number.
    fuzz::require(Number::parse(number->to_string()) == *number, "to_string round trip",
                  std::string(text) + " → " + number->to_string());
    return AttributeValue::number(*number);
  }
  return std::nullopt;
}

void check_decoder(AttributeType type, std::string_view bytes) {
  auto decoded = decode_key_part(type, bytes);
  if (!decoded) return;
  fuzz::require(encode_key_part(*decoded) == bytes, "an accepted encoding is not canonical");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const AttributeType types[] = {AttributeType::kS, AttributeType::kN, AttributeType::kB};
  AttributeType type = types[data[0] % 3];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  check_decoder(type, rest);
  // Two values: the text before the first NUL byte and the text after it.
  size_t cut = rest.find('\0');
  std::string_view first = rest.substr(0, cut);
  std::string_view second = cut == std::string_view::npos ? "" : rest.substr(cut + 1);
  auto a = value_of(type, first);
  auto b = value_of(type, second);
  for (const auto* v : {&a, &b}) {
    if (!*v) continue;
    auto back = decode_key_part(type, encode_key_part(**v));
    fuzz::require(back && *back == **v, "decode(encode(v)) != v");
  }
  if (!a || !b) return 0;
  std::string ea = encode_key_part(*a), eb = encode_key_part(*b);
  fuzz::require(memcmp_order(ea, eb) == dynamodb_order(*a, *b), "encodings misorder values",
                std::string(first) + " vs " + std::string(second));
  return 0;
}
