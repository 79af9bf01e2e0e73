// AwsError: the one client-visible error type of localcloud.
//
// Domain code throws AwsError (made by named factories: the shared ones below
// or a service's own, kept beside its code); each service catches it in
// exactly one place and serializes it in its protocol's shape (JSON 1.0
// `__type`, REST-JSON `X-Amzn-ErrorType`, API Gateway `{"message": ...}`).
// Anything else that escapes a handler becomes InternalServerError there.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace localcloud {

class AwsError : public std::runtime_error {
 public:
  AwsError(int http_status, std::string code, std::string message)
      : std::runtime_error(std::move(message)), status_(http_status), code_(std::move(code)) {}

  int status() const { return status_; }
  // The short error code, e.g. "ValidationException".
  const std::string& code() const { return code_; }
  std::string message() const { return what(); }

  // The namespace JSON 1.0 puts before '#' in `__type`, when it is not the
  // service's own (e.g. "com.amazon.coral.validate" for ValidationException).
  // Empty means "the service's default namespace".
  const std::string& type_namespace() const { return namespace_; }
  AwsError& in_namespace(std::string ns) {
    namespace_ = std::move(ns);
    return *this;
  }

  // Whether a JSON 1.0 body spells the message member "Message", as AWS's
  // model does for some errors (DynamoDB's TransactionCanceledException),
  // rather than the usual "message".
  bool capitalized_message() const { return capitalized_message_; }
  AwsError& capitalize_message() {
    capitalized_message_ = true;
    return *this;
  }

  // Extra top-level fields of the error body (e.g. DynamoDB's "Item",
  // Lambda's "Type"), as name and raw JSON text, in insertion order.
  const std::vector<std::pair<std::string, std::string>>& extra_fields() const { return extra_; }
  AwsError& with_field(std::string name, std::string raw_json) {
    extra_.emplace_back(std::move(name), std::move(raw_json));
    return *this;
  }

 private:
  int status_;
  std::string code_;
  std::string namespace_;
  bool capitalized_message_ = false;
  std::vector<std::pair<std::string, std::string>> extra_;
};

// Factories every protocol shares. Message texts are AWS's.
namespace errors {
inline constexpr const char* kCoralService = "com.amazon.coral.service";
inline constexpr const char* kCoralValidate = "com.amazon.coral.validate";

AwsError internal_server_error(std::string message = "Internal server error");
AwsError serialization(std::string message);
AwsError unknown_operation();
AwsError validation(std::string message);
}  // namespace errors

}  // namespace localcloud
