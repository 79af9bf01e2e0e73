#include "api/call.h"

namespace localcloud::lambda::api {

std::optional<std::string> Call::query_param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return value;
  return std::nullopt;
}

std::vector<std::string> Call::query_params(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : query)
    if (key == name) out.push_back(value);
  return out;
}

}  // namespace localcloud::lambda::api
