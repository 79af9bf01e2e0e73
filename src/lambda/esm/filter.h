// Event filtering for event source mappings: FilterCriteria's patterns, the
// EventBridge pattern subset Lambda documents, matched against each record.
//
// A pattern is a JSON object whose members mirror the record's: an object
// descends, an array lists the matchers of which one must hold. Matchers:
// a string, number, true/false or null (equality; numbers compare by value),
// {"prefix": s}, {"suffix": s}, {"equals-ignore-case": s},
// {"anything-but": value | [values] | {"prefix": s}},
// {"numeric": [op, n (, op, n)]} with ops = < <= > >=, and {"exists": bool}.
// A record field holding an array matches when any element does. Filters of
// one mapping are alternatives: a record passes if any pattern matches.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace localcloud::lambda::esm {

class FilterPattern {
 public:
  // Parses and checks a pattern (JSON text). nullopt when it is not a
  // pattern Lambda accepts ("Invalid filter pattern definition.").
  static std::optional<FilterPattern> parse(const std::string& text);

  bool matches(const nlohmann::json& record) const;

 private:
  nlohmann::json pattern_;
};

// True when `record` passes any of `patterns`, or when there are none.
bool passes(const std::vector<FilterPattern>& patterns, const nlohmann::json& record);

}  // namespace localcloud::lambda::esm
