#include "storage/expiry.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace localcloud::dynamodb::storage {
namespace {

// AWS leaves items whose TTL lies more than five years in the past alone.
constexpr int64_t kOldestExpiry = 5LL * 365 * 24 * 3600;

}  // namespace

std::optional<int64_t> ExpiryStore::expiry_of(const model::Item& item,
                                              const std::string& attribute) {
  auto it = item.find(attribute);
  if (it == item.end() || it->second.type() != model::AttributeType::kN) return std::nullopt;
  double seconds = std::strtod(it->second.as_number().to_string().c_str(), nullptr);
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e15) return std::nullopt;
  return static_cast<int64_t>(std::floor(seconds));
}

void ExpiryStore::set(sqlite::Connection& conn, int64_t table_id, std::string_view pk,
                      std::string_view sk, std::optional<int64_t> expires) {
  if (!expires) {
    auto del = conn.cached(
        "DELETE FROM dynamodb_expiry WHERE table_id = ? AND hash = ? AND pk = ? AND sk = ?");
    del.bind(1, table_id).bind(2, static_cast<int64_t>(partition_hash(pk)));
    del.bind_blob(3, pk).bind_blob(4, sk).run();
    return;
  }
  auto up = conn.cached(
      "INSERT OR REPLACE INTO dynamodb_expiry(table_id, hash, pk, sk, expires) "
      "VALUES(?, ?, ?, ?, ?)");
  up.bind(1, table_id).bind(2, static_cast<int64_t>(partition_hash(pk)));
  up.bind_blob(3, pk).bind_blob(4, sk).bind(5, *expires).run();
}

void ExpiryStore::rebuild(sqlite::Connection& conn, const TableInfo& table) {
  clear(conn, table.id);
  if (!table.ttl_attribute) return;
  auto q = conn.prepare("SELECT pk, sk, item FROM dynamodb_items WHERE table_id = ?");
  q.bind(1, table.id);
  while (q.step()) {
    model::Item item = model::item_from_json(nlohmann::json::parse(q.column_blob(2)));
    if (auto expires = expiry_of(item, *table.ttl_attribute))
      set(conn, table.id, q.column_blob(0), q.column_blob(1), expires);
  }
}

void ExpiryStore::clear(sqlite::Connection& conn, int64_t table_id) {
  auto del = conn.cached("DELETE FROM dynamodb_expiry WHERE table_id = ?");
  del.bind(1, table_id).run();
}

std::vector<ItemPosition> ExpiryStore::due(sqlite::Connection& conn, int64_t table_id,
                                           int64_t now, size_t limit) {
  auto q = conn.cached(
      "SELECT hash, pk, sk FROM dynamodb_expiry WHERE table_id = ? AND expires BETWEEN ? AND ? "
      "ORDER BY expires LIMIT ?");
  q.bind(1, table_id).bind(2, now - kOldestExpiry).bind(3, now);
  q.bind(4, static_cast<int64_t>(limit));
  std::vector<ItemPosition> out;
  while (q.step())
    out.push_back(ItemPosition{static_cast<uint32_t>(q.column_int(0)), std::string(q.column_blob(1)),
                               std::string(q.column_blob(2))});
  return out;
}

}  // namespace localcloud::dynamodb::storage
