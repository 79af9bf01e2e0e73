#include "api/read_operations.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <type_traits>
#include <variant>

#include "api/item_request.h"
#include "api/validation.h"
#include "errors.h"
#include "eval/legacy.h"
#include "expressions/key_condition.h"
#include "expressions/parser.h"
#include "model/key_codec.h"
#include "storage/indexes.h"
#include "storage/items.h"

namespace localcloud::dynamodb::api {
namespace {

using nlohmann::json;
using storage::StoredItem;

// DynamoDB stops a page once it has read 1 MB of items.
constexpr int64_t kPageBytes = 1024 * 1024;

enum class Select { kAll, kSpecific, kCount };

// What Query and Scan share: the table, the filter, what to return, the page.
struct ReadRequest {
  std::string table_name;
  storage::TablePtr table;
  const storage::IndexInfo* index = nullptr;  // IndexName's index, if any
  // An LSI that lacks attributes the request needs: read the table's item.
  bool fetch_from_table = false;
  std::shared_ptr<ExpressionContext> ec;
  std::optional<expressions::ConditionExpression> filter;
  std::optional<expressions::ProjectionExpression> projection;
  Select select = Select::kAll;
  std::optional<int64_t> limit;
  std::optional<model::Item> start_key;
  bool consistent = false;
  CapacityMode capacity = CapacityMode::kNone;
};

// Query's validation layer wraps these rejections; Scan's does not.
std::string prefix_for(bool is_query) { return is_query ? "1 validation error detected: " : ""; }

// Reads the members both operations take, in AWS's order of checks.
ReadRequest read_common(Context& ctx, const json& input, bool is_query) {
  ReadRequest r;
  Validator v;
  auto name = v.optional_string(input, "TableName", "tableName", 3, 255, kTableNamePattern);
  if (!name) v.fail_null("tableName");
  r.limit = v.optional_int(input, "Limit", "limit", 1, INT32_MAX);
  auto select = string_member(input, "Select");
  if (select && *select != "ALL_ATTRIBUTES" && *select != "SPECIFIC_ATTRIBUTES" &&
      *select != "COUNT" && *select != "ALL_PROJECTED_ATTRIBUTES")
    v.fail(*select, "select",
           "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
           "ALL_PROJECTED_ATTRIBUTES]");
  v.throw_if_failed();
  r.table_name = *name;
  if (const json* c = member(input, "ConsistentRead", Shape::kBoolean)) r.consistent = *c;
  r.capacity = read_capacity_mode(input);
  auto index = string_member(input, "IndexName");
  const json* start = member(input, "ExclusiveStartKey", Shape::kMap);
  if (start) r.start_key = model::item_from_json(*start);

  eval::check_parameter_mix(input, is_query ? eval::Operation::kQuery : eval::Operation::kScan);
  r.ec = std::make_shared<ExpressionContext>(read_expression_context(input));
  bool has_attributes_to_get = member(input, "AttributesToGet", Shape::kList) != nullptr;
  if (select == "COUNT" && has_attributes_to_get)
    throw errors::validation(prefix_for(is_query) +
                             "Cannot specify the AttributesToGet when choosing to get only the "
                             "Count");
  bool has_projection = input.contains("ProjectionExpression") || has_attributes_to_get;
  std::string prefix = prefix_for(is_query);
  if (select == "COUNT" && has_projection)
    throw errors::validation(prefix + "Cannot specify the ProjectionExpression when choosing to "
                                      "get only the Count");
  if (select == "ALL_ATTRIBUTES" && has_projection)
    throw errors::validation("Cannot specify the ProjectionExpression when choosing to get "
                             "ALL_ATTRIBUTES");
  if (select == "ALL_PROJECTED_ATTRIBUTES" && !index)
    throw errors::validation(
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  if (select == "SPECIFIC_ATTRIBUTES" && !has_projection)
    throw errors::validation(
        "SPECIFIC_ATTRIBUTES can be used only with AttributesToGet or ProjectionExpression");
  r.select = select == "COUNT"                          ? Select::kCount
             : (has_projection || select == "SPECIFIC_ATTRIBUTES") ? Select::kSpecific
                                                                   : Select::kAll;
  if (index) {
    r.table = require_item_table(ctx.tables, r.table_name);
    r.index = r.table->find_index(*index);
    if (!r.index) throw errors::validation("The table does not have the specified index: " + *index);
    if (r.index->global && r.consistent)
      throw errors::validation("Consistent reads are not supported on global secondary indexes");
    bool all_projected = r.index->projection == storage::IndexInfo::Projection::kAll;
    if (select == "ALL_ATTRIBUTES" && r.index->global && !all_projected)
      throw errors::invalid_parameter("Select type ALL_ATTRIBUTES is not supported for global "
                                      "secondary index " + *index +
                                      " because its projection type is not ALL");
    r.fetch_from_table = select == "ALL_ATTRIBUTES" && !all_projected;
  }
  return r;
}

void collect_names(const expressions::Operand& operand, std::set<std::string>& names) {
  if (const auto* path = operand.path()) names.insert(path->elements.front().text);
  if (const auto* call = operand.call())
    for (const auto& argument : call->arguments) collect_names(argument, names);
}

// The top-level attributes a condition reads.
void collect_names(const expressions::Condition& c, std::set<std::string>& names) {
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, expressions::Comparison>) {
          collect_names(n.left, names);
          collect_names(n.right, names);
        } else if constexpr (std::is_same_v<T, expressions::Between>) {
          collect_names(n.value, names);
          collect_names(n.lower, names);
          collect_names(n.upper, names);
        } else if constexpr (std::is_same_v<T, expressions::In>) {
          collect_names(n.value, names);
          for (const auto& candidate : n.candidates) collect_names(candidate, names);
        } else if constexpr (std::is_same_v<T, expressions::FunctionCondition>) {
          for (const auto& argument : n.call.arguments) collect_names(argument, names);
        } else if constexpr (std::is_same_v<T, expressions::Not>) {
          collect_names(*n.operand, names);
        } else {
          collect_names(*n.left, names);
          collect_names(*n.right, names);
        }
      },
      c.node);
}

