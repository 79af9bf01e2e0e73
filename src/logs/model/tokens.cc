#include "model/tokens.h"

#include <charconv>
#include <cstdio>

namespace localcloud::logs::model {
namespace {

constexpr size_t kTimeDigits = 20;
constexpr size_t kIdDigits = 36;

std::string padded(uint64_t value, size_t width) {
  std::string digits = std::to_string(value);
  return std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
}

std::optional<uint64_t> parse_digits(std::string_view text) {
  // Leading zeros are padding; the value itself must fit 64 bits.
  while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<EventPosition> parse_position_digits(std::string_view digits) {
  if (digits.size() != kTimeDigits + kIdDigits) return std::nullopt;
  auto time = parse_digits(digits.substr(0, kTimeDigits));
  auto id = parse_digits(digits.substr(kTimeDigits));
  if (!time || !id || *time > INT64_MAX || *id > INT64_MAX) return std::nullopt;
  return EventPosition{static_cast<int64_t>(*time), static_cast<int64_t>(*id)};
}

std::string hex(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

std::optional<std::string> unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

// Cursor tokens carry a version so a token from another shape is refused.
constexpr std::string_view kCursorPrefix = "c1";
constexpr std::string_view kPositionPrefix = "p1";

}  // namespace

std::string event_id(const EventPosition& position) {
  // Positions before the epoch only come from appends with a bad clock.
  uint64_t time = position.timestamp_ms < 0 ? 0 : static_cast<uint64_t>(position.timestamp_ms);
  return padded(time, kTimeDigits) + padded(static_cast<uint64_t>(position.id), kIdDigits);
}

std::string stream_token(const StreamToken& token) {
  return std::string(token.forward ? "f/" : "b/") + event_id(token.position) + "/s";
}

std::optional<StreamToken> parse_stream_token(std::string_view text) {
  if (text.size() < 2 || (text[0] != 'f' && text[0] != 'b') || text[1] != '/') return std::nullopt;
  StreamToken token;
  token.forward = text[0] == 'f';
  text.remove_prefix(2);
  if (text.ends_with("/s")) text.remove_suffix(2);
  auto position = parse_position_digits(text);
  if (!position) return std::nullopt;
  token.position = *position;
  return token;
}

std::string sequence_token(int64_t upload_sequence) {
  // AWS's sequence tokens start "49"; the rest counts the stream's writes.
  return "49" + padded(static_cast<uint64_t>(upload_sequence), kTimeDigits + kIdDigits - 2);
}

std::string cursor_token(std::string_view cursor) {
  return std::string(kCursorPrefix) + hex(cursor);
}

std::optional<std::string> parse_cursor_token(std::string_view text) {
  if (!text.starts_with(kCursorPrefix)) return std::nullopt;
  return unhex(text.substr(kCursorPrefix.size()));
}

std::string position_token(const EventPosition& position) {
  return std::string(kPositionPrefix) + event_id(position);
}

std::optional<EventPosition> parse_position_token(std::string_view text) {
  if (!text.starts_with(kPositionPrefix)) return std::nullopt;
  return parse_position_digits(text.substr(kPositionPrefix.size()));
}

}  // namespace localcloud::logs::model
