#include "api/patch.h"

#include <algorithm>
#include <cctype>

#include "errors.h"

namespace localcloud::apigateway::api {

std::vector<std::string> PatchOp::segments() const {
  std::vector<std::string> out;
  std::string_view p = path;
  if (p.starts_with('/')) p.remove_prefix(1);
  while (true) {
    size_t slash = p.find('/');
    std::string seg(p.substr(0, slash));
    std::string unescaped;
    for (size_t i = 0; i < seg.size(); ++i) {
      if (seg[i] == '~' && i + 1 < seg.size() && (seg[i + 1] == '0' || seg[i + 1] == '1')) {
        unescaped.push_back(seg[i + 1] == '1' ? '/' : '~');
        ++i;
      } else {
        unescaped.push_back(seg[i]);
      }
    }
    out.push_back(std::move(unescaped));
    if (slash == std::string_view::npos) break;
    p.remove_prefix(slash + 1);
  }
  return out;
}

const std::string& PatchOp::text() const {
  static const std::string empty;
  return value ? *value : empty;
}

std::vector<PatchOp> parse_patch(const model::Json& body) {
  std::vector<PatchOp> ops;
  auto it = body.find("patchOperations");
  if (it == body.end() || it->is_null()) return ops;
  if (!it->is_array()) throw errors::bad_request("Invalid patch operations specified");
  for (const auto& j : *it) {
    if (!j.is_object()) throw errors::bad_request("Invalid patch operations specified");
    PatchOp op;
    op.op = j.value("op", "");
    op.path = j.value("path", "");
    if (auto v = j.find("value"); v != j.end() && v->is_string()) op.value = v->get<std::string>();
    ops.push_back(std::move(op));
  }
  return ops;
}

bool patch_bool(const PatchOp& op) {
  std::string v = op.text();
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v == "true") return true;
  if (v == "false") return false;
  throw errors::bad_request("Invalid boolean value specified: " + op.text() + " for path " +
                            op.path);
}

}  // namespace localcloud::apigateway::api
