// The state transactions keep beside the items: what the running group
// commit holds (in_flight.h) and the ClientRequestTokens (client_tokens.h).
#include <gtest/gtest.h>

#include "localcloud/sqlite/store.h"
#include "storage/client_tokens.h"
#include "storage/in_flight.h"
#include "storage/schema.h"

namespace localcloud::dynamodb::storage {
namespace {

std::string render(std::optional<InFlightItems::Holder> h) {
  if (!h) return "free";
  return *h == InFlightItems::Holder::kTransaction ? "transaction" : "write";
}

TEST(InFlightItems, HoldsLastUntilTheGroupCommits) {
  auto store = sqlite::Store::open({"", true, 1});
  InFlightItems in_flight(*store);
  store->write([&](sqlite::Connection&) {
    EXPECT_EQ(render(in_flight.holder(1, "a", "")), "free");
    in_flight.hold(1, "a", "", InFlightItems::Holder::kWrite);
    in_flight.hold(1, "b", "s", InFlightItems::Holder::kTransaction);
    in_flight.hold(1, "a", "", InFlightItems::Holder::kTransaction);
    EXPECT_EQ(render(in_flight.holder(1, "a", "")), "transaction");  // the stronger hold
    EXPECT_EQ(render(in_flight.holder(1, "b", "s")), "transaction");
    EXPECT_EQ(render(in_flight.holder(1, "b", "")), "free");  // another sort key
    EXPECT_EQ(render(in_flight.holder(2, "a", "")), "free");  // another table
  });
  // A later group: everything before it is durable, nothing is held.
  store->write([&](sqlite::Connection&) {
    EXPECT_EQ(render(in_flight.holder(1, "a", "")), "free");
    in_flight.hold(1, "c", "", InFlightItems::Holder::kWrite);
    EXPECT_EQ(render(in_flight.holder(1, "c", "")), "write");
  });
}

TEST(ClientTokens, RememberedForTenMinutes) {
  auto store = sqlite::Store::open({"", true, 1});
  store->migrate(kComponent, migrations());
  const int64_t t0 = 1'700'000'000'000;
  store->write([&](sqlite::Connection& c) {
    EXPECT_FALSE(ClientTokens::find(c, "tok", t0));
    ClientTokens::remember(c, "tok", {"fp", "{}"}, t0);
    auto found = ClientTokens::find(c, "tok", t0 + kClientTokenLifetimeMs - 1);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->fingerprint, "fp");
    EXPECT_EQ(found->response, "{}");
    EXPECT_FALSE(ClientTokens::find(c, "tok", t0 + kClientTokenLifetimeMs));
    // Remembering purges what has expired.
    ClientTokens::remember(c, "other", {"fp2", "{}"}, t0 + kClientTokenLifetimeMs);
    auto q = c.prepare("SELECT count(*) FROM dynamodb_client_tokens");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.column_int(0), 1);
  });
}

// Fingerprints are persisted: their values must never change.
TEST(ClientTokens, FingerprintsAreStable) {
  EXPECT_EQ(request_fingerprint(""), "cbf29ce4842223256c62272e07bb0142");
  EXPECT_EQ(request_fingerprint("{}"), request_fingerprint("{}"));
  EXPECT_NE(request_fingerprint(R"({"a":1})"), request_fingerprint(R"({"a":2})"));
  EXPECT_EQ(request_fingerprint("x").size(), 32u);
}

}  // namespace
}  // namespace localcloud::dynamodb::storage
