#include "api/flat_request.h"

#include <variant>

namespace localcloud::dynamodb::api {
namespace {

using model::AttributeValue;

bool is_table_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

// A cursor over the body that fails (returns false) at the first thing
// outside the flat shape; it never throws.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
      ++pos_;
    }
  }

  // Skips blanks, then takes `c` if it is next.
  bool take(char c) {
    skip_space();
    if (pos_ == text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // A string of printable ASCII other than '"' and '\': escapes, control
  // characters and UTF-8 are left to the general reader.
  bool string(std::string_view& out) {
    if (!take('"')) return false;
    size_t start = pos_;
    while (pos_ < text_.size()) {
      auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        out = text_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c < 0x20 || c >= 0x7f || c == '\\') return false;
      ++pos_;
    }
    return false;
  }

  bool boolean(bool& out) {
    skip_space();
    std::string_view rest = text_.substr(pos_);
    if (rest.starts_with("true")) {
      out = true;
      pos_ += 4;
      return true;
    }
    if (rest.starts_with("false")) {
      out = false;
      pos_ += 5;
      return true;
    }
    return false;
  }

  // Calls `member(name)` for each member of an object, which reads the
  // value; false if the object is malformed, empty, or `member` says so.
  template <class F>
  bool object(F&& member) {
    if (!take('{')) return false;
    do {
      std::string_view name;
      if (!string(name) || !take(':') || !member(name)) return false;
    } while (take(','));
    return take('}');
  }

  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// {"S": "..."}, {"N": "..."}, {"BOOL": b} or {"NULL": true}, valid.
bool read_value(Scanner& in, AttributeValue& out) {
  bool seen = false;
  return in.object([&](std::string_view type) {
    if (seen) return false;  // one type per value
    seen = true;
    if (type == "S" || type == "N") {
      std::string_view text;
      if (!in.string(text)) return false;
      if (type == "S") {
        out = AttributeValue::string(std::string(text));
        return true;
      }
      auto number = model::Number::check(text);
      if (!std::holds_alternative<model::Number>(number)) return false;
      out = AttributeValue::number(std::get<model::Number>(std::move(number)));
      return true;
    }
    bool flag = false;
    if (!in.boolean(flag)) return false;
    if (type == "BOOL") {
      out = AttributeValue::boolean(flag);
      return true;
    }
    if (type == "NULL" && flag) {
      out = AttributeValue::null();
      return true;
    }
    return false;
  });
}

bool read_item(Scanner& in, model::Item& item) {
  return in.object([&](std::string_view name) {
    if (name.empty()) return false;
    auto [it, inserted] = item.try_emplace(std::string(name));
    return inserted && read_value(in, it->second);
  });
}

}  // namespace

std::optional<FlatRequest> read_flat_request(std::string_view body, FlatShape shape) {
  const std::string_view item_member = shape == FlatShape::kPutItem ? "Item" : "Key";
  FlatRequest out;
  bool has_table = false, has_item = false, has_consistent = false;
  Scanner in(body);
  bool ok = in.object([&](std::string_view name) {
    if (name == "TableName" && !has_table) {
      std::string_view table;
      if (!in.string(table) || table.size() < 3 || table.size() > 255) return false;
      for (char c : table)
        if (!is_table_name_char(c)) return false;
      out.table = table;
      return has_table = true;
    }
    if (name == item_member && !has_item) return has_item = read_item(in, out.item);
    if (shape == FlatShape::kGetItem && name == "ConsistentRead" && !has_consistent)
      return has_consistent = in.boolean(out.consistent_read);
    return false;
  });
  if (!ok || !in.at_end() || !has_table || !has_item) return std::nullopt;
  return out;
}

}  // namespace localcloud::dynamodb::api
