// ClientRequestTokens of TransactWriteItems, kept for the 10 minutes AWS
// keeps them, in SQLite.
//
// A token is recorded in the same SQLite transaction as the writes it
// guarded, so "applied" and "token remembered" are one fact: a retry after a
// crash or a restart within the window is answered from the record instead
// of applying the transaction twice. Call inside a Store::write job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "localcloud/sqlite/database.h"

namespace localcloud::dynamodb::storage {

// How long a token is remembered after the request that used it completed.
inline constexpr int64_t kClientTokenLifetimeMs = 10 * 60 * 1000;

struct ClientToken {
  std::string fingerprint;  // of the request the token was first used with
  std::string response;     // the JSON body that request returned
};

class ClientTokens {
 public:
  // The record of `token` if it is still alive at `now_ms` (Unix ms).
  static std::optional<ClientToken> find(sqlite::Connection& conn, std::string_view token,
                                         int64_t now_ms);

  // Remembers `token` until now_ms + kClientTokenLifetimeMs, and forgets
  // the tokens that have expired by now.
  static void remember(sqlite::Connection& conn, std::string_view token, const ClientToken& record,
                       int64_t now_ms);
};

// A stable 128-bit fingerprint (32 hex digits) of `request`, for telling a
// retry from a different request under the same token. Not cryptographic:
// clients choose their own requests.
std::string request_fingerprint(std::string_view request);

}  // namespace localcloud::dynamodb::storage
