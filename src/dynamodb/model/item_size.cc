#include "model/item_size.h"

namespace localcloud::dynamodb::model {
namespace {

// Floor division, so that negative powers of ten fall into the right pair.
int pair_of(int power) { return power >= 0 ? power / 2 : -((-power + 1) / 2); }

constexpr size_t kDocumentOverhead = 3;
constexpr size_t kElementOverhead = 1;

}  // namespace

size_t number_size(const Number& number) {
  if (number.is_zero()) return 1;
  const int highest = number.exponent();
  const int lowest = highest - static_cast<int>(number.digits().size()) + 1;
  const int pairs = pair_of(highest) - pair_of(lowest) + 1;
  return 1 + static_cast<size_t>(pairs) + (number.is_negative() ? 1 : 0);
}

size_t value_size(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kS:
      return value.as_string().size();
    case AttributeType::kB:
      return value.as_binary().size();
    case AttributeType::kN:
      return number_size(value.as_number());
    case AttributeType::kBool:
    case AttributeType::kNull:
      return 1;
    case AttributeType::kSs:
    case AttributeType::kBs: {
      size_t total = 0;
      for (const auto& member : value.as_bytes_set()) total += member.size();
      return total;
    }
    case AttributeType::kNs: {
      size_t total = 0;
      for (const auto& member : value.as_number_set()) total += number_size(member);
      return total;
    }
    case AttributeType::kL: {
      size_t total = kDocumentOverhead;
      for (const auto& element : value.as_list()) total += kElementOverhead + value_size(element);
      return total;
    }
    case AttributeType::kM: {
      size_t total = kDocumentOverhead;
      for (const auto& [name, element] : value.as_map())
        total += kElementOverhead + name.size() + value_size(element);
      return total;
    }
  }
  return 0;
}

size_t item_size(const Item& item) {
  size_t total = 0;
  for (const auto& [name, value] : item) total += name.size() + value_size(value);
  return total;
}

}  // namespace localcloud::dynamodb::model
