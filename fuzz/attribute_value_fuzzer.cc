// DynamoDB's wire AttributeValue reader (AttributeValue::from_json,
// item_from_json) on arbitrary JSON: only ValidationException or
// SerializationException may come out, and what is accepted survives a
// to_json → from_json round trip unchanged, its item size computable, and its
// wire text the same as the JSON's dump.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "model/attribute_value.h"
#include "model/item_size.h"

using namespace localcloud;
using namespace localcloud::dynamodb::model;

namespace {

void check_value(const nlohmann::json& wire, ParseOptions options) {
  AttributeValue value;
  try {
    value = AttributeValue::from_json(wire, options);
  } catch (const AwsError& e) {
    fuzz::require_client_error(e, {"ValidationException", "SerializationException"});
    return;
  }
  nlohmann::json back = value.to_json();
  AttributeValue again = AttributeValue::from_json(back, options);
  fuzz::require(again == value, "from_json(to_json(v)) != v",
                wire.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  fuzz::require(again.to_json() == back, "to_json is not stable");
  std::string text;
  value.append_wire(text);
  fuzz::require(text == back.dump(), "append_wire is not to_json().dump()");
  (void)value_size(value);
}

void check_item(const nlohmann::json& wire) {
  Item item;
  try {
    item = item_from_json(wire, {MessageStyle::kLegacy, false});
  } catch (const AwsError& e) {
    fuzz::require_client_error(e, {"ValidationException", "SerializationException"});
    return;
  }
  Item again = item_from_json(item_to_json(item));
  fuzz::require(item_to_wire(item) == item_to_json(item).dump(), "item_to_wire is not the dump");
  fuzz::require(again == item, "item round trip");
  (void)item_size(item);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto wire = nlohmann::json::parse(data, data + size, nullptr, false);
  if (wire.is_discarded()) return 0;
  check_value(wire, {MessageStyle::kCurrent, false});
  check_value(wire, {MessageStyle::kLegacy, true});
  check_item(wire);
  return 0;
}
