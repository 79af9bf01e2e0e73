// The config file's validation (provision::validate) on arbitrary JSON, with
// code paths resolved against a scratch directory holding one code
// directory ("fn"): only ConfigError, naming a JSON path, may come out.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_support.h"
#include "localcloud/provision/provision.h"

using namespace localcloud;
namespace fs = std::filesystem;

namespace {

const fs::path& base_dir() {
  static const fs::path dir = [] {
    std::string pattern = fs::temp_directory_path().string() + "/localcloud-fuzz-config-XXXXXX";
    fuzz::require(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    fs::create_directory(fs::path(pattern) / "fn");
    std::atexit([] { fs::remove_all(base_dir()); });
    return fs::path(pattern);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc = nlohmann::json::parse(data, data + size, nullptr, false);
  if (doc.is_discarded()) return 0;
  try {
    provision::validate(doc, base_dir());
  } catch (const provision::ConfigError& e) {
    fuzz::require(std::string(e.what()).starts_with("$"), "a config error without its path",
                  e.what());
  }
  return 0;
}