// True when an index entry holds attribute `name`.
bool projected(const storage::TableInfo& table, const storage::IndexInfo& index,
               const std::string& name) {
  if (index.projection == storage::IndexInfo::Projection::kAll) return true;
  if (name == table.hash.name || (table.range && name == table.range->name)) return true;
  if (name == index.hash.name || (index.range && name == index.range->name)) return true;
  return std::find(index.non_key.begin(), index.non_key.end(), name) != index.non_key.end();
}

// An LSI reads the table's item for attributes it does not project (a GSI
// simply lacks them).
void decide_table_fetch(ReadRequest& r) {
  if (!r.index || r.index->global || r.fetch_from_table) return;
  std::set<std::string> names;
  if (r.filter) collect_names(r.filter->root, names);
  if (r.projection)
    for (const auto& path : r.projection->paths) names.insert(path.elements.front().text);
  for (const auto& name : names)
    if (!projected(*r.table, *r.index, name)) r.fetch_from_table = true;
}

// Filter and projection come after the key condition in AWS's order; the
// legacy QueryFilter/ScanFilter and AttributesToGet stand in for them.
void read_filter_and_projection(ReadRequest& r, const json& input, const char* legacy_filter) {
  if (auto text = string_member(input, "FilterExpression")) {
    r.filter = expressions::parse_condition(*text, expressions::ExpressionKind::kFilter);
    r.ec->resolver.resolve(*r.filter,
                           eval::leaf_check(r.ec->values, expressions::ExpressionKind::kFilter));
  } else {
    r.filter = eval::condition_from_filter(member(input, legacy_filter, Shape::kMap),
                                           member(input, "ConditionalOperator", Shape::kString),
                                           r.ec->values);
  }
  if (auto text = string_member(input, "ProjectionExpression")) {
    r.projection = expressions::parse_projection(*text);
    r.ec->resolver.resolve(*r.projection);
  } else if (const json* names = member(input, "AttributesToGet", Shape::kList)) {
    r.projection = eval::projection_from_attributes_to_get(*names);
  }
  r.ec->resolver.check_unused();
}

