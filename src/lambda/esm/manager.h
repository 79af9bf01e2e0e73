// Manager: runs one Poller per enabled event source mapping and moves
// mappings through AWS's states (Creating → Enabled, Enabling → Enabled,
// Updating → Enabled, Disabling → Disabled) once the change is in place.
// Changes are handled on the manager's own thread, never the caller's.
// Thread safety: every member may be called from any thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "esm/poller.h"
#include "storage/mappings.h"

namespace localcloud::lambda::esm {

class Manager {
 public:
  // `hooks` minus `save`, which the manager provides. Starts pollers for
  // every mapping already enabled. `mappings` must outlive this.
  Manager(storage::MappingStore& mappings, PollerHooks hooks);
  ~Manager();

  // Looks at the mapping again (created, changed or deleted).
  void changed(const std::string& uuid);
  // Stops every poller; further changes are ignored.
  void stop();

 private:
  void loop();
  void reconcile(const std::string& uuid);

  storage::MappingStore& mappings_;
  PollerHooks hooks_;
  std::map<std::string, std::unique_ptr<Poller>> pollers_;  // manager thread only
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace localcloud::lambda::esm
