// The client-visible errors of DynamoDB's data model: bad numbers, bad
// attribute values, items that are too large or too deep.
//
// The texts are AWS's, byte for byte (double spaces, missing spaces and
// "dectected" included): clients and tests match on them. Sources: captures
// against real DynamoDB published in paritysuite/dynamodb-conformance
// (tests/tier3/error-messages/valueLayers.test.ts, putItem.test.ts,
// limits/nestingDepth.test.ts, limits/numberExponent.test.ts) and the
// recorded AWS answers in dynalite's test/helpers.js.
//
// DynamoDB words some of these differently depending on which of its two
// validation layers an operation runs (see MessageStyle), and PutItem,
// UpdateItem and DeleteItem wrap them in "1 validation error detected: ".
#pragma once

#include <string>
#include <string_view>

#include "localcloud/core/aws_error.h"

namespace localcloud::dynamodb::model {

// Which of DynamoDB's two attribute-value validation layers to imitate.
// kCurrent: PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem, Query.
// kLegacy: BatchWriteItem, TransactWriteItems, TransactGetItems, Scan
// (captured in four regions, 2026-10).
enum class MessageStyle { kCurrent, kLegacy };

namespace errors {

inline constexpr std::string_view kInvalidParameters =
    "One or more parameter values were invalid: ";
inline constexpr std::string_view kValidationEnvelope = "1 validation error detected: ";

inline constexpr std::string_view kNotNumeric =
    "The parameter cannot be converted to a numeric value";
inline constexpr std::string_view kNumberOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
inline constexpr std::string_view kNumberUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
inline constexpr std::string_view kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";

inline constexpr std::string_view kEmptyValue =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
inline constexpr std::string_view kManyTypes =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes";
inline constexpr std::string_view kNullNotTrue =
    "Null attribute value types must have the value of true";
inline constexpr std::string_view kEmptyStringSet = "An string set  may not be empty";
inline constexpr std::string_view kEmptyNumberSet = "An number set  may not be empty";
inline constexpr std::string_view kEmptyBinarySet = "Binary sets should not be empty";
inline constexpr std::string_view kNestingTooDeep =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
    "beyond supported limit";
inline constexpr std::string_view kItemTooLarge = "Item size has exceeded the maximum allowed size";

// SerializationException texts of AWS's JSON reader for an AttributeValue.
inline constexpr std::string_view kNotAValue = "Unexpected value type in payload";
inline constexpr std::string_view kNotAField = "Unexpected field type";
inline constexpr std::string_view kObjectNotExpected =
    "Start of structure or map found where not expected";
inline constexpr std::string_view kBadBooleanToken = "Unexpected token received from parser";
inline constexpr std::string_view kNotBase64String =
    "only base-64-encoded strings are convertible to bytes";
inline constexpr std::string_view kBadBase64Tail =
    "Invalid last non-pad Base64 character dectected";

// What is wrong with a number's text or with an arithmetic result.
enum class NumberProblem { kNotNumeric, kOverflow, kUnderflow, kTooManyDigits };

// The ValidationException for `problem` found in `text`, inside the envelope
// when `envelope` is set. kNotNumeric reads "The parameter cannot be converted
// to a numeric value: <text>"; the legacy layer leaves ": " off an empty text.
AwsError bad_number(NumberProblem problem, std::string_view text, MessageStyle style,
                    bool envelope);
AwsError nesting_too_deep();
AwsError item_too_large();

// A ValidationException whose text is `message`, inside the envelope when
// `envelope` is set.
AwsError invalid_value(std::string message, bool envelope);

// SerializationException with `message`.
AwsError malformed(std::string_view message);

}  // namespace errors
}  // namespace localcloud::dynamodb::model
