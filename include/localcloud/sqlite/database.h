// RAII wrappers over SQLite: Connection, Statement and Transaction.
//
// A Connection is used by one thread at a time (callers arrange that: the
// Store hands each connection to a single user). Errors throw SqliteError.
// Only this module includes sqlite3.h; callers see these types alone.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace localcloud::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Connection;

// A prepared statement. Bind parameters are 1-based, columns 0-based, as in
// SQLite. A Statement borrowed from Connection::cached() is reset and its
// bindings cleared when the Statement is destroyed, and goes back to the cache.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // Advances; true while a row is available, false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  void reset();

  int64_t column_int(int col) const;
  double column_double(int col) const;
  std::string_view column_text(int col) const;  // valid until the next step()
  std::string_view column_blob(int col) const;  // valid until the next step()
  bool column_is_null(int col) const;

 private:
  friend class Connection;
  // `cache_slot` is the owner's cache slot this statement returns to, or null.
  Statement(Connection* owner, sqlite3_stmt* stmt, sqlite3_stmt** cache_slot);
  void check(int rc) const;

  Connection* owner_;
  sqlite3_stmt* stmt_;
  sqlite3_stmt** cache_slot_;
};

// Work a component defers to the commit of the connection's transaction:
// e.g. sums kept in memory while a group's write jobs run (see Store) and
// written by one UPDATE, instead of one UPDATE per job. A connection holds
// one of each type, made on first use (Connection::deferred).
class Deferred {
 public:
  virtual ~Deferred() = default;
  // A job of a group ended: keep what it deferred since the last end, or
  // drop it with the job's rollback.
  virtual void end_job(bool kept) = 0;
  // Inside the transaction, just before COMMIT: write everything not dropped
  // (a transaction that never ended a job keeps all it deferred).
  virtual void write(Connection& conn) = 0;
  // The transaction rolled back: forget everything.
  virtual void forget() = 0;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens `uri` (an SQLite URI filename). Throws SqliteError.
  Connection(const std::string& uri, Mode mode);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements that return no rows.
  void exec(std::string_view sql);
  // A fresh statement, finalized when the Statement dies.
  Statement prepare(std::string_view sql);
  // A statement from this connection's cache, keyed by the SQL text.
  Statement cached(std::string_view sql);

  int64_t last_insert_rowid() const;
  int changes() const;
  // True between BEGIN and COMMIT/ROLLBACK (SQLite's autocommit mode is off).
  bool in_transaction() const;
  sqlite3* handle() { return db_; }

  // This connection's T (a Deferred), made on first use.
  template <class T>
  T& deferred() {
    for (auto& d : deferred_) {
      Deferred& held = *d;
      if (typeid(held) == typeid(T)) return static_cast<T&>(held);
    }
    return static_cast<T&>(*deferred_.emplace_back(std::make_unique<T>()));
  }
  // Passed on to every Deferred; Transaction and Store call these.
  void end_job(bool kept);
  void write_deferred();
  void forget_deferred();

 private:
  friend class Statement;
  void give_back(sqlite3_stmt** slot, sqlite3_stmt* stmt);
  [[noreturn]] void fail(int rc, std::string_view context) const;

  // Looked up by the SQL text as given, without building a std::string.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };

  sqlite3* db_ = nullptr;
  // Never erased from while the connection lives: a checked-out Statement
  // holds its slot's address.
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
  std::vector<std::unique_ptr<Deferred>> deferred_;
};

// BEGIN on construction (IMMEDIATE for writers), ROLLBACK on destruction
// unless commit() ran. commit() first writes the connection's deferred work;
// a rollback forgets it.
class Transaction {
 public:
  enum class Kind { kDeferred, kImmediate };
  explicit Transaction(Connection& conn, Kind kind = Kind::kImmediate);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

}  // namespace localcloud::sqlite
