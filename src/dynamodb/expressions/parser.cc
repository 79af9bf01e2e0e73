#include "expressions/parser.h"

#include <string>

#include "expressions/parser_base.h"
#include "expressions/static_checks.h"

namespace localcloud::dynamodb::expressions {
namespace internal {

void check_length(std::string_view text, ExpressionKind kind) {
  if (text.size() > kMaxExpressionBytes) {
    throw invalid_expression(
        kind, "Expression size has exceeded the maximum allowed size; expression size: " +
                  std::to_string(text.size()));
  }
  if (text.empty()) throw invalid_expression(kind, "The expression can not be empty;");
}

DocumentPath ParserBase::parse_path() {
  auto parse_name = [this] {
    if (at(TokenType::kIdentifier)) return PathElement::attribute(std::string(advance().text));
    if (at(TokenType::kNamePlaceholder)) {
      return PathElement::placeholder(std::string(advance().text));
    }
    fail();
  };
  DocumentPath path;
  path.elements.push_back(parse_name());
  for (;;) {
    if (at(TokenType::kDot)) {
      advance();
      path.elements.push_back(parse_name());
    } else if (at(TokenType::kLeftBracket)) {
      advance();
      // Only a literal index: AWS rejects [:v] and [#n] as syntax errors.
      const Token& digits = expect(TokenType::kInteger);
      expect(TokenType::kRightBracket);
      path.elements.push_back(PathElement::list_index(std::string(digits.text)));
    } else {
      return path;
    }
  }
}

ParsedOperand ParserBase::parse_operand() {
  if (at(TokenType::kValuePlaceholder)) {
    return {Operand{ValueRef{std::string(advance().text)}}, false};
  }
  if (at(TokenType::kLeftParen)) {
    advance();
    ParsedOperand inner = parse_operand();
    expect(TokenType::kRightParen);
    if (inner.parenthesized) throw RedundantParentheses{};
    inner.parenthesized = true;
    return inner;
  }
  if (at(TokenType::kIdentifier) && peek(1).type == TokenType::kLeftParen) {
    FunctionCall call{std::string(advance().text), {}};
    advance();
    call.arguments.push_back(parse_operand().operand);
    while (at(TokenType::kComma)) {
      advance();
      call.arguments.push_back(parse_operand().operand);
    }
    expect(TokenType::kRightParen);
    return {Operand{std::move(call)}, false};
  }
  if (at(TokenType::kIdentifier) || at(TokenType::kNamePlaceholder)) {
    return {Operand{parse_path()}, false};
  }
  fail();
}

}  // namespace internal

namespace {

using internal::ParsedOperand;
using internal::RedundantParentheses;

struct ParsedCondition {
  Condition condition;
  bool parenthesized = false;
};

Comparator comparator_for(TokenType type) {
  switch (type) {
    case TokenType::kNotEqual:
      return Comparator::kNotEqual;
    case TokenType::kLess:
      return Comparator::kLess;
    case TokenType::kLessOrEqual:
      return Comparator::kLessOrEqual;
    case TokenType::kGreater:
      return Comparator::kGreater;
    case TokenType::kGreaterOrEqual:
      return Comparator::kGreaterOrEqual;
    default:
      return Comparator::kEqual;
  }
}

bool is_comparator(TokenType type) {
  return type == TokenType::kEqual || type == TokenType::kNotEqual || type == TokenType::kLess ||
         type == TokenType::kLessOrEqual || type == TokenType::kGreater ||
         type == TokenType::kGreaterOrEqual;
}

// condition := or; or := and (OR and)*; and := not (AND not)*;
// not := NOT not | primary; primary := comparison | '(' or ')';
// comparison := operand (comparator operand | BETWEEN operand AND operand |
//               IN '(' operand, ... ')')?   -- bare only if a function call
class ConditionParser : public internal::ParserBase {
 public:
  explicit ConditionParser(std::string_view text) : ParserBase(text, KeywordSet::kCondition) {}

  Condition parse(ExpressionKind kind) {
    return run(kind, [this] {
      Condition root = parse_or().condition;
      if (!at(TokenType::kEnd)) fail();
      return root;
    });
  }

