// SQLite's process-wide settings. sqlite3_config refuses them once SQLite
// has initialised, which any call may do (opening a connection, finding or
// registering a VFS), so every way into SQLite here calls this first.
#pragma once

namespace localcloud::sqlite {

void configure_library();

}  // namespace localcloud::sqlite
