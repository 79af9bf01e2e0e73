#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "code/base64.h"
#include "code/sha256.h"
#include "dir_zip.h"
#include "local_call.h"
#include "localcloud/provision/provision.h"

namespace localcloud::provision {
namespace {

using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr const char* kRegion = "us-east-1";
constexpr const char* kAccount = "000000000000";
constexpr const char* kDefaultRole = "arn:aws:iam::000000000000:role/localcloud-config";
constexpr const char* kConfigTag = "localcloud:config";

std::string function_arn(const std::string& name) {
  return std::string("arn:aws:lambda:") + kRegion + ":" + kAccount + ":function:" + name;
}

std::string lambda_uri(const std::string& function) {
  return std::string("arn:aws:apigateway:") + kRegion +
         ":lambda:path/2015-03-31/functions/" + function_arn(function) + "/invocations";
}

// A stable fingerprint of a declaration (FNV-1a 64 over its JSON text).
std::string fingerprint(const nlohmann::json& value) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : value.dump()) h = (h ^ c) * 1099511628211ull;
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// DocumentClient-style marshalling of seed items.
ojson marshall(const nlohmann::json& v) {
  if (v.is_string()) return ojson{{"S", v}};
  if (v.is_boolean()) return ojson{{"BOOL", v}};
  if (v.is_null()) return ojson{{"NULL", true}};
  if (v.is_number()) return ojson{{"N", v.dump()}};
  if (v.is_array()) {
    auto list = ojson::array();
    for (const auto& e : v) list.push_back(marshall(e));
    return ojson{{"L", list}};
  }
  auto map = ojson::object();
  for (const auto& [k, e] : v.items()) map[k] = marshall(e);
  return ojson{{"M", map}};
}

}  // namespace

class Provisioner::Impl {
 public:
  Impl(nlohmann::json doc, fs::path base, http::Handler& router,
       std::shared_ptr<apigateway::Service> apigateway)
      : doc_(std::move(doc)), base_(std::move(base)), call_(router),
        apigateway_(std::move(apigateway)) {}

