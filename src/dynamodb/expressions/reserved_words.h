// DynamoDB's reserved words: names an expression may not use bare, only
// through an ExpressionAttributeNames placeholder.
#pragma once

#include <string_view>

namespace localcloud::dynamodb::expressions {

// True if `word` is on AWS's list ("Reserved words in DynamoDB", developer
// guide), compared case-insensitively as AWS does. Thread-safe.
bool is_reserved_word(std::string_view word);

}  // namespace localcloud::dynamodb::expressions
