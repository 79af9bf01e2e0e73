// The reader of everyday PutItem and GetItem bodies (api/flat_request.h)
// against the general one: whatever it accepts must be JSON the general
// reader accepts too, with the same table, the same item (stored text byte
// for byte) and the same ConsistentRead, and no member it does not know.
// Input: one byte, G for GetItem and anything else for PutItem, then the body.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/flat_request.h"
#include "fuzz_support.h"

using namespace localcloud;
using dynamodb::api::FlatShape;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const FlatShape shape = data[0] != 'G' ? FlatShape::kPutItem : FlatShape::kGetItem;
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto flat = dynamodb::api::read_flat_request(body, shape);
  if (!flat) return 0;

  auto json = nlohmann::json::parse(body, nullptr, false);
  fuzz::require(json.is_object(), "accepted a body that is not one JSON object", body);
  const char* member = shape == FlatShape::kPutItem ? "Item" : "Key";
  for (const auto& [name, value] : json.items())
    fuzz::require(name == "TableName" || name == member ||
                      (shape == FlatShape::kGetItem && name == "ConsistentRead"),
                  "accepted an unknown member", name);
  fuzz::require(json.at("TableName") == flat->table, "table name differs", body);
  fuzz::require(json.value("ConsistentRead", false) == flat->consistent_read,
                "ConsistentRead differs", body);
  dynamodb::model::Item general;
  try {
    general = dynamodb::model::item_from_json(
        json.at(member), {dynamodb::model::MessageStyle::kCurrent, true});
  } catch (const AwsError& e) {
    fuzz::require(false, "accepted an item the general reader refuses", e.message());
  }
  fuzz::require(dynamodb::model::item_to_wire(flat->item) == dynamodb::model::item_to_wire(general),
                "item differs", body);
  return 0;
}
