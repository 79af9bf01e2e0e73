// Janitor: removes directory trees on its own thread, so that deleting a
// function's code (up to 250 MB unpacked) never stalls the store's writer
// thread or a request. Work queued before destruction is finished by it.
// Thread safety: every member may be called from any thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

namespace localcloud::lambda::storage {

class Janitor {
 public:
  Janitor();
  // Removes everything still queued, then joins the thread.
  ~Janitor();
  Janitor(const Janitor&) = delete;
  Janitor& operator=(const Janitor&) = delete;

  // Queues `path` (a file or a directory tree) for removal. Missing paths
  // are fine; failures are logged, never thrown.
  void remove(std::filesystem::path path);

  // Blocks until everything queued so far is removed (for tests).
  void drain();

 private:
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::filesystem::path> queue_;
  size_t busy_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace localcloud::lambda::storage
