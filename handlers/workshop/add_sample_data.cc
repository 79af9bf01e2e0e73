// The workshop's m1-add-sample-data, in C++: three people written to
// serverless_workshop_intro with one BatchWriteItem, through the item store
// in-process.
#include <random>

#include "localcloud/lambda/native.h"
#include "workshop/attribute_values.h"

namespace {

// randomUUID().replace(/-/g, ''): 32 hex digits of a version-4 UUID.
std::string uuid_hex() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (auto& c : id) c = kHex[rng() & 15];
  id[12] = '4';
  id[16] = kHex[8 + (rng() & 3)];
  return id;
}

localcloud::lambda::native::Json add_sample_data(const localcloud::lambda::native::Json&, localcloud::lambda::native::Context& ctx) {
  const std::string table = "serverless_workshop_intro";
  const std::pair<const char*, const char*> people[] = {
      {"marivera", "Martha Rivera"}, {"nikkwolf", "Nikki Wolf"}, {"pasantos", "Paulo Santos"}};
  auto requests = localcloud::lambda::native::Json::array();
  for (const auto& [userid, name] : people) {
    localcloud::lambda::native::Json item = {{"_id", uuid_hex()}, {"Userid", userid}, {"FullName", name}};
    requests.push_back({{"PutRequest", {{"Item", workshop::marshall(item)["M"]}}}});
  }
  try {
    ctx.call("DynamoDB_20120810.BatchWriteItem", {{"RequestItems", {{table, requests}}}});
  } catch (const localcloud::lambda::native::Error& e) {
    ctx.log(std::string("Error: ") + e.type() + ": " + e.what(), "ERROR");
    throw;
  }
  for (const auto& [userid, name] : people) ctx.log(std::string("> batch writing: ") + userid);
  return {{"message", "Success. Added " + std::to_string(std::size(people)) + " people to " +
                          table + "."}};
}

}  // namespace

LOCALCLOUD_HANDLER("workshop.add_sample_data", add_sample_data);
