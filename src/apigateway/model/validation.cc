#include "model/validation.h"

#include <cctype>
#include <regex>
#include <vector>

#include "errors.h"

namespace localcloud::apigateway::model {
namespace {

bool is_variable(std::string_view part) {
  return part.size() > 2 && part.front() == '{' && part.back() == '}';
}
bool is_greedy(std::string_view part) { return is_variable(part) && part.ends_with("+}"); }

bool valid_part(std::string_view part) {
  if (part.empty()) return false;
  std::string_view name = part;
  if (is_variable(part)) {
    name = part.substr(1, part.size() - (is_greedy(part) ? 3 : 2));
    if (name.empty()) return false;
  }
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' &&
        !(c == ':' && !is_variable(part)))
      return false;
  return true;
}

constexpr const char* kTemplateUnsupported =
    "localcloud cannot evaluate mapping templates yet: the template for '{ct}' uses VTL "
    "($ references or # directives); use a static template, or a proxy integration";

std::string replace_ct(std::string message, std::string_view ct) {
  auto at = message.find("{ct}");
  message.replace(at, 4, ct);
  return message;
}

bool valid_content_type(std::string_view ct) {
  auto slash = ct.find('/');
  return slash != std::string_view::npos && slash > 0 && slash + 1 < ct.size();
}

}  // namespace

void check_new_child(const Resources& resources, const Resource& parent,
                     std::string_view path_part, const std::string* ignore_id) {
  if (!valid_part(path_part))
    throw errors::bad_request(
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the "
        "end and an optional plus sign before the closing brace.");
  if (is_greedy(parent.path_part))
    throw errors::bad_request("Cannot create a child of a resource with a greedy path variable: " +
                              parent.path_part);
  for (const auto& [id, r] : resources) {
    if (!r.parent_id || *r.parent_id != parent.id || (ignore_id && id == *ignore_id)) continue;
    if (r.path_part == path_part)
      throw errors::conflict("Another resource with the same parent already has this name: " +
                             std::string(path_part));
    if (is_variable(path_part) && is_variable(r.path_part))
      throw errors::bad_request("A sibling (" + r.path_part +
                                ") of this resource already has a variable path part -- only one "
                                "is allowed");
  }
}

