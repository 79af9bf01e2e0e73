// The config file's shape. Checked before the server starts so that a bad
// file exits with status 2 and one line naming the problem's JSON path;
// what the services themselves validate (key schemas, runtimes, limits) is
// reported the same way when applying.
#include <set>

#include "localcloud/provision/provision.h"

namespace localcloud::provision {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ConfigError(path + ": " + what);
}

const json& member(const json& object, const std::string& path, const char* key,
                   json::value_t type, bool required) {
  static const json kNull;
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) fail(path, std::string("missing \"") + key + "\"");
    return kNull;
  }
  bool ok = it->type() == type ||
            (type == json::value_t::number_integer && it->is_number_integer());
  if (!ok) {
    const char* names[] = {"null", "an object", "an array", "a string", "true or false",
                           "an integer", "an integer", "a number"};
    fail(path + "." + key, std::string("must be ") + names[static_cast<int>(type)]);
  }
  return *it;
}

void only(const json& object, const std::string& path, std::set<std::string> allowed) {
  for (const auto& [key, value] : object.items())
    if (!allowed.count(key)) fail(path + "." + key, "unknown member");
}

void check_tables(const json& tables) {
  std::set<std::string> names;
  for (size_t i = 0; i < tables.size(); ++i) {
    std::string path = "$.tables[" + std::to_string(i) + "]";
    const json& t = tables[i];
    if (!t.is_object()) fail(path, "must be an object (a CreateTable request)");
    const auto& name = member(t, path, "TableName", json::value_t::string, true);
    member(t, path, "KeySchema", json::value_t::array, true);
    member(t, path, "AttributeDefinitions", json::value_t::array, true);
    member(t, path, "Items", json::value_t::array, false);
    member(t, path, "SeedFunction", json::value_t::string, false);
    if (!names.insert(name.get<std::string>()).second) fail(path + ".TableName", "declared twice");
  }
}

void check_functions(const json& functions, const std::filesystem::path& base) {
  std::set<std::string> names;
  for (size_t i = 0; i < functions.size(); ++i) {
    std::string path = "$.functions[" + std::to_string(i) + "]";
    const json& f = functions[i];
    if (!f.is_object()) fail(path, "must be an object");
    only(f, path, {"FunctionName", "Runtime", "Handler", "Code", "Description", "Timeout",
                   "MemorySize", "Environment", "ReservedConcurrentExecutions", "Role"});
    const auto& name = member(f, path, "FunctionName", json::value_t::string, true);
    const auto& runtime = member(f, path, "Runtime", json::value_t::string, true);
    member(f, path, "Handler", json::value_t::string, true);
    member(f, path, "Description", json::value_t::string, false);
    member(f, path, "Role", json::value_t::string, false);
    member(f, path, "Timeout", json::value_t::number_integer, false);
    member(f, path, "MemorySize", json::value_t::number_integer, false);
    member(f, path, "ReservedConcurrentExecutions", json::value_t::number_integer, false);
    const auto& env = member(f, path, "Environment", json::value_t::object, false);
    if (env.is_object()) {
      only(env, path + ".Environment", {"Variables"});
      const auto& vars = member(env, path + ".Environment", "Variables", json::value_t::object, false);
      for (const auto& [k, v] : vars.items())
        if (!v.is_string()) fail(path + ".Environment.Variables." + k, "must be a string");
    }
    bool native = runtime == "localcloud.cpp";
    const auto& code = member(f, path, "Code", json::value_t::string, !native);
    if (code.is_string()) {
      auto dir = base / code.get<std::string>();
      std::error_code ec;
      if (!std::filesystem::is_directory(dir, ec))
        fail(path + ".Code", "no directory " + dir.lexically_normal().string());
    }
    if (!names.insert(name.get<std::string>()).second)
      fail(path + ".FunctionName", "declared twice");
  }
}

