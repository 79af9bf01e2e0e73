// JsonPattern: the JSON form of a filter pattern, for events whose message
// is a JSON object, e.g. { ($.level = "ERROR") && ($.latency > 500) }.
//
// Supported, as AWS documents them: selectors `$.a.b` and `$.a[0]`;
// `=` and `!=` against strings (quoted or bare, `*` as a wildcard) or
// numbers; `<`, `<=`, `>`, `>=` against numbers; `IS TRUE`, `IS FALSE`,
// `IS NULL`, `NOT EXISTS`; `&&` (binding tighter) and `||`; parentheses.
// A message that is not JSON, or lacks the field, does not match (except
// for NOT EXISTS).
#pragma once

#include <memory>
#include <string_view>

namespace localcloud::logs::model {

class JsonPattern {
 public:
  struct Node;

  // Parses the whole pattern, braces included. Throws AwsError
  // InvalidParameterException ("Invalid filter pattern").
  static JsonPattern parse(std::string_view text);

  bool matches(std::string_view message) const;

 private:
  std::shared_ptr<const Node> root_;
};

}  // namespace localcloud::logs::model
