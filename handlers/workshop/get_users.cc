// The workshop's get-users, in C++: the table's items as plain JSON, as the
// DocumentClient's ScanCommand returns them (one page, like the original).
#include "localcloud/lambda/native.h"
#include "workshop/attribute_values.h"

LOCALCLOUD_HANDLER("workshop.get_users",
                   [](const localcloud::lambda::native::Json&, localcloud::lambda::native::Context& ctx) {
                     auto page = ctx.call("DynamoDB_20120810.Scan",
                                          {{"TableName", "serverless_workshop_intro"}});
                     auto users = nlohmann::ordered_json::array();
                     for (const auto& item : page["Items"])
                       users.push_back(workshop::unmarshall_item(item));
                     return users;
                   });