 private:
  template <typename Node>
  ParsedCondition binary(ParsedCondition left, ParsedCondition right) {
    return {Condition{Node{std::make_unique<Condition>(std::move(left.condition)),
                           std::make_unique<Condition>(std::move(right.condition))}},
            false};
  }

  ParsedCondition parse_or() {
    ParsedCondition left = parse_and();
    while (at(TokenType::kOr)) {
      advance();
      left = binary<Or>(std::move(left), parse_and());
    }
    return left;
  }

  ParsedCondition parse_and() {
    ParsedCondition left = parse_not();
    while (at(TokenType::kAnd)) {
      advance();
      left = binary<And>(std::move(left), parse_not());
    }
    return left;
  }

  ParsedCondition parse_not() {
    if (!at(TokenType::kNot)) return parse_primary();
    advance();
    ParsedCondition operand = parse_not();
    return {Condition{Not{std::make_unique<Condition>(std::move(operand.condition))}}, false};
  }

  // "(" opens either a condition or an operand ("(a) = :v"). The operand
  // reading is tried first so that "(f(x)) = :v" parses as a comparison,
  // whose misused function AWS then reports, rather than as a syntax error.
  ParsedCondition parse_primary() {
    if (!at(TokenType::kLeftParen)) return parse_comparison();
    return either([this] { return parse_comparison(); }, [this] { return parse_parenthesized(); });
  }

  ParsedCondition parse_parenthesized() {
    expect(TokenType::kLeftParen);
    ParsedCondition inner = parse_or();
    expect(TokenType::kRightParen);
    if (inner.parenthesized) throw RedundantParentheses{};
    inner.parenthesized = true;
    return inner;
  }

  ParsedCondition parse_comparison() {
    ParsedOperand first = parse_operand();
    const TokenType next = peek().type;
    if (is_comparator(next)) {
      advance();
      Operand right = parse_operand().operand;
      return {
          Condition{Comparison{comparator_for(next), std::move(first.operand), std::move(right)}},
          false};
    }
    if (next == TokenType::kBetween) {
      advance();
      Operand lower = parse_operand().operand;
      expect(TokenType::kAnd);
      Operand upper = parse_operand().operand;
      return {Condition{Between{std::move(first.operand), std::move(lower), std::move(upper)}},
              false};
    }
    if (next == TokenType::kIn) {
      advance();
      expect(TokenType::kLeftParen);
      In in{std::move(first.operand), {}};
      in.candidates.push_back(parse_operand().operand);
      while (at(TokenType::kComma)) {
        advance();
        in.candidates.push_back(parse_operand().operand);
      }
      expect(TokenType::kRightParen);
      return {Condition{std::move(in)}, false};
    }
    if (auto* call = std::get_if<FunctionCall>(&first.operand.node)) {
      return {Condition{FunctionCondition{std::move(*call)}}, first.parenthesized};
    }
    fail();
  }
};

// projection := path (',' path)*
class ProjectionParser : public internal::ParserBase {
 public:
  explicit ProjectionParser(std::string_view text) : ParserBase(text, KeywordSet::kNone) {}

  ProjectionExpression parse() {
    return run(ExpressionKind::kProjection, [this] {
      ProjectionExpression projection;
      projection.paths.push_back(parse_path());
      while (at(TokenType::kComma)) {
        advance();
        projection.paths.push_back(parse_path());
      }
      if (!at(TokenType::kEnd)) fail();
      return projection;
    });
  }
};

}  // namespace

ConditionExpression parse_condition(std::string_view text, ExpressionKind kind) {
  internal::check_length(text, kind);
  ConditionExpression expression{kind, ConditionParser(text).parse(kind)};
  internal::check_condition_statically(expression.root, kind);
  return expression;
}

ProjectionExpression parse_projection(std::string_view text) {
  internal::check_length(text, ExpressionKind::kProjection);
  ProjectionExpression projection = ProjectionParser(text).parse();
  internal::check_projection_statically(projection);
  return projection;
}

}  // namespace localcloud::dynamodb::expressions
