// Lambda's response shapes for functions: FunctionConfiguration (as
// Create/Get/Update return it, and the leaner form ListFunctions lists),
// GetFunction's envelope, and Lambda's timestamp format.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/call.h"
#include "model/function.h"

namespace localcloud::lambda::api {

enum class ConfigView {
  kFull,    // CreateFunction, Get*, Update*: with State and LastUpdateStatus
  kListed,  // ListFunctions: no State, LastUpdateStatus or RuntimeVersionConfig
};

// The function's $LATEST configuration. With `qualified_arn` the FunctionArn
// ends in ":$LATEST" (ListFunctions with FunctionVersion=ALL).
nlohmann::ordered_json render_configuration(const Context& ctx, const model::FunctionConfig& config,
                                            ConfigView view, bool qualified_arn = false);

// GetFunction: {Configuration, Code{RepositoryType, Location}, Tags?, Concurrency?}.
nlohmann::ordered_json render_function(const Context& ctx, const Call& call,
                                       const model::Function& function);

// "2024-01-01T00:00:00.000+0000" for Unix epoch milliseconds.
std::string format_last_modified(int64_t epoch_ms);

// arn:aws:lambda:<region>::runtime:<64 hex>, stable for a runtime name.
std::string runtime_version_arn(std::string_view region, std::string_view runtime);

// The function's ARN in this service's region and account.
std::string arn_of(const Context& ctx, std::string_view name, std::string_view qualifier = {});

}  // namespace localcloud::lambda::api