  ~Impl() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (watcher_.joinable()) watcher_.join();
  }

  void apply() {
    std::vector<std::string> created_tables;
    for (const auto& [i, table] : indexed("tables"))
      if (apply_table(i, table)) created_tables.push_back(table["TableName"]);
    for (const auto& [i, function] : indexed("functions")) apply_function(i, function);
    for (const auto& [i, api] : indexed("restApis")) apply_api(i, api);
    for (const auto& [i, table] : indexed("tables")) {
      std::string name = table["TableName"];
      if (std::find(created_tables.begin(), created_tables.end(), name) == created_tables.end())
        continue;
      seed(i, table);
    }
  }

  void watch() {
    for (const auto& [i, f] : indexed("functions")) {
      if (!f.contains("Code")) continue;
      fs::path dir = (base_ / f["Code"].get<std::string>()).lexically_normal();
      watched_.push_back({f["FunctionName"], dir, directory_signature(dir)});
    }
    if (watched_.empty()) return;
    watcher_ = std::thread([this] { watch_loop(); });
  }

 private:
  struct Watched {
    std::string function;
    fs::path dir;
    std::string signature;
  };

  std::vector<std::pair<size_t, nlohmann::json>> indexed(const char* key) const {
    std::vector<std::pair<size_t, nlohmann::json>> out;
    if (auto it = doc_.find(key); it != doc_.end())
      for (size_t i = 0; i < it->size(); ++i) out.emplace_back(i, (*it)[i]);
    return out;
  }

  [[noreturn]] static void refused(const std::string& path, const LocalAnswer& answer) {
    throw ConfigError(path + ": " + answer.error_message());
  }

  // Creates the table unless it exists; true if it was created now.
  bool apply_table(size_t i, const nlohmann::json& table) {
    std::string path = "$.tables[" + std::to_string(i) + "]";
    std::string name = table["TableName"];
    auto described = call_.json("DynamoDB_20120810.DescribeTable", ojson{{"TableName", name}});
    if (described.status == 200) {
      add_missing_indexes(path, table, described.body["Table"]);
      return false;
    }
    ojson request = ojson::parse(table.dump());
    request.erase("Items");
    request.erase("SeedFunction");
    if (!request.contains("BillingMode") && !request.contains("ProvisionedThroughput"))
      request["BillingMode"] = "PAY_PER_REQUEST";
    auto created = call_.json("DynamoDB_20120810.CreateTable", request);
    if (created.status != 200) refused(path, created);
    spdlog::info("config: created table {}", name);
    return true;
  }

  // An existing table keeps its items and indexes; a GSI the config
  // declares but the table lacks is added (and built from the items), one
  // UpdateTable at a time as AWS allows.
  void add_missing_indexes(const std::string& path, const nlohmann::json& table,
                           const ojson& existing) {
    std::string name = table["TableName"];
    size_t added = 0;
    auto declared = table.find("GlobalSecondaryIndexes");
    if (declared != table.end()) {
      for (size_t k = 0; k < declared->size(); ++k) {
        const auto& index = (*declared)[k];
        bool present = false;
        for (const auto& e : existing.value("GlobalSecondaryIndexes", ojson::array()))
          // As text: comparing an ordered_json with a json is ambiguous to clang.
          present = present || e["IndexName"].dump() == index["IndexName"].dump();
        if (present) continue;
        ojson create = ojson::parse(index.dump());
        ojson request = {{"TableName", name},
                         {"AttributeDefinitions", ojson::parse(table["AttributeDefinitions"].dump())},
                         {"GlobalSecondaryIndexUpdates", ojson::array({{{"Create", create}}})}};
        auto updated = call_.json("DynamoDB_20120810.UpdateTable", request);
        if (updated.status != 200)
          refused(path + ".GlobalSecondaryIndexes[" + std::to_string(k) + "]", updated);
        spdlog::info("config: table {}: added index {}", name, index["IndexName"].get<std::string>());
        ++added;
      }
    }
    if (added == 0) spdlog::info("config: table {} exists; left as it is", name);
  }

  void seed(size_t i, const nlohmann::json& table) {
    std::string path = "$.tables[" + std::to_string(i) + "]";
    std::string name = table["TableName"];
    if (auto items = table.find("Items"); items != table.end()) {
      for (size_t k = 0; k < items->size(); ++k) {
        auto put = call_.json("DynamoDB_20120810.PutItem",
                              ojson{{"TableName", name}, {"Item", marshall((*items)[k])["M"]}});
        if (put.status != 200) refused(path + ".Items[" + std::to_string(k) + "]", put);
      }
      spdlog::info("config: seeded table {} with {} items", name, items->size());
    }
    if (auto fn = table.find("SeedFunction"); fn != table.end()) {
      std::string function = *fn;
      auto r = call_.rest("POST", "/2015-03-31/functions/" + url_encode(function) + "/invocations");
      if (r.status != 200) refused(path + ".SeedFunction", r);
      spdlog::info("config: seeded table {} by invoking {}: {}", name, function, r.text);
    }
  }

  std::string zip_of(const nlohmann::json& f) {
    if (!f.contains("Code")) return zip_directory_empty();
    return zip_directory(base_ / f["Code"].get<std::string>());
  }

  // Functions of runtime localcloud.cpp have no code of their own; Lambda
  // still wants a package.
  static std::string zip_directory_empty() {
    static const std::string kPackage = zip_entries(
        {{"README", 0644, "An in-process C++ handler compiled into localcloud (handlers/).\n"}});
    return kPackage;
  }

  void apply_function(size_t i, const nlohmann::json& f) {
    std::string path = "$.functions[" + std::to_string(i) + "]";
    std::string name = f["FunctionName"];
    std::string zip;
    try {
      zip = zip_of(f);
    } catch (const std::exception& e) {
      throw ConfigError(path + ".Code: " + e.what());
    }
    ojson config{{"Runtime", f["Runtime"]},
                 {"Handler", f["Handler"]},
                 {"Role", f.value("Role", std::string(kDefaultRole))},
                 {"Description", f.value("Description", std::string())},
                 {"Timeout", f.value("Timeout", 3)},
                 {"MemorySize", f.value("MemorySize", 128)},
                 {"Environment",
                  {{"Variables", f.contains("Environment")
                                     ? ojson::parse(f["Environment"].value("Variables",
                                                                           nlohmann::json::object())
                                                        .dump())
                                     : ojson::object()}}}};
    auto existing = call_.rest("GET", "/2015-03-31/functions/" + url_encode(name));
    if (existing.status == 404) {
      ojson create = config;
      create["FunctionName"] = name;
      create["Code"] = {{"ZipFile", lambda::code::base64_encode(zip)}};
      auto r = call_.rest("POST", "/2015-03-31/functions", &create);
      if (r.status != 201) refused(path, r);
      spdlog::info("config: created function {}", name);
    } else if (existing.status == 200) {
      const auto& current = existing.body["Configuration"];
      if (current.value("CodeSha256", "") != lambda::code::sha256_base64(zip)) {
        ojson update{{"ZipFile", lambda::code::base64_encode(zip)}};
        auto r = call_.rest("PUT", "/2015-03-31/functions/" + url_encode(name) + "/code", &update);
        if (r.status != 200) refused(path + ".Code", r);
        spdlog::info("config: updated the code of function {}", name);
      }
      bool differs = false;
      for (const auto& [key, value] : config.items()) {
        if (key == "Environment") {
          auto vars = current.contains("Environment")
                          ? current["Environment"].value("Variables", ojson::object())
                          : ojson::object();
          differs = differs || vars != value["Variables"];
        } else {
          differs = differs || current.value(key, ojson()) != value;
        }
      }
      if (differs) {
        auto r = call_.rest("PUT", "/2015-03-31/functions/" + url_encode(name) + "/configuration",
                            &config);
        if (r.status != 200) refused(path, r);
        spdlog::info("config: updated the configuration of function {}", name);
      }
    } else {
      refused(path, existing);
    }
    if (f.contains("ReservedConcurrentExecutions")) {
      ojson body{{"ReservedConcurrentExecutions", f["ReservedConcurrentExecutions"]}};
      auto r = call_.rest("PUT", "/2017-10-31/functions/" + url_encode(name) + "/concurrency",
                          &body);
      if (r.status != 200) refused(path + ".ReservedConcurrentExecutions", r);
    }
  }

  // An API the config declares is created whole and tagged with the
  // declaration's fingerprint; a later apply with the same declaration
  // reuses it, a changed declaration replaces it (APIs hold no user data).
  // An API of the same name the config did not make is left alone.
  void apply_api(size_t i, const nlohmann::json& api) {
    std::string path = "$.restApis[" + std::to_string(i) + "]";
    std::string name = api["name"], print = fingerprint(api);
    auto list = call_.rest("GET", "/restapis?limit=500");
    if (list.status != 200) refused(path, list);
    std::string id;
    for (const auto& item : list.body.value("item", ojson::array())) {
      if (item.value("name", "") != name) continue;
      auto tags = item.value("tags", ojson::object());
      if (!tags.contains(kConfigTag)) {
        throw ConfigError(path + ": an API called " + name + " (" + item.value("id", "") +
                          ") exists that this config did not create; rename one of them");
      }
      if (tags[kConfigTag] == print) {
        id = item["id"];
      } else {
        auto r = call_.rest("DELETE", "/restapis/" + item["id"].get<std::string>());
        if (r.status != 202 && r.status != 200) refused(path, r);
        spdlog::info("config: API {} changed; replacing {}", name, item["id"].get<std::string>());
      }
    }
    if (id.empty()) id = create_api(path, api, print);
    if (api.value("default", false) || doc_["restApis"].size() == 1)
      apigateway_->set_default_rest_api(id);
  }

  std::string create_api(const std::string& path, const nlohmann::json& api,
                         const std::string& print) {
    ojson request{{"name", api["name"]}, {"tags", {{kConfigTag, print}}}};
    if (api.contains("description")) request["description"] = api["description"];
    if (api.contains("binaryMediaTypes"))
      request["binaryMediaTypes"] = ojson::parse(api["binaryMediaTypes"].dump());
    auto created = call_.rest("POST", "/restapis", &request);
    if (created.status != 201) refused(path, created);
    std::string id = created.body["id"];

    auto resources = call_.rest("GET", "/restapis/" + id + "/resources");
    std::map<std::string, std::string> ids;  // path → resource id
    for (const auto& r : resources.body.value("item", ojson::array()))
      ids[r["path"].get<std::string>()] = r["id"];

    for (const auto& [resource_path, methods] : api["resources"].items()) {
      std::string rpath = path + ".resources[\"" + resource_path + "\"]";
      std::string resource = ensure_resource(rpath, id, resource_path, ids);
      for (const auto& [verb, method] : methods.items())
        put_method(rpath + "." + verb, id, resource, verb, method);
    }
    for (const auto& [stage, spec] : api["stages"].items()) {
      ojson deployment{{"stageName", stage}};
      if (spec.contains("variables")) deployment["variables"] = ojson::parse(spec["variables"].dump());
      if (spec.contains("description")) deployment["stageDescription"] = spec["description"];
      auto r = call_.rest("POST", "/restapis/" + id + "/deployments", &deployment);
      if (r.status != 201) refused(path + ".stages." + stage, r);
    }
    spdlog::info("config: created API {} ({}) and deployed {} stage(s)",
                 api["name"].get<std::string>(), id, api["stages"].size());
    return id;
  }

  std::string ensure_resource(const std::string& path, const std::string& api,
                              const std::string& resource_path,
                              std::map<std::string, std::string>& ids) {
    if (auto it = ids.find(resource_path); it != ids.end()) return it->second;
    size_t slash = resource_path.rfind('/');
    std::string parent_path = slash == 0 ? "/" : resource_path.substr(0, slash);
    std::string parent = ensure_resource(path, api, parent_path, ids);
    ojson body{{"pathPart", resource_path.substr(slash + 1)}};
    auto r = call_.rest("POST", "/restapis/" + api + "/resources/" + parent, &body);
    if (r.status != 201) refused(path, r);
    return ids[resource_path] = r.body["id"].get<std::string>();
  }

  void put_method(const std::string& path, const std::string& api, const std::string& resource,
                  const std::string& verb, const nlohmann::json& method) {
    std::string base = "/restapis/" + api + "/resources/" + resource + "/methods/" + verb;
    ojson m{{"authorizationType", method.value("authorizationType", std::string("NONE"))},
            {"apiKeyRequired", method.value("apiKeyRequired", false)}};
    auto r = call_.rest("PUT", base, &m);
    if (r.status != 201) refused(path, r);

    const auto& spec = method["integration"];
    std::string type = spec["type"];
    ojson integration{{"type", type}};
    if (type == "AWS" || type == "AWS_PROXY") {
      integration["httpMethod"] = "POST";
      integration["uri"] = lambda_uri(spec["function"]);
    } else if (type == "HTTP_PROXY") {
      integration["httpMethod"] = spec.value("httpMethod", std::string("ANY"));
      integration["uri"] = spec["uri"];
    }
    if (spec.contains("requestTemplates"))
      integration["requestTemplates"] = ojson::parse(spec["requestTemplates"].dump());
    else if (type == "MOCK")
      integration["requestTemplates"] = {{"application/json", "{\"statusCode\": 200}"}};
    if (spec.contains("passthroughBehavior")) integration["passthroughBehavior"] = spec["passthroughBehavior"];
    if (spec.contains("timeoutInMillis")) integration["timeoutInMillis"] = spec["timeoutInMillis"];
    r = call_.rest("PUT", base + "/integration", &integration);
    if (r.status != 201) refused(path + ".integration", r);

    if (type == "AWS_PROXY" || type == "HTTP_PROXY") return;
    // What the console creates for a non-proxy method: a 200 method response
    // with the Empty model, and a default integration response.
    auto responses = spec.value("responses", nlohmann::json::array({{{"statusCode", "200"}}}));
    for (size_t k = 0; k < responses.size(); ++k) {
      const auto& response = responses[k];
      std::string status = response.value("statusCode", std::string("200"));
      ojson method_response{{"responseModels", {{"application/json", "Empty"}}}};
      if (response.contains("responseParameters")) {
        ojson params = ojson::object();
        for (const auto& [key, value] : response["responseParameters"].items()) params[key] = false;
        method_response["responseParameters"] = params;
      }
      r = call_.rest("PUT", base + "/responses/" + status, &method_response);
      if (r.status != 201) refused(path + ".integration.responses[" + std::to_string(k) + "]", r);
      ojson integration_response = ojson::object();
      if (response.contains("selectionPattern"))
        integration_response["selectionPattern"] = response["selectionPattern"];
      if (response.contains("responseParameters"))
        integration_response["responseParameters"] =
            ojson::parse(response["responseParameters"].dump());
      if (response.contains("responseTemplates"))
        integration_response["responseTemplates"] =
            ojson::parse(response["responseTemplates"].dump());
      r = call_.rest("PUT", base + "/integration/responses/" + status, &integration_response);
      if (r.status != 201) refused(path + ".integration.responses[" + std::to_string(k) + "]", r);
    }
  }

  void watch_loop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, std::chrono::milliseconds(500));
      if (stopping_) break;
      for (auto& w : watched_) {
        std::string now = directory_signature(w.dir);
        if (now == w.signature) continue;
        w.signature = now;
        lock.unlock();
        try {
          std::string zip = zip_directory(w.dir);
          ojson update{{"ZipFile", lambda::code::base64_encode(zip)}};
          auto r = call_.rest("PUT", "/2015-03-31/functions/" + url_encode(w.function) + "/code",
                              &update);
          if (r.status == 200)
            spdlog::info("config: {} changed; function {} runs the new code from its next "
                         "invocation",
                         w.dir.string(), w.function);
          else
            spdlog::warn("config: {} changed but the code update of {} failed: {}",
                         w.dir.string(), w.function, r.error_message());
        } catch (const std::exception& e) {
          spdlog::warn("config: {} changed but cannot be packaged: {}", w.dir.string(), e.what());
        }
        lock.lock();
      }
    }
  }

  nlohmann::json doc_;
  fs::path base_;
  LocalCaller call_;
  std::shared_ptr<apigateway::Service> apigateway_;
  std::vector<Watched> watched_;
  std::thread watcher_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

Provisioner::Provisioner(nlohmann::json doc, fs::path base_dir, http::Handler& router,
                         std::shared_ptr<apigateway::Service> apigateway)
    : impl_(std::make_unique<Impl>(std::move(doc), std::move(base_dir), router,
                                   std::move(apigateway))) {}
Provisioner::~Provisioner() = default;
void Provisioner::apply() { impl_->apply(); }
void Provisioner::watch() { impl_->watch(); }

}  // namespace localcloud::provision
