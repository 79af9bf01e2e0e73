// The stored form of a Function: one JSON document per function, so a
// change is a read-modify-write of one row. Private to localcloud (never
// shown to clients); versioned by field presence, unknown fields ignored.
#pragma once

#include <string>
#include <string_view>

#include "model/function.h"

namespace localcloud::lambda::model {

// The function (less its id, which is the row's) as a JSON document.
std::string to_record(const Function& function);

// Parses a document written by to_record. Throws nlohmann::json::exception
// on a malformed document.
Function from_record(std::string_view record);

}  // namespace localcloud::lambda::model
