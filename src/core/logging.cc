#include "localcloud/core/logging.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace localcloud::logging {

std::optional<spdlog::level::level_enum> parse_level(std::string_view name) {
  static constexpr std::pair<std::string_view, spdlog::level::level_enum> kLevels[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"critical", spdlog::level::critical},
      {"off", spdlog::level::off}};
  for (auto [text, level] : kLevels)
    if (text == name) return level;
  return std::nullopt;
}

void init(spdlog::level::level_enum level) {
  spdlog::init_thread_pool(8192, 1);
  auto logger = spdlog::create_async_nb<spdlog::sinks::stderr_sink_mt>("localcloud");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

void shutdown() { spdlog::shutdown(); }

}  // namespace localcloud::logging