void check_http_method(std::string_view method) {
  for (std::string_view m : {"GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"})
    if (m == method) return;
  throw errors::bad_request(
      "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
}

void check_status_code(std::string_view code) {
  if (code.size() == 3 && code[0] >= '1' && code[0] <= '5' && std::isdigit(uint8_t(code[1])) &&
      std::isdigit(uint8_t(code[2])))
    return;
  throw errors::bad_request("Invalid status code specified: " + std::string(code));
}

// arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/\d{4}-\d{2}-\d{2}/functions/(.+)/invocations,
// read by hand: every Lambda integration asks on every request, and a regex costs microseconds.
std::optional<std::string> lambda_function_of(std::string_view uri) {
  auto take = [&uri](std::string_view literal) {
    if (!uri.starts_with(literal)) return false;
    uri.remove_prefix(literal.size());
    return true;
  };
  // At least `min` leading characters of `allowed`, then `end`.
  auto run_then = [&uri](size_t min, auto allowed, std::string_view end) {
    size_t n = 0;
    while (n < uri.size() && allowed(uri[n])) ++n;
    if (n < min || uri.substr(n, end.size()) != end) return false;
    uri.remove_prefix(n + end.size());
    return true;
  };
  auto lower_or_dash = [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; };
  auto region_char = [lower_or_dash](char c) { return lower_or_dash(c) || (c >= '0' && c <= '9'); };
  auto digits = [&uri](size_t n, char then) {
    if (uri.size() <= n || uri[n] != then) return false;
    for (size_t i = 0; i < n; ++i)
      if (uri[i] < '0' || uri[i] > '9') return false;
    uri.remove_prefix(n + 1);
    return true;
  };
  constexpr std::string_view kEnd = "/invocations";
  if (!take("arn:aws") || !run_then(0, lower_or_dash, ":apigateway:") ||
      !run_then(1, region_char, ":lambda:path/") || !digits(4, '-') || !digits(2, '-') ||
      !digits(2, '/') || !take("functions/") || uri.size() <= kEnd.size() || !uri.ends_with(kEnd))
    return std::nullopt;
  std::string_view function = uri.substr(0, uri.size() - kEnd.size());
  // The pattern's "." matches no line terminator.
  if (function.find_first_of("\r\n") != std::string_view::npos) return std::nullopt;
  return std::string(function);
}

bool is_static_template(std::string_view text) {
  return text.find('$') == std::string_view::npos && text.find('#') == std::string_view::npos;
}

std::optional<int> mock_status_of(std::string_view request_template) {
  static const std::regex pattern(R"(\s*\{\s*"statusCode"\s*:\s*(\d{3})\s*\}\s*)");
  std::cmatch m;
  if (!std::regex_match(request_template.begin(), request_template.end(), m, pattern))
    return std::nullopt;
  return std::stoi(m[1].str());
}

bool is_static_parameter(std::string_view value) {
  return value.size() >= 2 && value.front() == '\'' && value.back() == '\'';
}

void check_integration(const Integration& i) {
  const std::string& t = i.type;
  if (t != "AWS" && t != "AWS_PROXY" && t != "HTTP" && t != "HTTP_PROXY" && t != "MOCK")
    throw errors::bad_request(
        "1 validation error detected: Value '" + t +
        "' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum "
        "value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]");
  if (t != "MOCK") {
    if (!i.http_method || i.http_method->empty())
      throw errors::bad_request("Enumeration value for HttpMethod must be non-empty");
    if (!i.uri || i.uri->empty())
      throw errors::bad_request(t.starts_with("AWS") ? "Invalid ARN specified in the request"
                                                     : "Invalid HTTP endpoint specified for URI");
  }
  if (t == "AWS" || t == "AWS_PROXY") {
    std::string_view uri = *i.uri;
    // arn:{partition}:{service}:{region}:{account or service}:{path/... or action/...}
    std::vector<std::string_view> fields;
    for (size_t start = 0, n = 0; n < 6; ++n) {
      size_t colon = n == 5 ? std::string_view::npos : uri.find(':', start);
      fields.push_back(uri.substr(start, colon == std::string_view::npos ? colon : colon - start));
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    if (fields.size() < 6 || fields[0] != "arn" || fields[2].empty())
      throw errors::bad_request("Invalid ARN specified in the request");
    if (!fields[5].starts_with("path/") && !fields[5].starts_with("action/"))
      throw errors::bad_request("AWS ARN for integration must contain path or action");
    if (!lambda_function_of(uri)) {
      if (t == "AWS_PROXY")
        throw errors::bad_request(
            "Integrations of type 'AWS_PROXY' currently only supports Lambda function and "
            "Firehose stream invocations.");
      throw errors::bad_request(
          "localcloud runs integrations of type 'AWS' only for Lambda functions "
          "(arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations)");
    }
  }
  if (t == "HTTP" || t == "HTTP_PROXY") {
    std::string_view uri = *i.uri;
    if (!uri.starts_with("http://") && !uri.starts_with("https://"))
      throw errors::bad_request("Invalid HTTP endpoint specified for URI");
    if (uri.starts_with("https://"))
      throw errors::bad_request(
          "localcloud forwards HTTP integrations over plain http:// only; https:// endpoints "
          "are not supported");
  }
  if (i.timeout_ms < 50 || i.timeout_ms > 29000)
    throw errors::bad_request("Timeout should be between 50 ms and 29000 ms");
  const std::string& pb = i.passthrough_behavior;
  if (pb != "WHEN_NO_MATCH" && pb != "WHEN_NO_TEMPLATES" && pb != "NEVER")
    throw errors::bad_request("Invalid passthrough behavior specified: " + pb);
  if (i.content_handling && *i.content_handling != "CONVERT_TO_TEXT" &&
      *i.content_handling != "CONVERT_TO_BINARY")
    throw errors::bad_request("Invalid content handling specified: " + *i.content_handling);
  for (const auto& [ct, text] : i.request_templates) {
    if (!valid_content_type(ct))
      throw errors::bad_request(
          "Validation Result: warnings : [], errors : [Invalid content type specified: " + ct +
          "]");
    if (t == "MOCK" && mock_status_of(text)) continue;
    if (!is_static_template(text))
      throw errors::bad_request(replace_ct(kTemplateUnsupported, ct));
  }
  if (i.request_parameters.is_object() && !i.request_parameters.empty() && t != "HTTP_PROXY")
    throw errors::bad_request(
        "localcloud does not map integration request parameters yet; remove requestParameters "
        "or use an HTTP_PROXY integration");
}

void check_integration_response(const IntegrationResponse& r) {
  check_status_code(r.status_code);
  if (r.selection_pattern) {
    try {
      std::regex(*r.selection_pattern);
    } catch (const std::regex_error&) {
      throw errors::bad_request("Invalid selection pattern specified: " + *r.selection_pattern);
    }
  }
  if (r.response_templates)
    for (const auto& [ct, text] : *r.response_templates) {
      if (!valid_content_type(ct))
        throw errors::bad_request(
            "Validation Result: warnings : [], errors : [Invalid content type specified: " + ct +
            "]");
      if (text && !is_static_template(*text))
        throw errors::bad_request(replace_ct(kTemplateUnsupported, ct));
    }
  for (const auto& [name, value] : r.response_parameters)
    if (!is_static_parameter(value))
      throw errors::bad_request("localcloud maps only static response parameters ('value') yet: " +
                                name + " = " + value);
}

}  // namespace localcloud::apigateway::model
