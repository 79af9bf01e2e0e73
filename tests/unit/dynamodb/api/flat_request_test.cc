#include "api/flat_request.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace localcloud::dynamodb::api {
namespace {

// What the general reader makes of `body`'s `member`.
model::Item general_item(std::string_view body, const char* member) {
  return model::item_from_json(nlohmann::json::parse(body).at(member));
}

void expect_same_as_general(std::string_view body, FlatShape shape) {
  SCOPED_TRACE(std::string(body));
  const char* member = shape == FlatShape::kPutItem ? "Item" : "Key";
  auto flat = read_flat_request(body, shape);
  ASSERT_TRUE(flat.has_value());
  auto json = nlohmann::json::parse(body);
  EXPECT_EQ(flat->table, json.at("TableName").get<std::string>());
  model::Item general = general_item(body, member);
  EXPECT_EQ(flat->item, general);
  // Numbers normalized alike: the stored text is the same.
  EXPECT_EQ(model::item_to_wire(flat->item), model::item_to_wire(general));
  EXPECT_EQ(flat->consistent_read, json.value("ConsistentRead", false));
}

TEST(FlatRequest, ReadsTheEverydayShapesAsTheGeneralReaderDoes) {
  expect_same_as_general(
      R"({"TableName":"bench","Item":{"pk":{"S":"a"},"n":{"N":"1.50"},"b":{"BOOL":false},)"
      R"("z":{"NULL":true},"e":{"S":""},"x":{"N":"-0.000E+3"},"big":{"N":"12345678901234567890123456789012345678"}}})",
      FlatShape::kPutItem);
  expect_same_as_general(
      " {\n\t\"Item\" : { \"pk\" : { \"S\" : \"a b\" } , \"t\":{\"BOOL\": true} } ,\r\n"
      " \"TableName\" : \"my-table_1.x\" } \n",
      FlatShape::kPutItem);
  expect_same_as_general(R"({"TableName":"Music","Key":{"Artist":{"S":"No One"},"N":{"N":"7"}}})",
                         FlatShape::kGetItem);
  expect_same_as_general(R"({"ConsistentRead":true,"TableName":"Music","Key":{"a":{"S":"x"}}})",
                         FlatShape::kGetItem);
  expect_same_as_general(R"({"TableName":"Music","Key":{"a":{"S":"x"}},"ConsistentRead":false})",
                         FlatShape::kGetItem);
}

TEST(FlatRequest, DeclinesEverythingElse) {
  const std::pair<FlatShape, const char*> cases[] = {
      // Strings the general reader must decode or reject.
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a\nb"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a\"b"}}})"},
      {FlatShape::kPutItem, "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"caf\xc3\xa9\"}}}"},
      {FlatShape::kPutItem, "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"a\tb\"}}}"},
      {FlatShape::kPutItem, "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"\xff\"}}}"},
      // Other types, and values AWS refuses.
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"B":"YQ=="}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"M":{}}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"L":[]}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"SS":["a"]}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"NULL":false}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"N":"abc"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"N":"1E+126"}}})"},
      {FlatShape::kPutItem,
       R"({"TableName":"bench","Item":{"pk":{"N":"123456789012345678901234567890123456789"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"N":1}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a","N":"1"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":null}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"BOOL":"true"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"":{"S":"a"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{}})"},
      // Names twice: which one counts is the general reader's business.
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a"},"pk":{"S":"b"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","TableName":"other","Item":{"pk":{"S":"a"}}})"},
      // Other members, or members missing.
      {FlatShape::kPutItem,
       R"({"TableName":"bench","Item":{"pk":{"S":"a"}},"ReturnValues":"ALL_OLD"})"},
      {FlatShape::kPutItem,
       R"({"TableName":"bench","Item":{"pk":{"S":"a"}},"ConditionExpression":"x"})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a"}},"ConsistentRead":true})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Key":{"pk":{"S":"a"}}})"},
      {FlatShape::kPutItem, R"({"Item":{"pk":{"S":"a"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench"})"},
      {FlatShape::kPutItem, R"({"TableName":null,"Item":{"pk":{"S":"a"}}})"},
      {FlatShape::kGetItem, R"({"TableName":"bench","Item":{"pk":{"S":"a"}}})"},
      {FlatShape::kGetItem, R"({"TableName":"bench","Key":{"pk":{"S":"a"}},"ConsistentRead":"true"})"},
      {FlatShape::kGetItem,
       R"({"TableName":"bench","Key":{"pk":{"S":"a"}},"ProjectionExpression":"pk"})"},
      {FlatShape::kGetItem,
       R"({"TableName":"bench","Key":{"pk":{"S":"a"}},"ReturnConsumedCapacity":"TOTAL"})"},
      // Table names the general reader answers with a ValidationException.
      {FlatShape::kPutItem, R"({"TableName":"ab","Item":{"pk":{"S":"a"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"a b c","Item":{"pk":{"S":"a"}}})"},
      {FlatShape::kPutItem, R"({"TableName":"a:bc","Item":{"pk":{"S":"a"}}})"},
      // Not JSON, or not one object.
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a"}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a"}}} x)"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a"}}}{})"},
      {FlatShape::kPutItem, R"({"TableName":"bench","Item":{"pk":{"S":"a"},}})"},
      {FlatShape::kPutItem, R"({"TableName":"bench" "Item":{"pk":{"S":"a"}}})"},
      {FlatShape::kPutItem, R"([{"TableName":"bench","Item":{"pk":{"S":"a"}}}])"},
      {FlatShape::kPutItem, ""},
      {FlatShape::kPutItem, "{}"},
  };
  for (const auto& [shape, body] : cases) {
    EXPECT_FALSE(read_flat_request(body, shape).has_value()) << body;
  }
  // A table name of 255 characters is a name, 256 are not.
  std::string body = R"({"TableName":")" + std::string(255, 't') + R"(","Item":{"a":{"S":"b"}}})";
  EXPECT_TRUE(read_flat_request(body, FlatShape::kPutItem).has_value());
  body = R"({"TableName":")" + std::string(256, 't') + R"(","Item":{"a":{"S":"b"}}})";
  EXPECT_FALSE(read_flat_request(body, FlatShape::kPutItem).has_value());
}

