// UTF-8 well-formedness, as JSON text needs it: code paths that hand strings
// on without a JSON library's round trip use it to decide whether they may.
#pragma once

#include <string_view>

namespace localcloud::utf8 {

// Whether `text` is well-formed UTF-8 (Unicode's table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF, no truncated sequence).
bool valid(std::string_view text);

}  // namespace localcloud::utf8
