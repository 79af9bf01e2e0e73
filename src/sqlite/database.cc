#include "localcloud/sqlite/database.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "library.h"

namespace localcloud::sqlite {

Statement::Statement(Connection* owner, sqlite3_stmt* stmt, sqlite3_stmt** cache_slot)
    : owner_(owner), stmt_(stmt), cache_slot_(cache_slot) {}

Statement::Statement(Statement&& other) noexcept
    : owner_(other.owner_), stmt_(other.stmt_), cache_slot_(other.cache_slot_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (!stmt_) return;
  if (cache_slot_) {
    owner_->give_back(cache_slot_, stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::check(int rc) const {
  if (rc != SQLITE_OK) owner_->fail(rc, sqlite3_sql(stmt_));
}

Statement& Statement::bind(int index, int64_t value) {
  check(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check(sqlite3_bind_double(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  // A zero-length blob must still be a blob, not NULL: pass a non-null pointer.
  static const char kEmpty = 0;
  check(sqlite3_bind_blob(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(),
                          static_cast<int>(bytes.size()), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_null(int index) {
  check(sqlite3_bind_null(stmt_, index));
  return *this;
}

bool Statement::step() {
  // Readers in WAL mode never wait; shared-cache in-memory databases can
  // report a table lock for a moment while the writer commits: retry briefly.
  for (int attempt = 0;; ++attempt) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if ((rc == SQLITE_LOCKED || rc == SQLITE_BUSY) && attempt < 2000) {
      sqlite3_reset(stmt_);
      std::this_thread::sleep_for(std::chrono::microseconds(50));
      continue;
    }
    owner_->fail(rc, sqlite3_sql(stmt_));
  }
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::column_double(int col) const { return sqlite3_column_double(stmt_, col); }

std::string_view Statement::column_text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string_view(p, sqlite3_column_bytes(stmt_, col)) : std::string_view();
}

std::string_view Statement::column_blob(int col) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string_view(p, sqlite3_column_bytes(stmt_, col)) : std::string_view();
}

bool Statement::column_is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

// Memory statistics take a process-wide mutex on every SQLite allocation;
// nothing reads them. A group commit runs each job in a savepoint, whose
// statement journal SQLite spills to a temporary file past 64 KiB: a few
// dozen random-key puts with their index rows pass that, and every page then
// costs a pwrite. The threshold is also the size of the journal's first
// memory chunk, allocated and freed by every job that writes: 16 MB cost
// nothing under glibc, which keeps it in its heap, but allocators that map
// blocks that large afresh each time (jemalloc, mimalloc, musl's) ran PutItem
// at 16 connections 3-6x slower. 1 MB stays inside every allocator's heap
// and still holds a batch of 25 puts with two indexes.
constexpr int kStatementJournalSpill = 1 << 20;

void configure_library() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalSpill);
    return true;
  }();
  (void)configured;
}

Connection::Connection(const std::string& uri, Mode mode) {
  configure_library();
  int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
              (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(uri.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw SqliteError(rc, "cannot open database " + uri + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Connection::end_job(bool kept) {
  for (auto& d : deferred_) d->end_job(kept);
}

void Connection::write_deferred() {
  for (auto& d : deferred_) d->write(*this);
}

void Connection::forget_deferred() {
  for (auto& d : deferred_) d->forget();
}

void Connection::fail(int rc, std::string_view context) const {
  throw SqliteError(rc, std::string(sqlite3_errmsg(db_)) + " (" + std::string(context) + ")");
}

void Connection::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw SqliteError(rc, msg + " (" + text + ")");
  }
}

Statement Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
  return Statement(this, stmt, nullptr);
}

Statement Connection::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(std::string(sql), nullptr).first;
  if (sqlite3_stmt* stmt = it->second) {
    it->second = nullptr;  // checked out; a nested use of the same SQL prepares anew
    return Statement(this, stmt, &it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
  return Statement(this, stmt, &it->second);
}

void Connection::give_back(sqlite3_stmt** slot, sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (*slot) {
    sqlite3_finalize(stmt);
  } else {
    *slot = stmt;
  }
}

int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }

Transaction::Transaction(Connection& conn, Kind kind) : conn_(conn) {
  conn_.cached(kind == Kind::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

Transaction::~Transaction() {
  if (done_) return;
  conn_.forget_deferred();
  try {
    conn_.exec("ROLLBACK");
  } catch (...) {
    // The transaction may already be gone (SQLite rolls back on some errors).
  }
}

void Transaction::commit() {
  conn_.write_deferred();
  conn_.cached("COMMIT").run();
  done_ = true;
}

}  // namespace localcloud::sqlite
