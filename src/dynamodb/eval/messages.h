// Internal to eval/: the texts of the ValidationExceptions DynamoDB raises
// while checking expression values and applying updates, byte for byte.
//
// Sources (read for the texts only): Scylla's test/alternator suite, which
// runs against AWS and quotes its messages; captures against real DynamoDB
// in paritysuite/dynamodb-conformance and floci's integration tests; the
// recorded answers in dynalite; AWS's own DAX client request validator; and
// the message catalogue of DynamoDB Local. Where those disagree, the choice
// and the reason are noted beside the text.
#pragma once

#include <string_view>

namespace localcloud::dynamodb::eval::messages {

// ---- Expression checks that need the values (after "Invalid <Param>: ").

inline constexpr std::string_view kIncorrectOperandType =
    "Incorrect operand type for operator or function; ";
inline constexpr std::string_view kInvalidAttributeTypeName =
    "Invalid attribute type name found; type: ";
// The order AWS lists the type names in. DynamoDB Local and a capture of a
// PartiQL statement agree on it; another emulator reports the declaration
// order {S,SS,...} for the single-item operations (unverified).
inline constexpr std::string_view kValidAttributeTypes = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}";
// A document path's possible types as AWS prints them when attribute_type's
// second operand is not a value (from an emulator's capture, unverified).
inline constexpr std::string_view kAnyDocumentType =
    "{S,SS,N,NS,B,BS,BOOL,NULL,L,M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,DECIMAL,INT,DECIMALSET,"
    "INTSET}";
inline constexpr std::string_view kBetweenBoundsOrder =
    "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ";
inline constexpr std::string_view kBetweenBoundsType =
    "The BETWEEN operator requires same data type for lower and upper bounds; ";
// ADD and DELETE name the operand by its long type name; AWS reports this
// typeSet for DELETE too (captured in eu-west-2, 2026-09).
inline constexpr std::string_view kAddDeleteTypeSet = ", typeSet: ALLOWED_FOR_ADD_OPERAND";

// ---- Update application (no "Invalid UpdateExpression: " prefix).

inline constexpr std::string_view kMissingOperand =
    "The provided expression refers to an attribute that does not exist in the item";
inline constexpr std::string_view kWrongOperandType =
    "An operand in the update expression has an incorrect data type";
inline constexpr std::string_view kInvalidUpdatePath =
    "The document path provided in the update expression is invalid for update";
// AttributeUpdates reports a type clash in its own words (dynalite's
// recorded answer).
inline constexpr std::string_view kLegacyTypeMismatch = "Type mismatch for attribute to update";

// ---- Legacy parameters (Expected, QueryFilter, ScanFilter, KeyConditions,
// AttributeUpdates, AttributesToGet), from dynalite's validations.

inline constexpr std::string_view kInvalidParameters =
    "One or more parameter values were invalid: ";
inline constexpr std::string_view kLegacyBetweenOrder =
    "The BETWEEN condition was provided a range where the lower bound is greater than the upper "
    "bound";
inline constexpr std::string_view kSameTypeList =
    "AttributeValues inside AttributeValueList must be of same type";
inline constexpr std::string_view kNotIndexable =
    "Attempted conditional constraint is not an indexable operation";
inline constexpr std::string_view kKeyConditionCount = "Conditions can be of length 1 or 2 only";
inline constexpr std::string_view kDeleteWithoutValue =
    "Only DELETE action is allowed when no attribute value is specified";
// AWS's DAX client validator words the two ConditionalOperator misuses so;
// the second is also captured against DynamoDB (paritysuite, 2026-10).
inline constexpr std::string_view kConditionalOperatorAlone =
    "ConditionalOperator cannot be used without Filter or Expected";
inline constexpr std::string_view kConditionalOperatorSingle =
    "ConditionalOperator can only be used when Filter or Expected has two or more elements";
inline constexpr std::string_view kParameterMix =
    "Can not use both expression and non-expression parameters in the same request: "
    "Non-expression parameters: {";

}  // namespace localcloud::dynamodb::eval::messages
