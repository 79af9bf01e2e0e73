// The workshop's first-function, in C++: a mock order line item.
#include "localcloud/lambda/native.h"

LOCALCLOUD_HANDLER("workshop.first_function",
                   [](const localcloud::lambda::native::Json&, localcloud::lambda::native::Context&) {
                     nlohmann::ordered_json line_item = {
                         {"sku", 1234242}, {"color", "blue"}, {"quantity", 42}, {"in_stock", true}};
                     return localcloud::lambda::native::Json{{"statusCode", 200},
                                                           {"body", line_item.dump()}};
                   });
