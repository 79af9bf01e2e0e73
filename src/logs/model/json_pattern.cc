#include "model/json_pattern.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "errors.h"

namespace localcloud::logs::model {

using nlohmann::json;

namespace {

constexpr const char* kInvalid = "Invalid filter pattern";

[[noreturn]] void invalid() { throw errors::invalid_parameter(kInvalid); }

// One step of a selector: a member name or an array index.
using Step = std::variant<std::string, size_t>;

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kIsTrue, kIsFalse, kIsNull, kNotExists };

// `*` matches any run of characters; everything else matches itself.
bool wildcard_match(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

struct JsonPattern::Node {
  enum class Kind { kAnd, kOr, kCompare } kind = Kind::kCompare;
  std::shared_ptr<const Node> left, right;
  // kCompare:
  std::vector<Step> selector;
  Op op = Op::kEq;
  std::optional<double> number;  // a numeric operand
  std::string text;              // a string operand

  bool eval(const json& doc) const {
    switch (kind) {
      case Kind::kAnd:
        return left->eval(doc) && right->eval(doc);
      case Kind::kOr:
        return left->eval(doc) || right->eval(doc);
      case Kind::kCompare:
        break;
    }
    const json* at = &doc;
    for (const auto& step : selector) {
      if (const auto* name = std::get_if<std::string>(&step)) {
        if (!at->is_object()) return op == Op::kNotExists;
        auto it = at->find(*name);
        if (it == at->end()) return op == Op::kNotExists;
        at = &*it;
      } else {
        size_t index = std::get<size_t>(step);
        if (!at->is_array() || index >= at->size()) return op == Op::kNotExists;
        at = &(*at)[index];
      }
    }
    switch (op) {
      case Op::kNotExists:
        return false;
      case Op::kIsTrue:
        return at->is_boolean() && at->get<bool>();
      case Op::kIsFalse:
        return at->is_boolean() && !at->get<bool>();
      case Op::kIsNull:
        return at->is_null();
      default:
        break;
    }
    if (number) {
      if (!at->is_number()) return false;
      double v = at->get<double>();
      switch (op) {
        case Op::kEq:
          return v == *number;
        case Op::kNe:
          return v != *number;
        case Op::kLt:
          return v < *number;
        case Op::kLe:
          return v <= *number;
        case Op::kGt:
          return v > *number;
        case Op::kGe:
          return v >= *number;
        default:
          return false;
      }
    }
    if (!at->is_string()) return false;
    bool equal = wildcard_match(text, at->get_ref<const std::string&>());
    return op == Op::kEq ? equal : !equal;
  }
};

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::shared_ptr<const JsonPattern::Node> parse() {
    expect('{');
    auto root = or_expr();
    expect('}');
    skip_space();
    if (pos_ != text_.size()) invalid();
    return root;
  }

 private:
  using NodePtr = std::shared_ptr<const JsonPattern::Node>;
  using Node = JsonPattern::Node;

  NodePtr or_expr() {
    NodePtr left = and_expr();
    while (accept("||")) left = join(Node::Kind::kOr, left, and_expr());
    return left;
  }

  NodePtr and_expr() {
    NodePtr left = unary();
    while (accept("&&")) left = join(Node::Kind::kAnd, left, unary());
    return left;
  }

  NodePtr unary() {
    if (accept("(")) {
      NodePtr inner = or_expr();
      expect(')');
      return inner;
    }
    return comparison();
  }

  static NodePtr join(Node::Kind kind, NodePtr left, NodePtr right) {
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->left = std::move(left);
    node->right = std::move(right);
    return node;
  }

  NodePtr comparison() {
    auto node = std::make_shared<Node>();
    node->selector = selector();
    if (accept_word("IS")) {
      if (accept_word("TRUE"))
        node->op = Op::kIsTrue;
      else if (accept_word("FALSE"))
        node->op = Op::kIsFalse;
      else if (accept_word("NULL"))
        node->op = Op::kIsNull;
      else
        invalid();
      return node;
    }
    if (accept_word("NOT")) {
      if (!accept_word("EXISTS")) invalid();
      node->op = Op::kNotExists;
      return node;
    }
    if (accept("!="))
      node->op = Op::kNe;
    else if (accept("<="))
      node->op = Op::kLe;
    else if (accept(">="))
      node->op = Op::kGe;
    else if (accept("="))
      node->op = Op::kEq;
    else if (accept("<"))
      node->op = Op::kLt;
    else if (accept(">"))
      node->op = Op::kGt;
    else
      invalid();
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      node->text = quoted();
    } else {
      std::string word = bare();
      char* end = nullptr;
      double value = std::strtod(word.c_str(), &end);
      if (!word.empty() && end == word.c_str() + word.size()) {
        node->number = value;
      } else {
        node->text = std::move(word);
      }
    }
    bool ordering =
        node->op == Op::kLt || node->op == Op::kLe || node->op == Op::kGt || node->op == Op::kGe;
    if (ordering && !node->number) invalid();
    return node;
  }

  std::vector<Step> selector() {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != '$') invalid();
    ++pos_;
    std::vector<Step> steps;
    while (pos_ < text_.size()) {
      if (text_[pos_] == '.') {
        size_t start = ++pos_;
        while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
        if (pos_ == start) invalid();
        steps.emplace_back(std::string(text_.substr(start, pos_ - start)));
      } else if (text_[pos_] == '[') {
        size_t start = ++pos_;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        if (pos_ == start || pos_ >= text_.size() || text_[pos_] != ']') invalid();
        steps.emplace_back(
            static_cast<size_t>(std::stoull(std::string(text_.substr(start, pos_ - start)))));
        ++pos_;
      } else {
        break;
      }
    }
    if (steps.empty()) invalid();
    return steps;
  }

  static bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '@' || c == ':';
  }

  std::string quoted() {
    std::string out;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      char c = text_[pos_];
      if (c == '\\' && pos_ + 1 < text_.size()) {
        out.push_back(text_[++pos_]);
      } else if (c == '"') {
        ++pos_;
        return out;
      } else {
        out.push_back(c);
      }
    }
    invalid();
  }

  std::string bare() {
    size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == ')' || c == '}' || c == '&' || c == '|') break;
      ++pos_;
    }
    if (pos_ == start) invalid();
    return std::string(text_.substr(start, pos_ - start));
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool accept(std::string_view token) {
    skip_space();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }

  // A keyword, which must end at a non-letter.
  bool accept_word(std::string_view word) {
    skip_space();
    if (text_.substr(pos_, word.size()) != word) return false;
    size_t end = pos_ + word.size();
    if (end < text_.size() && std::isalpha(static_cast<unsigned char>(text_[end]))) return false;
    pos_ = end;
    return true;
  }

  void expect(char c) {
    if (!accept(std::string_view(&c, 1))) invalid();
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

JsonPattern JsonPattern::parse(std::string_view text) {
  JsonPattern p;
  p.root_ = Parser(text).parse();
  return p;
}

bool JsonPattern::matches(std::string_view message) const {
  json doc = json::parse(message.begin(), message.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return false;
  return root_->eval(doc);
}

}  // namespace localcloud::logs::model
