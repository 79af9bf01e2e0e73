// JSON text written without building a document first, byte for byte as
// nlohmann::json::dump() would write the same value: code that emits JSON on
// a hot path (stored items, proxy events) and must match the library's text.
#pragma once

#include <string>
#include <string_view>

namespace localcloud::json_text {

// Appends `text` as a JSON string the way dump() writes it without
// ensure_ascii: '"' and '\\' escaped, \b \f \n \r \t by name, the other
// control characters as \u00xx (lower-case hex), everything else as it is.
// `text` must be well-formed UTF-8 (utf8::valid): dump() throws on anything
// else, and this would copy it.
void append_string(std::string& out, std::string_view text);

}  // namespace localcloud::json_text
