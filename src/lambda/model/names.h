// Function names and ARNs: parsing the forms Lambda accepts for a
// FunctionName (name, name:qualifier, partial ARN, full ARN) and building
// ARNs. No regex engine: each pattern is matched by hand, with the same
// greedy choices AWS's regular expressions make.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localcloud::lambda::model {

// Which of AWS's two FunctionName shapes a parameter has.
enum class NameForm {
  kPlain,       // FunctionName: create, update, concurrency (max 140, no dots)
  kNamespaced,  // NamespacedFunctionName: get, delete, policy (max 256)
};

// AWS's pattern for the form, as its ValidationException quotes it.
std::string_view function_name_pattern(NameForm form);
// AWS's maximum length for the form (140 or 256).
size_t function_name_max_length(NameForm form);

struct FunctionRef {
  std::string name;
  std::optional<std::string> qualifier;  // after the name, e.g. "$LATEST" or "1"
  std::optional<std::string> region;     // from an ARN that names one
  std::optional<std::string> account;    // from an ARN or partial ARN
};

// Splits `text` into its parts, or nullopt if it does not match the form's
// pattern. Length limits are the caller's to check.
std::optional<FunctionRef> parse_function_name(std::string_view text, NameForm form);

// A region name as AWS's patterns allow: "us-east-1", "us-gov-west-1", ...
bool is_region(std::string_view text);

// AWS's RoleArn pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+
bool is_role_arn(std::string_view text);
inline constexpr std::string_view kRolePattern =
    R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)";

// arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
std::string function_arn(std::string_view region, std::string_view account, std::string_view name,
                         std::string_view qualifier = {});

}  // namespace localcloud::lambda::model
