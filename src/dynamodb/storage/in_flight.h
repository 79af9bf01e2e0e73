// Which items the writes of the running group commit hold, so that later
// jobs of the same group meet DynamoDB's transaction conflicts.
//
// In DynamoDB a TransactWriteItems holds its items from the moment it starts
// until it has committed: meanwhile a PutItem, UpdateItem or DeleteItem of
// one of them fails with TransactionConflictException, another transaction
// touching one is cancelled (reason TransactionConflict), and so is a
// TransactGetItems reading an item any write still holds. localcloud's
// writes run one at a time in group commits (sqlite::Store), so "still in
// flight" has an exact, deterministic meaning here: a write holds its items
// from its job until the group it ran in is durable, that is, for the rest
// of its group. The next group starts with nothing held.
//
// Thread safety: every member may be called from any thread; the holds
// only mean something inside write jobs, where Store::batch_number() names
// the group.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "localcloud/sqlite/store.h"

namespace localcloud::dynamodb::storage {

class InFlightItems {
 public:
  // `store` must outlive this.
  explicit InFlightItems(const sqlite::Store& store) : store_(store) {}

  enum class Holder { kWrite, kTransaction };

  // Who holds the item in the caller's group commit, if anyone; a
  // transaction's hold wins over a single write's.
  std::optional<Holder> holder(int64_t table_id, std::string_view pk, std::string_view sk);

  // Records that the caller's job wrote (or, for a transaction, checked) the
  // item. Call once the job's decision to write is final.
  void hold(int64_t table_id, std::string_view pk, std::string_view sk, Holder holder);

 private:
  using Key = std::tuple<int64_t, std::string, std::string>;
  using KeyView = std::tuple<int64_t, std::string_view, std::string_view>;
  // Orders keys and views of keys alike, so lookups copy no strings. (Comparing
  // the two tuple types directly does not compile with clang and libstdc++ 12.)
  struct KeyLess {
    using is_transparent = void;
    static KeyView view(const Key& k) { return {std::get<0>(k), std::get<1>(k), std::get<2>(k)}; }
    static const KeyView& view(const KeyView& v) { return v; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return view(a) < view(b);
    }
  };
  // Drops the holds of finished groups. Requires mu_.
  void roll_over();

  const sqlite::Store& store_;
  std::mutex mu_;
  uint64_t batch_ = 0;
  std::set<Key, KeyLess> writes_;
  std::set<Key, KeyLess> transactions_;
};

}  // namespace localcloud::dynamodb::storage
