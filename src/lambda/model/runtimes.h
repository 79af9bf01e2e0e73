// Lambda's runtime identifiers: which ones CreateFunction accepts, which it
// refuses as deprecated, and which localcloud can actually run.
//
// The accepted list is AWS's own (its InvalidParameterValueException names
// it, in its order); runtimes AWS has retired get its deprecation message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localcloud::lambda::model {

// How localcloud starts a runtime's execution environments.
enum class RuntimeFamily {
  kNodejs,    // the machine's node with localcloud's bootstrap
  kPython,    // the machine's python3 with localcloud's bootstrap
  kProvided,  // the function's own `bootstrap` executable
  kNative,    // a C++ handler compiled into localcloud (handlers/)
  kNone,      // accepted by the API, not runnable locally (java, dotnet, ruby)
};

struct RuntimeInfo {
  std::string_view name;
  RuntimeFamily family;
};

// localcloud's own runtime: the Handler names a C++ handler compiled into
// the binary. Accepted by CreateFunction, never listed in AWS's messages.
inline constexpr std::string_view kNativeRuntime = "localcloud.cpp";

// The runtime called `name` if CreateFunction accepts it, else nullopt.
std::optional<RuntimeInfo> find_runtime(std::string_view name);

// True for runtimes AWS has retired for creating and updating functions.
bool is_deprecated_runtime(std::string_view name);

// "[nodejs20.x, python3.14, ...]": AWS's list as its error message shows it.
std::string accepted_runtimes_text();

// Whether functions with this runtime need a Handler (all but provided.*).
bool runtime_needs_handler(std::string_view name);

}  // namespace localcloud::lambda::model
