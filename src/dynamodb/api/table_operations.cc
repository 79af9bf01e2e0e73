#include "api/table_operations.h"

#include <nlohmann/json.hpp>

#include "api/validation.h"

namespace localcloud::dynamodb::api {

// ListTables: names in UTF-8 byte order, at most Limit (1..100, default 100)
// after ExclusiveStartTableName; LastEvaluatedTableName when more remain.
void list_tables(Context& ctx, const nlohmann::json& input, Reply reply) {
  Validator v;
  auto limit = v.optional_int(input, "Limit", "limit", 1, 100).value_or(100);
  auto start = v.optional_string(input, "ExclusiveStartTableName", "exclusiveStartTableName", 3,
                                 255, kTableNamePattern);
  v.throw_if_failed();

  std::vector<std::string> names;
  bool more = ctx.store.read([&](sqlite::Connection& conn) {
    auto q = conn.cached(
        "SELECT name FROM dynamodb_tables WHERE name > ? ORDER BY name LIMIT ?");
    q.bind(1, start.value_or("")).bind(2, static_cast<int64_t>(limit) + 1);
    while (q.step()) names.emplace_back(q.column_text(0));
    bool over = names.size() > static_cast<size_t>(limit);
    if (over) names.pop_back();
    return over;
  });

  nlohmann::json out = {{"TableNames", names}};
  if (more) out["LastEvaluatedTableName"] = names.back();
  reply(Outcome{out.dump(), std::nullopt});
}

}  // namespace localcloud::dynamodb::api
