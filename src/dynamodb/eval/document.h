// Internal to eval/: reading document paths (a.b[2].c) out of items, and the
// order in which an update visits the paths it writes.
#pragma once

#include <cstddef>

#include "expressions/ast.h"
#include "model/attribute_value.h"

namespace localcloud::dynamodb::eval::internal {

// The value at `path` in `item`, or nullptr when any step is missing, a list
// index is past the end, or a step meets the wrong kind of container (a name
// on a list, an index on a map or a scalar). Paths must be resolved.
const model::AttributeValue* find(const model::Item& item, const expressions::DocumentPath& path);

// Like find, for the steps of `path` from `from` on, starting at `value`.
const model::AttributeValue* find_in(const model::AttributeValue& value,
                                     const expressions::DocumentPath& path, std::size_t from);

// A total order on resolved paths: element by element, names by their bytes,
// list indexes numerically, a prefix before its extensions. Updates write in
// this order so that list elements appended past the end land sorted by the
// index written, and remove in the reverse order so that removing one list
// element never shifts another element still to be removed.
bool path_less(const expressions::DocumentPath& a, const expressions::DocumentPath& b);

}  // namespace localcloud::dynamodb::eval::internal
