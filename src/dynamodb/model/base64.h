// DynamoDB's strict base64 decoder for B and BS values, with the
// SerializationException texts AWS's decoder gives for text it rejects
// (encoding is core's base64::encode).
#pragma once

#include <string>
#include <string_view>

namespace localcloud::dynamodb::model {

struct Base64Decoded {
  std::string bytes;
  // Empty when `text` was canonical base64; otherwise AWS's message, e.g.
  // "Base64 encoded length is expected a multiple of 4 bytes but found: 5".
  std::string error;
};

// Accepts only canonical text: length a multiple of 4, '=' only as the last
// one or two characters, unused bits of the last character zero. So decoding
// then encoding gives the text back, and equal bytes mean equal text.
Base64Decoded base64_decode(std::string_view text);

}  // namespace localcloud::dynamodb::model
