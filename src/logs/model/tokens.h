// The identifiers and paging tokens Logs hands out. Clients treat them as
// opaque; their shapes follow AWS's so they look familiar in output:
//   event ids        56 decimal digits
//   GetLogEvents     "f/<56 digits>/s" forward, "b/<56 digits>/s" backward
//   sequence tokens  56 decimal digits
// The digits are an event position (timestamp, id), so a token resumes a read
// exactly where the previous page ended. Listing and FilterLogEvents tokens
// are hex text of their cursor. Every parse returns nullopt for a token this
// module did not make.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "localcloud/logs/log_store.h"

namespace localcloud::logs::model {

std::string event_id(const EventPosition& position);

struct StreamToken {
  bool forward = true;
  EventPosition position;
};
std::string stream_token(const StreamToken& token);
std::optional<StreamToken> parse_stream_token(std::string_view text);

std::string sequence_token(int64_t upload_sequence);

// Tokens for a listing cursor or a FilterLogEvents position.
std::string cursor_token(std::string_view cursor);
std::optional<std::string> parse_cursor_token(std::string_view text);
std::string position_token(const EventPosition& position);
std::optional<EventPosition> parse_position_token(std::string_view text);

}  // namespace localcloud::logs::model
