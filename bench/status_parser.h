// A Beast response parser that keeps only the status code (and whether one chosen header
// was present) and drops every other field and body byte: the load generator needs to
// know "2xx or not" and where the message ends, and a full http::response would
// allocate each header field on every request.
#pragma once

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>
#include <string_view>

namespace lcbench {

class StatusParser final : public boost::beast::http::basic_parser<false> {
 public:
  // `flag_header`, when not empty, is a field name (any case) whose presence has_flag()
  // reports: a 2xx answer can still be a failure (Lambda's X-Amz-Function-Error).
  explicit StatusParser(std::string_view flag_header = {}) : flag_header_(flag_header) {
    // Benchmark responses may be large (Scan pages); the limit guards servers, not us.
    body_limit(boost::none);
  }

  int status() const { return status_; }
  bool has_flag() const { return has_flag_; }

 private:
  using ErrorCode = boost::beast::error_code;
  using Field = boost::beast::http::field;
  using Verb = boost::beast::http::verb;
  using StringView = boost::beast::string_view;

  void on_request_impl(Verb, StringView, StringView, int, ErrorCode&) override {}
  void on_response_impl(int code, StringView, int, ErrorCode&) override { status_ = code; }
  void on_field_impl(Field, StringView name, StringView, ErrorCode&) override {
    if (!flag_header_.empty() && boost::beast::iequals(name, flag_header_)) has_flag_ = true;
  }
  void on_header_impl(ErrorCode&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, ErrorCode&) override {}
  std::size_t on_body_impl(StringView body, ErrorCode&) override { return body.size(); }
  void on_chunk_header_impl(std::uint64_t, StringView, ErrorCode&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, StringView body, ErrorCode&) override {
    return body.size();
  }
  void on_finish_impl(ErrorCode&) override {}

  std::string_view flag_header_;  // not owned: outlives the parser
  int status_ = 0;
  bool has_flag_ = false;
};

}  // namespace lcbench