model::AttributeType declared_type(char t) {
  return t == 'N' ? model::AttributeType::kN
         : t == 'B' ? model::AttributeType::kB
                    : model::AttributeType::kS;
}

// The table's key attributes of `item`.
model::Item table_key(const storage::TableInfo& table, const model::Item& item) {
  model::Item key;
  for (const auto* attr : {&table.hash, table.range ? &*table.range : nullptr})
    if (attr)
      if (auto it = item.find(attr->name); it != item.end()) key.emplace(it->first, it->second);
  return key;
}

// ExclusiveStartKey on an index: the table's key and the index's key.
storage::IndexPosition index_start(const ReadRequest& r, const model::Item& start) {
  const auto& table = *r.table;
  const auto& index = *r.index;
  auto part = [&](const storage::KeyAttribute& attr) {
    auto it = start.find(attr.name);
    if (it == start.end() || it->second.type() != declared_type(attr.type))
      throw errors::validation(
          "The provided starting key is invalid: The provided key element does not match the "
          "schema");
    return model::encode_key_part(it->second);
  };
  storage::IndexPosition p;
  p.base_pk = part(table.hash);
  if (table.range) p.base_sk = part(*table.range);
  p.pk = part(index.hash);
  if (index.range) p.sk = part(*index.range);
  p.hash = storage::partition_hash(p.pk);
  return p;
}

// Collects a page: items evaluated until Limit or 1 MB, those passing the
// filter returned (projected), and where to start the next page.
class PageBuilder {
 public:
  explicit PageBuilder(const ReadRequest& r) : r_(r) {}

  // Returns false once the page is full. `conn` reads the table's item
  // when the index entry lacks what the request needs. Items go out as
  // stored unless a filter, a projection or the table's copy is needed:
  // then (only then) the item is parsed.
  bool add(StoredItem&& stored, sqlite::Connection& conn) {
    ++scanned_;
    bytes_ += stored.size;
    bool wanted = r_.select != Select::kCount;
    if (!r_.filter && !r_.projection && !r_.fetch_from_table) {
      ++count_;
      if (wanted) append(stored.json);
    } else {
      model::Item item = parse_stored(stored.json);
      std::string table_copy;
      if (r_.fetch_from_table) {
        EncodedKey key = key_from_key_param(*r_.table, table_key(*r_.table, item));
        if (auto full = storage::ItemStore::get(conn, r_.table->id, key.pk, key.sk)) {
          table_copy = std::move(full->json);
          item = parse_stored(table_copy);
        }
      }
      if (!r_.filter || eval::matches(r_.filter->root, &item, r_.ec->values)) {
        ++count_;
        if (wanted && r_.projection) {
          append(model::item_to_wire(eval::project(item, r_.projection->paths)));
        } else if (wanted) {
          append(table_copy.empty() ? stored.json : table_copy);
        }
      }
    }
    last_json_ = std::move(stored.json);
    full_ = (r_.limit && scanned_ >= *r_.limit) || bytes_ >= kPageBytes;
    return !full_;
  }

  // The response body, written directly: stored items are already JSON.
  std::string finish() {
    std::string out = "{";
    if (r_.select != Select::kCount) out += "\"Items\":[" + items_ + "],";
    out += "\"Count\":" + std::to_string(count_);
    out += ",\"ScannedCount\":" + std::to_string(scanned_);
    if (full_ && !last_json_.empty()) out += ",\"LastEvaluatedKey\":" + last_key().dump();
    json capacity = json::object();
    add_consumed_capacity(capacity, r_.capacity, r_.table_name, read_units(bytes_, r_.consistent),
                          r_.index);
    if (capacity.contains("ConsumedCapacity"))
      out += ",\"ConsumedCapacity\":" + capacity["ConsumedCapacity"].dump();
    out += "}";
    return out;
  }

