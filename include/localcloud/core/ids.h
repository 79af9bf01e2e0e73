// Identifiers shaped like AWS's: request ids (UUID v4), resource ids, ARNs.
// All functions are thread-safe; each thread draws from its own generator.
#pragma once

#include <string>
#include <string_view>

namespace localcloud::ids {

inline constexpr std::string_view kDefaultAccountId = "000000000000";
inline constexpr std::string_view kDefaultRegion = "us-east-1";

// A random RFC 4122 version-4 UUID in lowercase 8-4-4-4-12 form.
std::string uuid4();

// `length` random characters from [a-z0-9], as API Gateway's ids (length 10).
std::string lower_alnum(size_t length);

// arn:aws:{service}:{region}:{account}:{resource}
std::string arn(std::string_view service, std::string_view region, std::string_view account,
                std::string_view resource);

}  // namespace localcloud::ids
