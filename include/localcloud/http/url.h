// Decoding the parts of a request-target: %XX escapes and query strings,
// shared by every service that reads paths and query parameters.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localcloud::http {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). Malformed
// escapes are kept as they are.
std::string percent_decode(std::string_view text, bool plus_is_space = false);

// "a=1&b=x+y&b=%2F" → {{"a","1"},{"b","x y"},{"b","/"}}, decoded as a
// browser form is ('+' is a space; with !plus_is_space, as Signature
// Version 4 reads it, a '+'), in order. A name without '=' gets "".
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query,
                                                             bool plus_is_space = true);

}  // namespace localcloud::http
