#include "storage/name_locks.h"

namespace localcloud::lambda::storage {

void NameLocks::Lease::release() {
  std::lock_guard lock(owner_.mu_);
  if (!held_) return;
  held_ = false;
  owner_.held_.erase(name_);
}

NameLocks::LeasePtr NameLocks::try_lock(const std::string& name) {
  std::lock_guard lock(mu_);
  if (!held_.insert(name).second) return nullptr;
  return std::make_shared<Lease>(*this, name);
}

}  // namespace localcloud::lambda::storage
