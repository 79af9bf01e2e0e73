#include "model/runtimes.h"

#include <algorithm>
#include <array>

namespace localcloud::lambda::model {
namespace {

using enum RuntimeFamily;

// In the order AWS lists them in its "enum value set" message (recorded
// 2026-01), so the text matches byte for byte.
constexpr std::array<RuntimeInfo, 25> kAccepted = {{
    {"nodejs20.x", kNodejs},   {"python3.14", kPython},    {"provided.al2023", kProvided},
    {"python3.12", kPython},   {"python3.13", kPython},    {"nodejs24.x", kNodejs},
    {"nodejs22.x", kNodejs},   {"java25", kNone},          {"python3.10", kPython},
    {"python3.11", kPython},   {"java21", kNone},          {"ruby3.3", kNone},
    {"ruby3.4", kNone},        {"ruby3.2", kNone},         {"python3.8", kPython},
    {"python3.9", kPython},    {"java17", kNone},          {"nodejs16.x", kNodejs},
    {"dotnet10", kNone},       {"dotnet8", kNone},         {"java11", kNone},
    {"dotnet6", kNone},        {"nodejs18.x", kNodejs},    {"provided.al2", kProvided},
    {"java8.al2", kNone},
}};

// Names AWS still knows but refuses with its deprecation message.
constexpr std::array<std::string_view, 20> kDeprecated = {
    "nodejs",        "nodejs4.3",     "nodejs4.3-edge", "nodejs6.10",   "nodejs8.10",
    "nodejs10.x",    "nodejs12.x",    "nodejs14.x",     "java8",        "python2.7",
    "python3.6",     "python3.7",     "dotnetcore1.0",  "dotnetcore2.0", "dotnetcore2.1",
    "dotnetcore3.1", "go1.x",         "ruby2.5",        "ruby2.7",      "provided",
};

}  // namespace

std::optional<RuntimeInfo> find_runtime(std::string_view name) {
  for (const auto& r : kAccepted)
    if (r.name == name) return r;
  if (name == kNativeRuntime) return RuntimeInfo{kNativeRuntime, kNative};
  return std::nullopt;
}

bool is_deprecated_runtime(std::string_view name) {
  return std::find(kDeprecated.begin(), kDeprecated.end(), name) != kDeprecated.end();
}

std::string accepted_runtimes_text() {
  std::string out = "[";
  for (size_t i = 0; i < kAccepted.size(); ++i) {
    if (i) out += ", ";
    out += kAccepted[i].name;
  }
  return out + "]";
}

bool runtime_needs_handler(std::string_view name) { return !name.starts_with("provided"); }

}  // namespace localcloud::lambda::model
