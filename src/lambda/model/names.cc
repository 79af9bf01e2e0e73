#include "model/names.h"

#include <array>
#include <vector>

namespace localcloud::lambda::model {
namespace {

constexpr std::string_view kPlainPattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?)"
    R"((\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?)";
constexpr std::string_view kNamespacedPattern =
    R"((arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?)"
    R"((\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?)";

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_lower(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '_'; }

bool all_of(std::string_view s, bool (*pred)(char)) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

// "-[a-z]+-\d" and nothing after.
bool region_tail(std::string_view s) {
  if (s.size() < 4 || s[0] != '-' || !is_digit(s.back()) || s[s.size() - 2] != '-') return false;
  std::string_view word = s.substr(1, s.size() - 3);
  return !word.empty() && all_of(word, is_lower);
}

// (aws[a-zA-Z-]*)? — the partition.
bool is_partition(std::string_view s) {
  if (s.empty()) return true;
  if (!s.starts_with("aws")) return false;
  for (char c : s.substr(3))
    if (!is_alpha(c) && c != '-') return false;
  return true;
}

bool is_account(std::string_view s) { return s.size() == 12 && all_of(s, is_digit); }

bool equals_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

bool is_name(std::string_view s, NameForm form) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_word(c) && !(form == NameForm::kNamespaced && c == '.')) return false;
  return true;
}

bool is_qualifier(std::string_view s, NameForm form) {
  if (s == "$LATEST") return true;
  // AWS matches the namespaced form's $LATEST case-insensitively: "$latest"
  // passes validation (and then names a version that does not exist).
  if (form == NameForm::kNamespaced &&
      (equals_ci(s, "$LATEST") || equals_ci(s, "$LATEST.PUBLISHED")))
    return true;
  return !s.empty() && all_of(s, is_word);
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon - start));
    if (colon == std::string_view::npos) return parts;
    start = colon + 1;
  }
}

}  // namespace

std::string_view function_name_pattern(NameForm form) {
  return form == NameForm::kPlain ? kPlainPattern : kNamespacedPattern;
}

size_t function_name_max_length(NameForm form) { return form == NameForm::kPlain ? 140 : 256; }

bool is_region(std::string_view s) {
  if (s.starts_with("eusc-")) s.remove_prefix(5);
  if (s.size() < 2 || !is_lower(s[0]) || !is_lower(s[1])) return false;
  std::string_view rest = s.substr(2);
  if (region_tail(rest)) return true;
  if (rest.starts_with("-gov") && region_tail(rest.substr(4))) return true;
  if (rest.starts_with("-iso")) {
    if (region_tail(rest.substr(4))) return true;
    if (rest.size() > 4 && is_lower(rest[4]) && region_tail(rest.substr(5))) return true;
  }
  return false;
}

std::optional<FunctionRef> parse_function_name(std::string_view text, NameForm form) {
  auto parts = split(text);
  // Each optional prefix group is tried present first, as a greedy regular
  // expression does; the first combination that matches the whole text wins.
  for (int combo = 0; combo < 16; ++combo) {
    bool with_arn = !(combo & 8), with_region = !(combo & 4), with_account = !(combo & 2),
         with_function = !(combo & 1);
    FunctionRef ref;
    size_t p = 0;
    auto have = [&](size_t n) { return p + n <= parts.size(); };
    if (with_arn) {
      if (!have(3) || parts[p] != "arn" || !is_partition(parts[p + 1]) || parts[p + 2] != "lambda")
        continue;
      p += 3;
    }
    if (with_region) {
      if (!have(1) || !is_region(parts[p])) continue;
      ref.region = std::string(parts[p++]);
    }
    if (with_account) {
      if (!have(1) || !is_account(parts[p])) continue;
      ref.account = std::string(parts[p++]);
    }
    if (with_function) {
      if (!have(1) || parts[p] != "function") continue;
      ++p;
    }
    if (!have(1) || !is_name(parts[p], form)) continue;
    ref.name = std::string(parts[p++]);
    if (p + 1 == parts.size()) {
      if (!is_qualifier(parts[p], form)) continue;
      ref.qualifier = std::string(parts[p]);
    } else if (p != parts.size()) {
      continue;
    }
    return ref;
  }
  return std::nullopt;
}

bool is_role_arn(std::string_view s) {
  if (!s.starts_with("arn:")) return false;
  s.remove_prefix(4);
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || !is_partition(s.substr(0, colon))) return false;
  s.remove_prefix(colon);
  if (!s.starts_with(":iam::")) return false;
  s.remove_prefix(6);
  if (s.size() < 12 || !is_account(s.substr(0, 12))) return false;
  s.remove_prefix(12);
  if (!s.starts_with(":role")) return false;
  s.remove_prefix(5);
  if (s.empty()) return false;
  for (char c : s)
    if (!is_alpha(c) && !is_digit(c) && std::string_view("_+=,.@-/").find(c) == std::string_view::npos)
      return false;
  return true;
}

std::string function_arn(std::string_view region, std::string_view account, std::string_view name,
                         std::string_view qualifier) {
  std::string arn = "arn:aws:lambda:";
  arn.append(region).append(":").append(account).append(":function:").append(name);
  if (!qualifier.empty()) arn.append(":").append(qualifier);
  return arn;
}

}  // namespace localcloud::lambda::model
