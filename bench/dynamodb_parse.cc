// lc-dynamodb-parse: what reading a PutItem or GetItem body costs, by each of localcloud's
// two readers: the general one (nlohmann's JSON tree, then model::item_from_json) and the
// reader of everyday bodies (api/flat_request.h) that the service tries first. One thread,
// no I/O: CPU per body, from the same bodies files lc-loadgen sends. Prints one JSON line.
//
//   lc-dynamodb-parse --operation PutItem|GetItem --bodies-file FILE [--seconds S]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/flat_request.h"
#include "common.h"

namespace {

using localcloud::dynamodb::api::FlatShape;
using Clock = std::chrono::steady_clock;

// Runs `read` over the bodies, round after round, for about `seconds`; returns
// nanoseconds per body and adds what it read to `sink` so that nothing is optimized out.
template <class F>
double ns_per_body(const std::vector<std::string>& bodies, double seconds, size_t& sink, F read) {
  size_t done = 0;
  auto start = Clock::now();
  auto until = start + std::chrono::duration<double>(seconds);
  do {
    for (const auto& body : bodies) sink += read(body);
    done += bodies.size();
  } while (Clock::now() < until);
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / done;
}

}  // namespace

int main(int argc, char** argv) {
  std::string operation, file;
  double seconds = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--operation")) operation = argv[i + 1];
    else if (!std::strcmp(argv[i], "--bodies-file")) file = argv[i + 1];
    else if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
  }
  if ((operation != "PutItem" && operation != "GetItem") || file.empty() || seconds <= 0 ||
      argc % 2 == 0) {
    std::fprintf(stderr,
                 "usage: lc-dynamodb-parse --operation PutItem|GetItem --bodies-file FILE "
                 "[--seconds S]\n");
    return 2;
  }
  std::vector<std::string> bodies;
  try {
    bodies = lcbench::read_bodies(file);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lc-dynamodb-parse: %s\n", e.what());
    return 2;
  }
  const bool put = operation == "PutItem";
  const FlatShape shape = put ? FlatShape::kPutItem : FlatShape::kGetItem;
  const char* member = put ? "Item" : "Key";
  size_t sink = 0, flat_accepted = 0;
  for (const auto& body : bodies) flat_accepted += localcloud::dynamodb::api::read_flat_request(body, shape).has_value();

  double general = ns_per_body(bodies, seconds, sink, [&](const std::string& body) {
    auto json = nlohmann::json::parse(body);
    return localcloud::dynamodb::model::item_from_json(json.at(member)).size();
  });
  double flat = ns_per_body(bodies, seconds, sink, [&](const std::string& body) {
    auto read = localcloud::dynamodb::api::read_flat_request(body, shape);
    return read ? read->item.size() : 0;
  });
  std::printf(
      "{\"name\":\"dynamodb-parse/%s\",\"bodies\":%zu,\"flat_accepted\":%zu,"
      "\"general_ns\":%.0f,\"flat_ns\":%.0f,\"sink\":%zu}\n",
      operation.c_str(), bodies.size(), flat_accepted, general, flat, sink % 10);
  return 0;
}
