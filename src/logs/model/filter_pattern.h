// FilterPattern: the filter pattern of FilterLogEvents, parsed once and then
// matched against each event's message.
//
// The forms AWS documents for unstructured events:
//   ""                      every event
//   ERROR Exception         events containing every term (case-sensitive)
//   "Internal Error"        a quoted term matches the exact phrase
//   ?ERROR ?WARN            events containing at least one ?-term
//   ERROR -Debug            and containing no -term
// and a whole pattern between % signs as a regular expression (%[Ee]rror%).
// Terms are matched as substrings of the message. Terms with characters
// other than letters, digits and a few punctuation marks must be quoted.
// JSON patterns ({ $.field = value }) are described in json_pattern.h;
// space-delimited patterns ([a, b]) are refused as invalid.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace localcloud::logs::model {

class JsonPattern;

class FilterPattern {
 public:
  // Parses `text`. Throws AwsError InvalidParameterException ("Invalid
  // filter pattern") when AWS would refuse it.
  static FilterPattern parse(std::string_view text);

  bool matches(std::string_view message) const;
  // True for the empty pattern.
  bool matches_everything() const;

 private:
  struct Regex;
  std::vector<std::string> required_;  // all must occur
  std::vector<std::string> any_of_;    // one must occur, when not empty
  std::vector<std::string> excluded_;  // none may occur
  std::shared_ptr<const Regex> regex_;
  std::shared_ptr<const JsonPattern> json_;
};

}  // namespace localcloud::logs::model
