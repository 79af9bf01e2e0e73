#include "code/base64.h"

#include <stdexcept>

#include "localcloud/core/base64.h"

namespace localcloud::lambda::code {

std::string base64_encode(std::string_view bytes) { return base64::encode(bytes); }

std::string base64_decode(std::string_view text) {
  auto bytes = base64::decode(text);
  if (!bytes) throw std::invalid_argument("invalid base64");
  return std::move(*bytes);
}

}  // namespace localcloud::lambda::code