 private:
  void append(std::string_view item_json) {
    if (!items_.empty()) items_ += ',';
    items_ += item_json;
  }

  // The table's key (and on an index, the index's key) of the last item read.
  json last_key() const {
    model::Item item = parse_stored(last_json_);
    json key = key_json(*r_.table, item);
    if (r_.index)
      for (const auto* attr : {&r_.index->hash, r_.index->range ? &*r_.index->range : nullptr})
        if (attr)
          if (auto it = item.find(attr->name); it != item.end())
            key[attr->name] = it->second.to_json();
    return key;
  }

  const ReadRequest& r_;
  std::string items_;
  std::string last_json_;
  int64_t scanned_ = 0;
  int64_t count_ = 0;
  int64_t bytes_ = 0;
  bool full_ = false;
};

const model::AttributeValue& value_of(const ReadRequest& r, const expressions::ValueRef& ref) {
  return r.ec->values.at(ref.name);
}

// The key condition's value must have the key attribute's declared type.
std::string encoded_key_value(const ReadRequest& r, const storage::KeyAttribute& attr,
                              const expressions::ValueRef& ref) {
  const auto& value = value_of(r, ref);
  if (value.type() != declared_type(attr.type))
    throw errors::invalid_parameter("Condition parameter type does not match schema type");
  return model::encode_key_part(value);
}

}  // namespace

// Query: one partition, a sort-key range walked in order through SQLite's
// primary key, then the filter.
void query(Context& ctx, const json& input, Reply reply) {
  ReadRequest r = read_common(ctx, input, true);
  const json* forward_json = member(input, "ScanIndexForward", Shape::kBoolean);
  bool forward = forward_json ? forward_json->get<bool>() : true;
  auto key_text = string_member(input, "KeyConditionExpression");
  const json* legacy_keys = member(input, "KeyConditions", Shape::kMap);
  if (!key_text && !legacy_keys)
    throw errors::validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  expressions::KeyConditions key_conditions;
  if (key_text) {
    auto key_expression =
        expressions::parse_condition(*key_text, expressions::ExpressionKind::kKeyCondition);
    r.ec->resolver.resolve(key_expression, eval::leaf_check(
                                               r.ec->values, expressions::ExpressionKind::kKeyCondition));
    key_conditions = expressions::analyze_key_condition(key_expression);
  } else {
    key_conditions = eval::key_conditions_from_legacy(*legacy_keys, r.ec->values);
  }
  read_filter_and_projection(r, input, "QueryFilter");
  if (!r.table) r.table = require_item_table(ctx.tables, r.table_name);
  decide_table_fetch(r);
  const auto& table = *r.table;
  const storage::KeyAttribute& key_hash = r.index ? r.index->hash : table.hash;
  const std::optional<storage::KeyAttribute>& key_range = r.index ? r.index->range : table.range;
  expressions::check_key_schema(key_conditions, key_hash.name,
                                key_range ? std::optional<std::string_view>(key_range->name)
                                          : std::nullopt);

  const auto* hash_condition = key_conditions.find(key_hash.name);
  std::string pk = encoded_key_value(r, key_hash, hash_condition->values[0]);
  storage::QueryRange range;
  if (key_range) {
    if (const auto* c = key_conditions.find(key_range->name)) {
      using Op = expressions::KeyCondition::Op;
      auto bound = [&](size_t i) { return encoded_key_value(r, *key_range, c->values[i]); };
      switch (c->op) {
        case Op::kEqual: range.lower = range.upper = storage::SortBound{bound(0), true}; break;
        case Op::kLess: range.upper = storage::SortBound{bound(0), false}; break;
        case Op::kLessOrEqual: range.upper = storage::SortBound{bound(0), true}; break;
        case Op::kGreater: range.lower = storage::SortBound{bound(0), false}; break;
        case Op::kGreaterOrEqual: range.lower = storage::SortBound{bound(0), true}; break;
        case Op::kBetween:
          range.lower = storage::SortBound{bound(0), true};
          range.upper = storage::SortBound{bound(1), true};
          break;
        case Op::kBeginsWith:
          if (key_range->type == 'N')
            throw errors::validation(
                "Invalid KeyConditionExpression: Incorrect operand type for operator or "
                "function; operator or function: begins_with, operand type: N");
          range.prefix = bound(0);
          break;
      }
    }
  }

  std::optional<std::string> start_sk;
  std::optional<storage::IndexPosition> index_from;
  if (r.start_key && r.index) {
    index_from = index_start(r, *r.start_key);
    if (index_from->pk != pk)
      throw errors::validation(
          "The provided starting key is outside query boundaries based on provided conditions");
  } else if (r.start_key) {
    EncodedKey start;
    try {
      start = key_from_key_param(table, *r.start_key);
    } catch (const AwsError& e) {
      throw errors::validation("The provided starting key is invalid: " + e.message());
    }
    if (start.pk != pk)
      throw errors::validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    start_sk = start.sk;
  }

  PageBuilder page(r);
  ctx.store.read([&](sqlite::Connection& conn) {
    auto visit = [&](StoredItem&& item) { return page.add(std::move(item), conn); };
    if (r.index) {
      storage::IndexStore::query(conn, table.id, r.index->name, pk, range, forward, index_from,
                                 visit);
    } else {
      storage::ItemStore::query(conn, table.id, pk, range, forward, start_sk, visit);
    }
  });
  reply(Outcome{page.finish(), std::nullopt});
}

