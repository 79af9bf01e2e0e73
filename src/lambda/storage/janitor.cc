#include "storage/janitor.h"

#include <spdlog/spdlog.h>

#include <system_error>

namespace localcloud::lambda::storage {

Janitor::Janitor() : thread_([this] { run(); }) {}

Janitor::~Janitor() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Janitor::remove(std::filesystem::path path) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(path));
  }
  cv_.notify_all();
}

void Janitor::drain() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return queue_.empty() && busy_ == 0; });
}

void Janitor::run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left
    auto path = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) spdlog::warn("lambda: cannot remove {}: {}", path.string(), ec.message());
    lock.lock();
    --busy_;
    cv_.notify_all();
  }
}

}  // namespace localcloud::lambda::storage
