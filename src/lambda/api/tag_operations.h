// Function tags: ListTags, TagResource and UntagResource (/2017-03-31/tags/{ARN}).
// Only function ARNs name resources localcloud has.
#pragma once

#include "api/call.h"

namespace localcloud::lambda::api {

// AWS's limit of tags per resource.
inline constexpr size_t kMaxTags = 50;

void list_tags(Context& ctx, const Call& call, Reply reply);
void tag_resource(Context& ctx, const Call& call, Reply reply);
void untag_resource(Context& ctx, const Call& call, Reply reply);

}  // namespace localcloud::lambda::api