void check_apis(const json& apis, const json& doc) {
  std::set<std::string> functions;
  if (doc.contains("functions"))
    for (const auto& f : doc["functions"]) functions.insert(f["FunctionName"].get<std::string>());
  int defaults = 0;
  std::set<std::string> names;
  for (size_t i = 0; i < apis.size(); ++i) {
    std::string path = "$.restApis[" + std::to_string(i) + "]";
    const json& a = apis[i];
    if (!a.is_object()) fail(path, "must be an object");
    only(a, path, {"name", "description", "default", "binaryMediaTypes", "resources", "stages"});
    const auto& name = member(a, path, "name", json::value_t::string, true);
    if (!names.insert(name.get<std::string>()).second) fail(path + ".name", "declared twice");
    member(a, path, "description", json::value_t::string, false);
    if (member(a, path, "default", json::value_t::boolean, false) == true) ++defaults;
    member(a, path, "binaryMediaTypes", json::value_t::array, false);
    const auto& resources = member(a, path, "resources", json::value_t::object, true);
    for (const auto& [resource_path, methods] : resources.items()) {
      std::string rpath = path + ".resources[\"" + resource_path + "\"]";
      if (!resource_path.starts_with("/")) fail(rpath, "a resource path starts with /");
      if (!methods.is_object()) fail(rpath, "must map HTTP methods to methods");
      for (const auto& [verb, method] : methods.items()) {
        std::string mpath = rpath + "." + verb;
        static const std::set<std::string> kVerbs = {"GET", "POST", "PUT", "DELETE", "PATCH",
                                                     "HEAD", "OPTIONS", "ANY"};
        if (!kVerbs.count(verb)) fail(mpath, "not an HTTP method API Gateway knows");
        if (!method.is_object()) fail(mpath, "must be an object");
        only(method, mpath, {"integration", "authorizationType", "apiKeyRequired"});
        const auto& integration =
            member(method, mpath, "integration", json::value_t::object, true);
        std::string ipath = mpath + ".integration";
        only(integration, ipath, {"type", "function", "uri", "httpMethod", "requestTemplates",
                                  "passthroughBehavior", "timeoutInMillis", "responses"});
        const auto& type = member(integration, ipath, "type", json::value_t::string, true);
        static const std::set<std::string> kTypes = {"AWS", "AWS_PROXY", "MOCK", "HTTP_PROXY"};
        if (!kTypes.count(type.get<std::string>()))
          fail(ipath + ".type", "must be AWS, AWS_PROXY, MOCK or HTTP_PROXY");
        if (type == "AWS" || type == "AWS_PROXY") {
          const auto& fn = member(integration, ipath, "function", json::value_t::string, true);
          if (!functions.count(fn.get<std::string>()))
            fail(ipath + ".function", "no function \"" + fn.get<std::string>() +
                                          "\" in $.functions");
        }
        if (type == "HTTP_PROXY") member(integration, ipath, "uri", json::value_t::string, true);
        member(integration, ipath, "requestTemplates", json::value_t::object, false);
        member(integration, ipath, "responses", json::value_t::array, false);
      }
    }
    const auto& stages = member(a, path, "stages", json::value_t::object, true);
    if (stages.empty()) fail(path + ".stages", "needs at least one stage");
    for (const auto& [stage, spec] : stages.items()) {
      std::string spath = path + ".stages." + stage;
      if (!spec.is_object()) fail(spath, "must be an object");
      only(spec, spath, {"variables", "description"});
      const auto& vars = member(spec, spath, "variables", json::value_t::object, false);
      for (const auto& [k, v] : vars.items())
        if (!v.is_string()) fail(spath + ".variables." + k, "must be a string");
    }
  }
  if (defaults > 1) fail("$.restApis", "only one API may be the default");
}

// {"keys": [{"accessKeyId": "...", "secretAccessKey": "..."}]}: the keys
// --require-auth accepts.
void check_auth(const json& auth) {
  if (auth.is_null()) return;
  only(auth, "$.auth", {"keys"});
  const auto& keys = member(auth, "$.auth", "keys", json::value_t::array, true);
  std::set<std::string> ids;
  for (size_t i = 0; i < keys.size(); ++i) {
    std::string path = "$.auth.keys[" + std::to_string(i) + "]";
    const json& k = keys[i];
    if (!k.is_object()) fail(path, "must be an object");
    only(k, path, {"accessKeyId", "secretAccessKey"});
    const auto& id = member(k, path, "accessKeyId", json::value_t::string, true);
    const auto& secret = member(k, path, "secretAccessKey", json::value_t::string, true);
    const std::string& text = id.get_ref<const std::string&>();
    if (text.empty() || text.find_first_of("/ ,=") != std::string::npos)
      fail(path + ".accessKeyId", "must be non-empty, without '/', ',', '=' or spaces");
    if (secret.get_ref<const std::string&>().empty())
      fail(path + ".secretAccessKey", "must not be empty");
    if (!ids.insert(text).second) fail(path + ".accessKeyId", "declared twice");
  }
}

}  // namespace

void validate(const json& doc, const std::filesystem::path& base_dir) {
  if (!doc.is_object()) fail("$", "must be an object");
  only(doc, "$", {"$comment", "tables", "functions", "restApis", "auth"});
  check_auth(member(doc, "$", "auth", json::value_t::object, false));
  check_tables(member(doc, "$", "tables", json::value_t::array, false));
  check_functions(member(doc, "$", "functions", json::value_t::array, false), base_dir);
  check_apis(member(doc, "$", "restApis", json::value_t::array, false), doc);
  for (const auto& t : doc.value("tables", json::array()))
    if (t.contains("SeedFunction")) {
      bool found = false;
      for (const auto& f : doc.value("functions", json::array()))
        found = found || f["FunctionName"] == t["SeedFunction"];
      if (!found)
        fail("$.tables[].SeedFunction", "no function \"" + t["SeedFunction"].get<std::string>() +
                                            "\" in $.functions");
    }
}

}  // namespace localcloud::provision
