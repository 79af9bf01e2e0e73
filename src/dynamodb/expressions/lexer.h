// Tokens of DynamoDB's expression language, and AWS's syntax-error text.
//
// The lexer never fails: a character AWS's lexer does not accept becomes an
// kInvalid token that no grammar rule matches, so the parser reports it as
// AWS does ('Syntax error; token: "!", near: "!!"').
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace localcloud::dynamodb::expressions {

enum class TokenType {
  kIdentifier,        // [A-Za-z][A-Za-z0-9_]*: an attribute or function name
  kNamePlaceholder,   // #[A-Za-z0-9_]+
  kValuePlaceholder,  // :[A-Za-z0-9_]+
  kInteger,           // 0 or [1-9][0-9]*: a list index
  // Keywords, recognised case-insensitively and only in the grammars that
  // use them (KeywordSet).
  kAnd,
  kOr,
  kNot,
  kBetween,
  kIn,
  kSet,
  kRemove,
  kAdd,
  kDelete,
  // Punctuation and operators.
  kEqual,
  kNotEqual,
  kLess,
  kLessOrEqual,
  kGreater,
  kGreaterOrEqual,
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kComma,
  kDot,
  kPlus,
  kMinus,
  kInvalid,  // one character no rule accepts (a whole UTF-8 sequence)
  kEnd,      // end of input; its text is "<EOF>", as AWS prints it
};

// Which words are keywords: the condition grammar's (AND OR NOT BETWEEN IN),
// the update grammar's (SET REMOVE ADD DELETE), or none (projections).
// Elsewhere those words are ordinary identifiers.
enum class KeywordSet { kCondition, kUpdate, kNone };

struct Token {
  TokenType type;
  std::string_view text;  // points into the tokenized string
  std::size_t begin;      // byte offsets into that string
  std::size_t end;
};

// Splits `text` into tokens, skipping spaces, tabs, CR and LF. The result
// always ends with one kEnd token at text.size(). The tokens point into
// `text`, which must outlive them.
std::vector<Token> tokenize(std::string_view text, KeywordSet keywords);

// AWS's syntax-error detail for a parse that stopped at tokens[at]:
// 'Syntax error; token: "<token>", near: "<text>"', where the near-text runs
// from the token before the offending one to the token after it, as written
// (e.g. token ":" in "ADD hits : incr" is near "hits : incr").
std::string syntax_error_detail(std::string_view text, const std::vector<Token>& tokens,
                                std::size_t at);

}  // namespace localcloud::dynamodb::expressions
