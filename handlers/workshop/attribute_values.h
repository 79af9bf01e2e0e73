// DynamoDB's typed attribute values ↔ plain JSON, as the JavaScript
// DocumentClient marshals them, for handlers that talk to the item store.
#pragma once

#include <nlohmann/json.hpp>

namespace workshop {

// {"S":"x"} → "x", {"N":"42"} → 42, {"M":{…}} → {…}, {"L":[…]} → […], sets → arrays.
nlohmann::ordered_json unmarshall(const nlohmann::ordered_json& value);
// {"a": {"S": "x"}, …} → {"a": "x", …}
nlohmann::ordered_json unmarshall_item(const nlohmann::ordered_json& item);
// "x" → {"S":"x"}, 42 → {"N":"42"}, true → {"BOOL":true}, null → {"NULL":true}, …
nlohmann::ordered_json marshall(const nlohmann::ordered_json& value);

}  // namespace workshop
