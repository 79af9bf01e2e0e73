// A Beast response parser that keeps only the status code and drops every field and
// body byte: the load generator needs to know "2xx or not" and where the message ends,
// and a full http::response would allocate each header field on every request.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>
#include <string_view>

namespace lcbench {

class StatusParser final : public boost::beast::http::basic_parser<false> {
 public:
  StatusParser() {
    // Benchmark responses may be large (Scan pages); the limit guards servers, not us.
    body_limit(boost::none);
  }

  int status() const { return status_; }

 private:
  using ErrorCode = boost::beast::error_code;
  using Field = boost::beast::http::field;
  using Verb = boost::beast::http::verb;
  using StringView = boost::beast::string_view;

  void on_request_impl(Verb, StringView, StringView, int, ErrorCode&) override {}
  void on_response_impl(int code, StringView, int, ErrorCode&) override { status_ = code; }
  void on_field_impl(Field, StringView, StringView, ErrorCode&) override {}
  void on_header_impl(ErrorCode&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, ErrorCode&) override {}
  std::size_t on_body_impl(StringView body, ErrorCode&) override { return body.size(); }
  void on_chunk_header_impl(std::uint64_t, StringView, ErrorCode&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, StringView body, ErrorCode&) override {
    return body.size();
  }
  void on_finish_impl(ErrorCode&) override {}

  int status_ = 0;
};

}  // namespace lcbench
