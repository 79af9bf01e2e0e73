#include "model/filter_pattern.h"

#include <regex>

#include "errors.h"
#include "model/json_pattern.h"

namespace localcloud::logs::model {

struct FilterPattern::Regex {
  std::regex re;
};

namespace {

constexpr const char* kInvalid = "Invalid filter pattern";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters an unquoted term may not hold: they belong to the other
// pattern forms (JSON, space-delimited, regex) or need quoting.
bool needs_quotes(char c) {
  return std::string_view("\",()[]{}<>!&|%*=").find(c) != std::string_view::npos;
}

// Reads a quoted term starting at text[pos] == '"'; \" and \\ are escapes.
std::string read_quoted(std::string_view text, size_t& pos) {
  std::string out;
  for (++pos; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == '\\' && pos + 1 < text.size() && (text[pos + 1] == '"' || text[pos + 1] == '\\')) {
      out.push_back(text[++pos]);
    } else if (c == '"') {
      ++pos;
      return out;
    } else {
      out.push_back(c);
    }
  }
  throw errors::invalid_parameter(kInvalid);  // unterminated
}

std::string read_bare(std::string_view text, size_t& pos) {
  size_t start = pos;
  while (pos < text.size() && !is_space(text[pos])) {
    if (needs_quotes(text[pos])) throw errors::invalid_parameter(kInvalid);
    ++pos;
  }
  return std::string(text.substr(start, pos - start));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

FilterPattern FilterPattern::parse(std::string_view text) {
  FilterPattern p;
  text = trim(text);
  if (text.empty()) return p;
  if (text.front() == '{') {
    p.json_ = std::make_shared<const JsonPattern>(JsonPattern::parse(text));
    return p;
  }
  if (text.front() == '[') throw errors::invalid_parameter(kInvalid);
  if (text.size() >= 2 && text.front() == '%' && text.back() == '%') {
    try {
      p.regex_ = std::make_shared<const Regex>(
          Regex{std::regex(std::string(text.substr(1, text.size() - 2)), std::regex::ECMAScript)});
    } catch (const std::regex_error&) {
      throw errors::invalid_parameter(kInvalid);
    }
    return p;
  }
  size_t pos = 0;
  while (pos < text.size()) {
    if (is_space(text[pos])) {
      ++pos;
      continue;
    }
    char op = text[pos];
    if (op == '?' || op == '-') ++pos;
    if (pos >= text.size() || is_space(text[pos])) throw errors::invalid_parameter(kInvalid);
    std::string term = text[pos] == '"' ? read_quoted(text, pos) : read_bare(text, pos);
    // A quoted term ends the word: `"a"b` is not a term.
    if (pos < text.size() && !is_space(text[pos])) throw errors::invalid_parameter(kInvalid);
    auto& list = op == '?' ? p.any_of_ : op == '-' ? p.excluded_ : p.required_;
    list.push_back(std::move(term));
  }
  return p;
}

bool FilterPattern::matches_everything() const {
  return required_.empty() && any_of_.empty() && excluded_.empty() && !regex_ && !json_;
}

bool FilterPattern::matches(std::string_view message) const {
  if (json_) return json_->matches(message);
  if (regex_) return std::regex_search(message.begin(), message.end(), regex_->re);
  auto contains = [&](const std::string& term) {
    return message.find(term) != std::string_view::npos;
  };
  for (const auto& term : required_)
    if (!contains(term)) return false;
  for (const auto& term : excluded_)
    if (contains(term)) return false;
  if (any_of_.empty()) return true;
  for (const auto& term : any_of_)
    if (contains(term)) return true;
  return false;
}

}  // namespace localcloud::logs::model
