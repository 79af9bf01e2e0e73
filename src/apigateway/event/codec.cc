#include "event/codec.h"

#include <cctype>

namespace localcloud::apigateway::event {
namespace {

std::string lower_trimmed(std::string_view s) {
  if (auto semi = s.find(';'); semi != std::string_view::npos) s = s.substr(0, semi);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool is_binary(std::string_view content_type, const std::vector<std::string>& types) {
  if (content_type.empty() || types.empty()) return false;
  std::string type = lower_trimmed(content_type);
  auto slash = type.find('/');
  for (const auto& candidate : types) {
    std::string want = lower_trimmed(candidate);
    if (want == "*/*" || want == type) return true;
    if (want.ends_with("/*") && slash != std::string::npos &&
        type.compare(0, slash + 1, want, 0, want.size() - 1) == 0)
      return true;
  }
  return false;
}

}  // namespace localcloud::apigateway::event
