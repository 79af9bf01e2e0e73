// The config file: tables, functions and REST APIs declared in JSON and
// applied at start through the services' own APIs (in-process), so what a
// config creates is exactly what the AWS CLI would have created.
//
// Applying is idempotent: what exists and matches is left alone, what is
// missing is created, what changed is updated; user data (items, functions
// and APIs the config does not name) is never touched. Seeds (items, or a
// function to invoke) run only when the apply created their table. Code
// directories are watched: an edit becomes a code update, so the next
// invocation runs it. The format is described in README.md ("Config file").
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "localcloud/apigateway/service.h"
#include "localcloud/http/message.h"

namespace localcloud::provision {

// A problem with the config, naming its JSON path: "$.functions[1].Runtime: ...".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Checks the document's shape (before anything starts). `base_dir` is the
// config file's directory, against which code paths resolve. Throws ConfigError.
void validate(const nlohmann::json& doc, const std::filesystem::path& base_dir);

class Provisioner {
 public:
  // `router` and `apigateway` must outlive this.
  Provisioner(nlohmann::json doc, std::filesystem::path base_dir, http::Handler& router,
              std::shared_ptr<apigateway::Service> apigateway);
  ~Provisioner();  // stops watching

  // Applies the config; needs the server serving (seed functions call back
  // into it). Throws ConfigError when a service refuses a declaration.
  void apply();

  // Starts a thread that turns code directory edits into code updates.
  void watch();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace localcloud::provision
