#include "api/code_download.h"

#include "errors.h"

namespace localcloud::lambda::api {

void download_code(Context& ctx, const Call& call, Reply reply) {
  const std::string& name = call.params.at(0);
  std::string file = call.params.at(1);
  auto f = ctx.functions.find(name);
  bool current = f && file == f->config.code.hex + ".zip";
  auto bytes = current ? ctx.code.read_zip(name, f->config.code.hex) : std::nullopt;
  if (!bytes) throw errors::resource_not_found("The resource you requested does not exist.");
  reply(Outcome{200, std::move(*bytes), "application/zip", std::nullopt});
}

}  // namespace localcloud::lambda::api
