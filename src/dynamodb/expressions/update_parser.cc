#include <string>
#include <vector>

#include "expressions/parser.h"
#include "expressions/parser_base.h"
#include "expressions/static_checks.h"

namespace localcloud::dynamodb::expressions {
namespace {

using internal::ParsedOperand;
using internal::RedundantParentheses;

struct ParsedSetValue {
  SetValue value;
  bool parenthesized = false;
};

// update := clause+; clause := SET set_action, ... | REMOVE path, ... |
//           ADD path :value, ... | DELETE path :value, ...
// set_action := path '=' set_value
// set_value := operand (('+' | '-') operand)? | '(' set_value ')'
class UpdateParser : public internal::ParserBase {
 public:
  explicit UpdateParser(std::string_view text) : ParserBase(text, KeywordSet::kUpdate) {}

  // Also returns the clause keywords in the order written, repeats included,
  // for the repeated-section check.
  UpdateExpression parse(std::vector<UpdateClause>& clauses_written) {
    return run(ExpressionKind::kUpdate, [&] {
      UpdateExpression update;
      do {
        parse_clause(update, clauses_written);
      } while (!at(TokenType::kEnd));
      return update;
    });
  }

 private:
  void parse_clause(UpdateExpression& update, std::vector<UpdateClause>& clauses_written) {
    UpdateClause clause = UpdateClause::kSet;
    switch (peek().type) {
      case TokenType::kSet:
        clause = UpdateClause::kSet;
        break;
      case TokenType::kRemove:
        clause = UpdateClause::kRemove;
        break;
      case TokenType::kAdd:
        clause = UpdateClause::kAdd;
        break;
      case TokenType::kDelete:
        clause = UpdateClause::kDelete;
        break;
      default:
        fail();
    }
    advance();
    clauses_written.push_back(clause);
    parse_action(update, clause);
    while (at(TokenType::kComma)) {
      advance();
      parse_action(update, clause);
    }
  }

  void parse_action(UpdateExpression& update, UpdateClause clause) {
    DocumentPath path = parse_path();
    std::size_t index = 0;
    switch (clause) {
      case UpdateClause::kSet: {
        expect(TokenType::kEqual);
        SetValue value = parse_set_value().value;
        index = update.set_actions.size();
        update.set_actions.push_back(SetAction{std::move(path), std::move(value)});
        break;
      }
      case UpdateClause::kRemove:
        index = update.remove_actions.size();
        update.remove_actions.push_back(RemoveAction{std::move(path)});
        break;
      case UpdateClause::kAdd: {
        ValueRef value{std::string(expect(TokenType::kValuePlaceholder).text)};
        index = update.add_actions.size();
        update.add_actions.push_back(AddAction{std::move(path), std::move(value)});
        break;
      }
      case UpdateClause::kDelete: {
        ValueRef value{std::string(expect(TokenType::kValuePlaceholder).text)};
        index = update.delete_actions.size();
        update.delete_actions.push_back(DeleteAction{std::move(path), std::move(value)});
        break;
      }
    }
    update.written_order.push_back({clause, index});
  }

  ParsedSetValue parse_set_value() {
    if (!at(TokenType::kLeftParen)) return parse_arithmetic();
    return either([this] { return parse_arithmetic(); }, [this] { return parse_parenthesized(); });
  }

  ParsedSetValue parse_parenthesized() {
    expect(TokenType::kLeftParen);
    ParsedSetValue inner = parse_set_value();
    expect(TokenType::kRightParen);
    if (inner.parenthesized) throw RedundantParentheses{};
    inner.parenthesized = true;
    return inner;
  }

  // Only one + or -: "a + b + c" stops at the second operator, which AWS
  // reports as a syntax error.
  ParsedSetValue parse_arithmetic() {
    ParsedOperand left = parse_operand();
    if (!at(TokenType::kPlus) && !at(TokenType::kMinus)) {
      return {SetValue{std::move(left.operand), SetValue::Op::kNone, std::nullopt},
              left.parenthesized};
    }
    const SetValue::Op op =
        advance().type == TokenType::kPlus ? SetValue::Op::kPlus : SetValue::Op::kMinus;
    Operand right = parse_operand().operand;
    return {SetValue{std::move(left.operand), op, std::move(right)}, false};
  }
};

}  // namespace

UpdateExpression parse_update(std::string_view text) {
  internal::check_length(text, ExpressionKind::kUpdate);
  std::vector<UpdateClause> clauses_written;
  UpdateExpression update = UpdateParser(text).parse(clauses_written);
  internal::check_update_statically(update, clauses_written);
  return update;
}

}  // namespace localcloud::dynamodb::expressions
