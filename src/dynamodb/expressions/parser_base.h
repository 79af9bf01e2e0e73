// Internal to the expression parsers: a token cursor with AWS-style error
// reporting, and the operand and path grammar the condition, update and
// projection grammars share.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "expressions/ast.h"
#include "expressions/errors.h"
#include "expressions/lexer.h"

namespace localcloud::dynamodb::expressions::internal {

// Thrown (and caught inside the parsers) when no rule accepts tokens[at].
struct SyntaxFailure {
  std::size_t at;
};

// Thrown when two parentheses directly enclose the same thing, e.g. "((a))".
// AWS reports this as soon as it reads the outer pair, before any later
// syntax error.
struct RedundantParentheses {};

// An operand and whether it was written in parentheses, which decides
// whether another pair around it is redundant.
struct ParsedOperand {
  Operand operand;
  bool parenthesized = false;
};

class ParserBase {
 protected:
  ParserBase(std::string_view text, KeywordSet keywords)
      : text_(text), tokens_(tokenize(text, keywords)) {}

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool at(TokenType type) const { return peek().type == type; }
  const Token& advance() { return tokens_[pos_++]; }
  [[noreturn]] void fail() const { throw SyntaxFailure{pos_}; }
  const Token& expect(TokenType type) {
    if (!at(type)) fail();
    return advance();
  }

  // Runs `first`; if it fails with a syntax error, rewinds and runs
  // `second`. If both fail, the failure that got further wins (the first on
  // a tie), which is how AWS picks the token it reports.
  template <typename First, typename Second>
  auto either(First first, Second second) -> decltype(first()) {
    const std::size_t start = pos_;
    std::size_t furthest = 0;
    try {
      return first();
    } catch (const SyntaxFailure& failure) {
      furthest = failure.at;
    }
    pos_ = start;
    try {
      return second();
    } catch (const SyntaxFailure& failure) {
      if (failure.at > furthest) throw;
    }
    throw SyntaxFailure{furthest};
  }

  // path := name ('.' name | '[' integer ']')*, name := identifier | #name
  DocumentPath parse_path();

  // operand := :value | '(' operand ')' | identifier '(' operand, ... ')' | path
  ParsedOperand parse_operand();

  // Converts a parse failure into AWS's ValidationException for `kind`.
  // `parse` is the whole grammar, run to the end of input.
  template <typename Parse>
  auto run(ExpressionKind kind, Parse parse) -> decltype(parse()) {
    try {
      return parse();
    } catch (const SyntaxFailure& failure) {
      throw invalid_expression(kind, syntax_error_detail(text_, tokens_, failure.at));
    } catch (const RedundantParentheses&) {
      throw invalid_expression(kind, "The expression has redundant parentheses;");
    }
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

// The checks every expression gets before parsing: AWS's 4 KB limit and the
// empty-expression error.
void check_length(std::string_view text, ExpressionKind kind);

}  // namespace localcloud::dynamodb::expressions::internal
