#include "model/base64.h"

#include <cstdint>

#include "model/errors.h"

namespace localcloud::dynamodb::model {
namespace {

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

Base64Decoded base64_decode(std::string_view text) {
  Base64Decoded out;
  if (text.size() % 4 != 0) {
    out.error = "Base64 encoded length is expected a multiple of 4 bytes but found: " +
                std::to_string(text.size());
    return out;
  }
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  const size_t data = text.size() - padding;
  out.bytes.reserve(data / 4 * 3 + 2);
  uint32_t bits = 0;
  int bit_count = 0;
  for (size_t i = 0; i < data; ++i) {
    const int value = sextet(text[i]);
    if (value < 0) {
      // AWS's decoder takes a '=' as the start of the padding and then finds
      // data after it.
      out.error = text[i] == '=' ? std::string(errors::kBadBase64Tail)
                                 : "Invalid Base64 character: '" + std::string(1, text[i]) + "'";
      return out;
    }
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.bytes.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  // One data character in the last group cannot make a byte, and leftover
  // bits must be zero for the text to be the canonical spelling.
  if (data % 4 == 1 || (bits & ((1u << bit_count) - 1)) != 0) {
    out.error = errors::kBadBase64Tail;
    out.bytes.clear();
  }
  return out;
}

}  // namespace localcloud::dynamodb::model
