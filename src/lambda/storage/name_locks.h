// NameLocks: at most one change in flight per function name.
//
// A change to a function's code spans the request thread (unpacking into
// the function's directory) and the store's writer thread (the commit);
// holding the name's lease across both keeps two changes from racing over
// the same directory. AWS answers a change made while another is in
// progress with ResourceConflictException, and so do the callers.
// Thread safety: every member may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace localcloud::lambda::storage {

class NameLocks {
 public:
  // Holds one name. release() gives it back (idempotent); destruction does
  // too, so an exception on the way never leaks the name.
  class Lease {
   public:
    Lease(NameLocks& owner, std::string name) : owner_(owner), name_(std::move(name)) {}
    ~Lease() { release(); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    void release();

   private:
    NameLocks& owner_;
    std::string name_;
    bool held_ = true;
  };
  using LeasePtr = std::shared_ptr<Lease>;

  // The lease on `name`, or null if a change to it is in flight.
  LeasePtr try_lock(const std::string& name);

 private:
  std::mutex mu_;
  std::set<std::string> held_;
};

}  // namespace localcloud::lambda::storage
