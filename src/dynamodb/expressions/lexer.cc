#include "expressions/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace localcloud::dynamodb::expressions {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return is_letter(c) || is_digit(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

TokenType word_type(std::string_view word, KeywordSet keywords) {
  using Entry = std::pair<std::string_view, TokenType>;
  static constexpr std::array<Entry, 5> kCondition = {{{"AND", TokenType::kAnd},
                                                       {"OR", TokenType::kOr},
                                                       {"NOT", TokenType::kNot},
                                                       {"BETWEEN", TokenType::kBetween},
                                                       {"IN", TokenType::kIn}}};
  static constexpr std::array<Entry, 4> kUpdate = {{{"SET", TokenType::kSet},
                                                    {"REMOVE", TokenType::kRemove},
                                                    {"ADD", TokenType::kAdd},
                                                    {"DELETE", TokenType::kDelete}}};
  auto find = [&](const auto& table) {
    for (const auto& [spelling, type] : table) {
      if (equals_ignoring_case(word, spelling)) return type;
    }
    return TokenType::kIdentifier;
  };
  switch (keywords) {
    case KeywordSet::kCondition:
      return find(kCondition);
    case KeywordSet::kUpdate:
      return find(kUpdate);
    case KeywordSet::kNone:
      break;
  }
  return TokenType::kIdentifier;
}

// Length of the UTF-8 sequence starting with `lead`, so that a non-ASCII
// character is reported whole rather than as a fragment of a byte.
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text, KeywordSet keywords) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    TokenType type = TokenType::kInvalid;
    if (is_letter(c)) {
      while (i < n && is_word(text[i])) ++i;
      type = word_type(text.substr(begin, i - begin), keywords);
    } else if (c == '#' || c == ':') {
      ++i;
      while (i < n && is_word(text[i])) ++i;
      if (i == begin + 1) {
        type = TokenType::kInvalid;  // a bare '#' or ':' is no placeholder
      } else {
        type = c == '#' ? TokenType::kNamePlaceholder : TokenType::kValuePlaceholder;
      }
    } else if (is_digit(c)) {
      ++i;
      // A leading zero stands alone, so "a[01]" fails on the "1".
      if (c != '0') {
        while (i < n && is_digit(text[i])) ++i;
      }
      type = TokenType::kInteger;
    } else {
      const char next = i + 1 < n ? text[i + 1] : '\0';
      ++i;
      switch (c) {
        case '=':
          type = TokenType::kEqual;
          break;
        case '<':
          if (next == '>') {
            type = TokenType::kNotEqual;
            ++i;
          } else if (next == '=') {
            type = TokenType::kLessOrEqual;
            ++i;
          } else {
            type = TokenType::kLess;
          }
          break;
        case '>':
          if (next == '=') {
            type = TokenType::kGreaterOrEqual;
            ++i;
          } else {
            type = TokenType::kGreater;
          }
          break;
        case '(':
          type = TokenType::kLeftParen;
          break;
        case ')':
          type = TokenType::kRightParen;
          break;
        case '[':
          type = TokenType::kLeftBracket;
          break;
        case ']':
          type = TokenType::kRightBracket;
          break;
        case ',':
          type = TokenType::kComma;
          break;
        case '.':
          type = TokenType::kDot;
          break;
        case '+':
          type = TokenType::kPlus;
          break;
        case '-':
          type = TokenType::kMinus;
          break;
        default:
          i = std::min(n, begin + utf8_length(static_cast<unsigned char>(c)));
          type = TokenType::kInvalid;
          break;
      }
    }
    tokens.push_back(Token{type, text.substr(begin, i - begin), begin, i});
  }
  tokens.push_back(Token{TokenType::kEnd, "<EOF>", n, n});
  return tokens;
}

std::string syntax_error_detail(std::string_view text, const std::vector<Token>& tokens,
                                std::size_t at) {
  const Token& token = tokens[at];
  const std::size_t from = at > 0 ? tokens[at - 1].begin : token.begin;
  const std::size_t to = at + 1 < tokens.size() ? tokens[at + 1].end : token.end;
  std::string detail = "Syntax error; token: \"";
  detail += token.text;
  detail += "\", near: \"";
  detail += text.substr(from, to - from);
  detail += "\"";
  return detail;
}

}  // namespace localcloud::dynamodb::expressions
