#include "api/tag_operations.h"

#include "api/render.h"
#include "api/resolve.h"
#include "api/validation.h"
#include "errors.h"

namespace localcloud::lambda::api {
namespace {

using json = nlohmann::ordered_json;
using model::FunctionPtr;

constexpr const char* kResourcePattern =
    R"(arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:)"
    R"((function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|)"
    R"(code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-)"
    R"([0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+))";

// The function a tagging ARN names. Other Lambda resource kinds do not
// exist in localcloud, so they are not found.
std::string tagged_function(const Context& ctx, const std::string& arn) {
  auto ref = model::parse_function_name(arn, model::NameForm::kPlain);
  bool full_arn = ref && ref->region && ref->account && arn.starts_with("arn:aws") &&
                  arn.find(":function:") != std::string::npos;
  if (!full_arn) {
    Validator v;
    v.check_pattern(arn, "resource", false, kResourcePattern);
    v.throw_if_failed();
  }
  if (ref->qualifier)
    throw errors::invalid_parameter(
        "Tags on function aliases and versions are not supported. Please specify a function ARN.");
  if (*ref->region != ctx.options.region || *ref->account != ctx.options.account_id)
    throw errors::function_not_found(arn);
  return ref->name;
}

}  // namespace

void list_tags(Context& ctx, const Call& call, Reply reply) {
  std::string name = tagged_function(ctx, call.params.at(0));
  auto f = require_function(ctx, name);
  reply(Outcome::json(200, json{{"Tags", f->tags}}));
}

void tag_resource(Context& ctx, const Call& call, Reply reply) {
  std::string name = tagged_function(ctx, call.params.at(0));
  const auto* tags = member(call.body, "Tags", Shape::kMap);
  if (!tags) throw errors::validation(
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member "
      "must not be null");
  std::map<std::string, std::string> added;
  for (const auto& [key, value] : tags->items()) {
    if (!value.is_string()) throw_unparseable("Cannot deserialize value of type `java.lang.String`");
    added[key] = value.get<std::string>();
  }
  if (added.empty())
    throw errors::invalid_parameter("An error occurred and the request cannot be processed.");
  require_function(ctx, name);
  auto change = [added](model::Function& f) {
    auto merged = f.tags;
    for (const auto& [k, v] : added) merged[k] = v;
    if (merged.size() > kMaxTags)
      throw errors::invalid_parameter("Number of tags exceeds resource tag limit.");
    f.tags = std::move(merged);
  };
  ctx.functions.update(
      name, change,
      finish(
          std::move(reply), [&ctx, name] { return errors::function_not_found(arn_of(ctx, name)); },
          [](const FunctionPtr&) { return Outcome::empty(204); }));
}

void untag_resource(Context& ctx, const Call& call, Reply reply) {
  std::string name = tagged_function(ctx, call.params.at(0));
  auto keys = call.query_params("tagKeys");
  if (keys.empty())
    throw errors::validation(
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
        "Member must not be null");
  require_function(ctx, name);
  ctx.functions.update(
      name,
      [keys](model::Function& f) {
        for (const auto& k : keys) f.tags.erase(k);
      },
      finish(
          std::move(reply), [&ctx, name] { return errors::function_not_found(arn_of(ctx, name)); },
          [](const FunctionPtr&) { return Outcome::empty(204); }));
}

}  // namespace localcloud::lambda::api
