#include "storage/client_tokens.h"

#include <cstdio>

namespace localcloud::dynamodb::storage {

std::optional<ClientToken> ClientTokens::find(sqlite::Connection& conn, std::string_view token,
                                              int64_t now_ms) {
  auto q = conn.cached(
      "SELECT fingerprint, response FROM dynamodb_client_tokens "
      "WHERE token = ? AND expires_at > ?");
  q.bind(1, token).bind(2, now_ms);
  if (!q.step()) return std::nullopt;
  return ClientToken{std::string(q.column_text(0)), std::string(q.column_text(1))};
}

void ClientTokens::remember(sqlite::Connection& conn, std::string_view token,
                            const ClientToken& record, int64_t now_ms) {
  conn.cached("DELETE FROM dynamodb_client_tokens WHERE expires_at <= ?").bind(1, now_ms).run();
  auto q = conn.cached(
      "INSERT OR REPLACE INTO dynamodb_client_tokens(token, fingerprint, response, expires_at) "
      "VALUES(?, ?, ?, ?)");
  q.bind(1, token).bind(2, record.fingerprint).bind(3, record.response);
  q.bind(4, now_ms + kClientTokenLifetimeMs).run();
}

std::string request_fingerprint(std::string_view request) {
  // Two FNV-1a 64 passes with different offset bases; stable across builds,
  // unlike std::hash, because the records outlive the process.
  uint64_t a = 14695981039346656037ull, b = 0x6c62272e07bb0142ull;
  for (unsigned char c : request) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ c) * 0x100000001b3ull;
    b ^= b >> 29;
  }
  char out[33];
  std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return out;
}

}  // namespace localcloud::dynamodb::storage