// Scan: the table in partition-hash order; Segment/TotalSegments split the
// hash space into disjoint ranges, so parallel scanners share no item.
void scan(Context& ctx, const json& input, Reply reply) {
  ReadRequest r = read_common(ctx, input, false);
  Validator v;
  auto segment = v.optional_int(input, "Segment", "segment", 0, 999999);
  auto total = v.optional_int(input, "TotalSegments", "totalSegments", 1, 1000000);
  v.throw_if_failed();
  if (segment && !total)
    throw errors::validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present");
  if (total && !segment)
    throw errors::validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  if (segment && *segment >= *total)
    throw errors::validation("The Segment parameter is zero-based and must be less than "
                             "parameter TotalSegments: Segment: " + std::to_string(*segment) +
                             " is not less than TotalSegments: " + std::to_string(*total));
  read_filter_and_projection(r, input, "ScanFilter");
  if (!r.table) r.table = require_item_table(ctx.tables, r.table_name);
  decide_table_fetch(r);

  uint32_t from = 0, to = UINT32_MAX;
  if (total) {
    uint64_t n = static_cast<uint64_t>(*total), s = static_cast<uint64_t>(*segment);
    from = static_cast<uint32_t>((s << 32) / n);
    to = static_cast<uint32_t>((((s + 1) << 32) / n) - 1);
  }
  std::optional<storage::ItemPosition> start;
  std::optional<storage::IndexPosition> index_from;
  if (r.start_key && r.index) {
    index_from = index_start(r, *r.start_key);
  } else if (r.start_key) {
    EncodedKey key;
    try {
      key = key_from_key_param(*r.table, *r.start_key);
    } catch (const AwsError& e) {
      throw errors::validation("The provided starting key is invalid: " + e.message());
    }
    start = storage::ItemPosition{storage::partition_hash(key.pk), key.pk, key.sk};
  }
  PageBuilder page(r);
  ctx.store.read([&](sqlite::Connection& conn) {
    auto visit = [&](StoredItem&& item) { return page.add(std::move(item), conn); };
    if (r.index) {
      storage::IndexStore::scan(conn, r.table->id, r.index->name, from, to, index_from, visit);
    } else {
      storage::ItemStore::scan(conn, r.table->id, from, to, start, visit);
    }
  });
  reply(Outcome{page.finish(), std::nullopt});
}

}  // namespace localcloud::dynamodb::api
