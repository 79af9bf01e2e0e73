// Which function a request names: the FunctionName path parameter (name,
// partial ARN or full ARN) with the optional Qualifier query parameter,
// checked as AWS checks them; and the small helpers operations share to
// look functions up and answer writes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/call.h"
#include "model/names.h"

namespace localcloud::lambda::api {

struct Target {
  std::string name;
  std::optional<std::string> qualifier;  // from the ARN or ?Qualifier=, agreeing
};

// Resolves path parameter `index` as a FunctionName of `form`, merging the
// Qualifier query parameter when `with_qualifier_param`. Throws
// ValidationException (shape, length), ResourceNotFoundException (another
// region), AccessDeniedException (another account) or
// InvalidParameterValueException (ARN and Qualifier disagree).
Target resolve_target(const Context& ctx, const Call& call, model::NameForm form,
                      bool with_qualifier_param = true, size_t index = 0);

// The function called `name`, or throws "Function not found: <arn>" whose
// ARN carries `arn_qualifier` when given.
model::FunctionPtr require_function(const Context& ctx, const std::string& name,
                                    std::string_view arn_qualifier = {});

// ResourceConflictException for a change while another is in flight.
AwsError update_in_progress(const Context& ctx, const std::string& name);

// Milliseconds since the Unix epoch, for LastModified.
int64_t now_ms();

// Turns a FunctionStore completion into a reply: the write's error, or
// `missing()` when the function was gone, or `render(function)`.
using Render = std::function<Outcome(const model::FunctionPtr&)>;
storage::FunctionStore::Done finish(Reply reply, std::function<AwsError()> missing, Render render);

}  // namespace localcloud::lambda::api
