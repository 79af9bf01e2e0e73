// Tokens and AWS's syntax-error window.
#include "expressions/lexer.h"

#include <gtest/gtest.h>

#include <string>

#include "expressions/paths.h"

namespace localcloud::dynamodb::expressions {
namespace {

// Tokens as "type:text" separated by spaces, types abbreviated.
std::string render(std::string_view text, KeywordSet keywords) {
  std::string out;
  for (const Token& token : tokenize(text, keywords)) {
    if (!out.empty()) out += " ";
    switch (token.type) {
      case TokenType::kIdentifier:
        out += "id:";
        break;
      case TokenType::kNamePlaceholder:
        out += "name:";
        break;
      case TokenType::kValuePlaceholder:
        out += "value:";
        break;
      case TokenType::kInteger:
        out += "int:";
        break;
      case TokenType::kInvalid:
        out += "bad:";
        break;
      case TokenType::kAnd:
      case TokenType::kOr:
      case TokenType::kNot:
      case TokenType::kBetween:
      case TokenType::kIn:
      case TokenType::kSet:
      case TokenType::kRemove:
      case TokenType::kAdd:
      case TokenType::kDelete:
        out += "kw:";
        break;
      default:
        break;
    }
    out += token.text;
  }
  return out;
}

TEST(Lexer, Tokens) {
  struct Case {
    const char* text;
    KeywordSet keywords;
    const char* expected;
  };
  const Case cases[] = {
      {"a.b[10] <= :v_1", KeywordSet::kCondition, "id:a . id:b [ int:10 ] <= value::v_1 <EOF>"},
      {"#1a<>:2", KeywordSet::kCondition, "name:#1a <> value::2 <EOF>"},
      {"and Or nOT between IN set", KeywordSet::kCondition,
       "kw:and kw:Or kw:nOT kw:between kw:IN id:set <EOF>"},
      {"SET remove Add delete and", KeywordSet::kUpdate,
       "kw:SET kw:remove kw:Add kw:delete id:and <EOF>"},
      {"set and", KeywordSet::kNone, "id:set id:and <EOF>"},
      {"a-b+c", KeywordSet::kUpdate, "id:a - id:b + id:c <EOF>"},
      {"007", KeywordSet::kNone, "int:0 int:0 int:7 <EOF>"},
      {"# : !", KeywordSet::kNone, "bad:# bad:: bad:! <EOF>"},
      {"_x a_", KeywordSet::kNone, "bad:_ id:x id:a_ <EOF>"},
      {"\xc3\xa9t\xc3\xa9", KeywordSet::kNone, "bad:\xc3\xa9 id:t bad:\xc3\xa9 <EOF>"},
      {"", KeywordSet::kNone, "<EOF>"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(render(c.text, c.keywords), c.expected) << "text: " << c.text;
  }
}

TEST(Lexer, SyntaxErrorWindow) {
  const std::string text = "ADD hits : incr";
  const auto tokens = tokenize(text, KeywordSet::kUpdate);
  EXPECT_EQ(syntax_error_detail(text, tokens, 0),
            "Syntax error; token: \"ADD\", near: \"ADD hits\"");
  EXPECT_EQ(syntax_error_detail(text, tokens, 2),
            "Syntax error; token: \":\", near: \"hits : incr\"");
  EXPECT_EQ(syntax_error_detail(text, tokens, 4), "Syntax error; token: \"<EOF>\", near: \"incr\"");
}

TEST(Paths, MessageForm) {
  DocumentPath path{{PathElement::attribute("ab"), PathElement::attribute("bc"),
                     PathElement::list_index("1"), PathElement::attribute("a.b")}};
  EXPECT_EQ(path_for_message(path), "[ab, bc, [1], a.b]");
  EXPECT_EQ(path.elements[2].index, 1u);
  EXPECT_TRUE(PathElement::list_index("2147483647").index_in_range());
  EXPECT_FALSE(PathElement::list_index("2147483648").index_in_range());
  EXPECT_FALSE(PathElement::list_index("12345678901").index_in_range());
}

}  // namespace
}  // namespace localcloud::dynamodb::expressions
