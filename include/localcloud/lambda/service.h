// The Lambda service: the function API (REST-JSON under /2015-03-31/functions
// and its sibling API versions), keeping functions in the shared SQLite
// store and their code in directories on disk.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "localcloud/http/service.h"
#include "localcloud/sqlite/store.h"

namespace localcloud::lambda {

struct ServiceOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Where deployment packages are unpacked: <data-dir>/lambda. Empty means
  // a fresh temporary directory, removed when the service is destroyed
  // (the --in-memory mode).
  std::filesystem::path code_root;
};

// Migrates the store's Lambda schema, sweeps code directories no function
// owns, then returns the service. `store` must outlive it. Throws
// std::filesystem::filesystem_error if the code root cannot be created.
std::shared_ptr<http::Service> make_service(sqlite::Store& store, ServiceOptions options = {});

}  // namespace localcloud::lambda
