#include "native/document.h"

#include <cmath>

#include "localcloud/core/utf8.h"

namespace localcloud::lambda::native {

bool same_as_text(const Json& document) {
  using Type = Json::value_t;
  switch (document.type()) {
    case Type::string:
      return utf8::valid(document.get_ref<const std::string&>());
    case Type::number_float:
      return std::isfinite(document.get<double>());
    case Type::array:
      for (const auto& v : document)
        if (!same_as_text(v)) return false;
      return true;
    case Type::object:
      for (const auto& [key, v] : document.items())
        if (!utf8::valid(key) || !same_as_text(v)) return false;
      return true;
    case Type::binary:
    case Type::discarded:
      return false;
    default:
      return true;
  }
}

}  // namespace localcloud::lambda::native
