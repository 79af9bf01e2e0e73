// Shared by the expression fuzz targets: a Resolver whose
// ExpressionAttributeNames and ExpressionAttributeValues define every
// placeholder the text mentions (so resolution goes past "undefined"), and
// the round trip through the canonical printer.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expressions/errors.h"
#include "expressions/resolver.h"
#include "fuzz_support.h"

namespace localcloud::fuzz {

inline bool placeholder_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Every "#x" and ":x" in `text`. Names map to the placeholder without its
// '#', except that every third one maps to a dotted name ("a.b"), which a
// path must carry as one attribute name.
inline dynamodb::expressions::Resolver resolver_for(std::string_view text) {
  std::set<std::string> names, values;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '#' && text[i] != ':') continue;
    size_t end = i + 1;
    while (end < text.size() && placeholder_char(text[end])) ++end;
    if (end == i + 1) continue;
    (text[i] == '#' ? names : values).insert(std::string(text.substr(i, end - i)));
    i = end - 1;
  }
  std::vector<std::pair<std::string, std::string>> name_map;
  for (const auto& n : names)
    name_map.emplace_back(n, name_map.size() % 3 == 2 ? n.substr(1) + ".x" : n.substr(1));
  return {std::move(name_map), std::vector<std::string>(values.begin(), values.end())};
}

// Expression errors are ValidationExceptions with a 400, nothing else.
inline void require_expression_error(const AwsError& e) {
  require_client_error(e, {"ValidationException"});
  require(!e.message().empty(), "empty error message");
}

}  // namespace localcloud::fuzz
