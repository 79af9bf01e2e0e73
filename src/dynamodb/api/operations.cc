#include "api/operations.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "api/table_operations.h"

namespace localcloud::dynamodb::api {

const Operation* find_operation(std::string_view name) {
  static const std::unordered_map<std::string_view, Operation> kOperations = {
      {"ListTables", &list_tables},
  };
  auto it = kOperations.find(name);
  return it == kOperations.end() ? nullptr : &it->second;
}

}  // namespace localcloud::dynamodb::api
