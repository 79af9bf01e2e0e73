// AttributeValue: one typed DynamoDB value (S, N, B, BOOL, NULL, M, L, SS, NS,
// BS) and Item, the map of an item's top-level attributes.
//
// Wire JSON becomes an AttributeValue once, at the edge, through from_json,
// which applies all of DynamoDB's per-value checks with AWS's exact errors;
// everything past the edge works on typed values. to_json turns a value back
// into wire JSON for responses.
//
// Values are plain, copyable, immutable-by-convention data; not synchronized.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "model/errors.h"
#include "model/number.h"

namespace localcloud::dynamodb::model {

enum class AttributeType { kS, kN, kB, kBool, kNull, kM, kL, kSs, kNs, kBs };

// The wire name of a type: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", ...
std::string_view type_name(AttributeType type);

// How from_json reports problems; see MessageStyle in errors.h.
struct ParseOptions {
  MessageStyle style = MessageStyle::kCurrent;
  // Prefix value ValidationExceptions with "1 validation error detected: ", as
  // PutItem, UpdateItem and DeleteItem do. Nesting errors stay bare (as AWS
  // reports them); SerializationExceptions are never wrapped.
  bool envelope = false;
};

class AttributeValue {
 public:
  // Map keys are ordered by their UTF-8 bytes, so output is deterministic.
  using Map = std::map<std::string, AttributeValue>;
  using List = std::vector<AttributeValue>;

  // DynamoDB's document depth limit: the top-level attribute is level 1.
  static constexpr int kMaxDepth = 32;

  // NULL; use the named constructors below for everything else.
  AttributeValue() = default;

  static AttributeValue string(std::string value);
  static AttributeValue number(Number value);
  // Raw bytes, not base64.
  static AttributeValue binary(std::string bytes);
  static AttributeValue boolean(bool value);
  static AttributeValue null();
  static AttributeValue map(Map entries);
  static AttributeValue list(List elements);
  // Sets keep the order given. Callers building sets themselves must not pass
  // duplicates or an empty set; from_json rejects both.
  static AttributeValue string_set(std::vector<std::string> members);
  static AttributeValue number_set(std::vector<Number> members);
  static AttributeValue binary_set(std::vector<std::string> members);

  // Converts wire JSON ({"S": "x"}, {"N": "1"}, ...) with DynamoDB's checks:
  // SerializationException for a wrong JSON shape anywhere in the value, then
  // ValidationException for the first bad content in document order (bad
  // numbers, empty or duplicate sets, NULL not true, no or several types,
  // nesting deeper than kMaxDepth). Unknown members are ignored and a null
  // member counts as absent, as in AWS's reader.
  static AttributeValue from_json(const nlohmann::json& wire, const ParseOptions& options = {});

  // Wire JSON: numbers normalized, binary in base64, sets in their order.
  nlohmann::json to_json() const;
  // The same as text: to_json().dump(), byte for byte, without building the
  // JSON tree first (every stored item is written so).
  void append_wire(std::string& out) const;

  AttributeType type() const { return type_; }

  // Accessors; calling one that does not match type() is a bug and throws
  // std::bad_variant_access.
  const std::string& as_string() const { return std::get<std::string>(value_); }  // S
  const Number& as_number() const { return std::get<Number>(value_); }            // N
  const std::string& as_binary() const { return std::get<std::string>(value_); }  // B
  bool as_bool() const { return std::get<bool>(value_); }                         // BOOL
  const Map& as_map() const { return std::get<Map>(value_); }                     // M
  const List& as_list() const { return std::get<List>(value_); }                  // L
  // SS and BS members (BS as raw bytes).
  const std::vector<std::string>& as_bytes_set() const {
    return std::get<std::vector<std::string>>(value_);
  }
  const std::vector<Number>& as_number_set() const { return std::get<std::vector<Number>>(value_); }

  // Same type and same value; sets compare as sets (order ignored), numbers
  // numerically, maps by key.
  bool operator==(const AttributeValue& other) const;

 private:
  using Payload = std::variant<std::monostate, bool, std::string, Number, Map, List,
                               std::vector<std::string>, std::vector<Number>>;

  // Builds the payload in place (a temporary variant trips GCC 12's
  // -Wmaybe-uninitialized under the sanitizers).
  template <typename T>
  AttributeValue(AttributeType type, T&& value)
      : type_(type), value_(std::in_place_type<std::decay_t<T>>, std::forward<T>(value)) {}

  AttributeType type_ = AttributeType::kNull;
  Payload value_;
};

// An item: its top-level attributes by name.
using Item = AttributeValue::Map;

// Converts a wire item ({"name": {"S": "x"}, ...}) with the same checks as
// AttributeValue::from_json, all shape errors before any content error.
Item item_from_json(const nlohmann::json& wire, const ParseOptions& options = {});
nlohmann::json item_to_json(const Item& item);
// item_to_json(item).dump(), byte for byte: the canonical text items are
// stored as.
std::string item_to_wire(const Item& item);

}  // namespace localcloud::dynamodb::model
