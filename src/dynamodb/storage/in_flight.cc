#include "storage/in_flight.h"

namespace localcloud::dynamodb::storage {
namespace {

auto as_view(int64_t table_id, std::string_view pk, std::string_view sk) {
  return std::make_tuple(table_id, pk, sk);
}

}  // namespace

void InFlightItems::roll_over() {
  uint64_t now = store_.batch_number();
  if (now == batch_) return;
  batch_ = now;
  writes_.clear();
  transactions_.clear();
}

std::optional<InFlightItems::Holder> InFlightItems::holder(int64_t table_id, std::string_view pk,
                                                           std::string_view sk) {
  std::lock_guard lock(mu_);
  roll_over();
  auto key = as_view(table_id, pk, sk);
  if (transactions_.find(key) != transactions_.end()) return Holder::kTransaction;
  if (writes_.find(key) != writes_.end()) return Holder::kWrite;
  return std::nullopt;
}

void InFlightItems::hold(int64_t table_id, std::string_view pk, std::string_view sk,
                         Holder holder) {
  std::lock_guard lock(mu_);
  roll_over();
  auto& held = holder == Holder::kTransaction ? transactions_ : writes_;
  held.emplace(table_id, std::string(pk), std::string(sk));
}

}  // namespace localcloud::dynamodb::storage
