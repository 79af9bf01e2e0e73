#include "api/operations.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "api/batch_operations.h"
#include "api/item_operations.h"
#include "api/read_operations.h"
#include "api/table_operations.h"
#include "api/transact_operations.h"
#include "api/ttl_operations.h"

namespace localcloud::dynamodb::api {

const Operation* find_operation(std::string_view name) {
  static const std::unordered_map<std::string_view, Operation> kOperations = {
      {"CreateTable", &create_table},
      {"DescribeTable", &describe_table},
      {"ListTables", &list_tables},
      {"UpdateTable", &update_table},
      {"DeleteTable", &delete_table},
      {"TagResource", &tag_resource},
      {"UntagResource", &untag_resource},
      {"ListTagsOfResource", &list_tags_of_resource},
      {"DescribeLimits", &describe_limits},
      {"DescribeEndpoints", &describe_endpoints},
      {"GetItem", &get_item},
      {"PutItem", &put_item},
      {"DeleteItem", &delete_item},
      {"UpdateItem", &update_item},
      {"Query", &query},
      {"Scan", &scan},
      {"BatchGetItem", &batch_get_item},
      {"BatchWriteItem", &batch_write_item},
      {"UpdateTimeToLive", &update_time_to_live},
      {"DescribeTimeToLive", &describe_time_to_live},
      {"TransactWriteItems", &transact_write_items},
      {"TransactGetItems", &transact_get_items},
  };
  auto it = kOperations.find(name);
  return it == kOperations.end() ? nullptr : &it->second;
}

}  // namespace localcloud::dynamodb::api
