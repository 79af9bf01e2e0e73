// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), self-contained so the
// server needs no crypto library: Lambda's CodeSha256 and the Signature
// Version 4 checks of --require-auth are all it hashes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace localcloud::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view bytes);

// HMAC-SHA256 of `message` under `key` (any length; longer than a block is
// hashed first, as RFC 2104 says).
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

// The digest's bytes as a string (to feed back in as an HMAC key).
inline std::string_view as_bytes(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

// 64 lowercase hex digits.
std::string hex(const Sha256Digest& digest);

}  // namespace localcloud::crypto