// Random flat items written by the JSON library: every one the reader accepts
// means what the general reader makes of it, and the plain ones are accepted.
TEST(FlatRequest, RandomItemsMatchTheGeneralReader) {
  std::mt19937 rng(20261202);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  // Mostly letters and digits; now and then a piece the reader leaves alone.
  const std::vector<std::string> plain_pieces = {"a", "b", "X", "0", "9", " ", "_", ":", "{", "]"};
  const std::vector<std::string> other_pieces = {"\"", "\\", "\x7f", "\x01", "\n", "\xc3\xa9"};
  auto piece = [&] {
    return pick(8) ? plain_pieces[pick(10)] : other_pieces[pick(6)];
  };
  int accepted = 0;
  for (int i = 0; i < 2000; ++i) {
    nlohmann::json item = nlohmann::json::object();
    bool plain = true;
    for (int a = 1 + pick(6); a > 0; --a) {
      std::string name, text;
      for (int k = 1 + pick(8); k > 0; --k) name += piece();
      for (int k = pick(20); k > 0; --k) text += piece();
      if (item.contains(name)) continue;
      int type = pick(4);
      for (unsigned char c : type == 0 ? name + text : name)
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') plain = false;
      switch (type) {
        case 0: item[name] = {{"S", text}}; break;
        case 1: {
          static const char* kNumbers[] = {"0", "-1", "1.50", "3e5", "-0.0001", "1E-130", "99"};
          item[name] = {{"N", kNumbers[pick(7)]}};
          break;
        }
        case 2: item[name] = {{"BOOL", pick(2) == 1}}; break;
        default: item[name] = {{"NULL", true}}; break;
      }
    }
    std::string body = nlohmann::json{{"TableName", "random"}, {"Item", item}}.dump(pick(2) ? 1 : -1);
    SCOPED_TRACE(body);
    auto flat = read_flat_request(body, FlatShape::kPutItem);
    EXPECT_EQ(flat.has_value(), plain);
    if (!flat) continue;
    ++accepted;
    EXPECT_EQ(model::item_to_wire(flat->item), model::item_to_wire(general_item(body, "Item")));
  }
  EXPECT_GT(accepted, 100);
}

}  // namespace
}  // namespace localcloud::dynamodb::api
