// SHA-256 (FIPS 180-4), for Lambda's CodeSha256: the base64 of the digest of
// the deployment package as uploaded. Self-contained so the server needs no
// crypto library for one hash.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace localcloud::lambda::code {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view bytes);

// The digest as Lambda reports CodeSha256, e.g. sha256_base64("") ==
// "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".
std::string sha256_base64(std::string_view bytes);

// The digest as 64 lowercase hex digits (names on disk, logs).
std::string sha256_hex(std::string_view bytes);

}  // namespace localcloud::lambda::code
