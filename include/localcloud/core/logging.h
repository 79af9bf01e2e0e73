// Logging setup: one spdlog logger for the whole process, writing to stderr
// through a background thread so request threads never block on the terminal.
#pragma once

#include <spdlog/spdlog.h>

#include <optional>
#include <string_view>

namespace localcloud::logging {

// Parses "trace|debug|info|warn|error|critical|off"; nullopt for anything else.
std::optional<spdlog::level::level_enum> parse_level(std::string_view name);

// Installs the default logger at `level`. Call once, before serving.
void init(spdlog::level::level_enum level);

// Flushes and stops the background logging thread. Call last.
void shutdown();

}  // namespace localcloud::logging
