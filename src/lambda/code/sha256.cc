#include "code/sha256.h"

#include "code/base64.h"

namespace localcloud::lambda::code {

Sha256Digest sha256(std::string_view bytes) { return crypto::sha256(bytes); }

std::string sha256_base64(std::string_view bytes) {
  Sha256Digest digest = sha256(bytes);
  return base64_encode(crypto::as_bytes(digest));
}

std::string sha256_hex(std::string_view bytes) { return crypto::hex(sha256(bytes)); }

}  // namespace localcloud::lambda::code
