#include "storage/functions.h"

#include <gtest/gtest.h>

#include <future>

#include "localcloud/core/aws_error.h"
#include "storage/schema.h"

namespace localcloud::lambda::storage {
namespace {

using model::Function;
using model::FunctionPtr;

class FunctionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = sqlite::Store::open({"", true, 2});
    store_->migrate(kComponent, migrations());
    functions_ = std::make_unique<FunctionStore>(*store_);
  }

  static Function named(const std::string& name) {
    Function f;
    f.config.name = name;
    f.config.runtime = "python3.12";
    f.config.code = model::CodeInfo{"sha", "hex", 1};
    return f;
  }

  // Runs a write and waits: "ok:<name>", "missing" or "Code: message".
  template <class Start>
  std::string wait(Start start) {
    std::promise<std::string> done;
    start([&](std::exception_ptr e, FunctionPtr f) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const AwsError& err) {
          return done.set_value(err.code() + ": " + err.message());
        }
      }
      done.set_value(f ? "ok:" + f->config.name : "missing");
    });
    return done.get_future().get();
  }

  std::string create(const std::string& name) {
    return wait([&](FunctionStore::Done d) { functions_->create(named(name), d); });
  }

  std::unique_ptr<sqlite::Store> store_;
  std::unique_ptr<FunctionStore> functions_;
};

TEST_F(FunctionStoreTest, CreateFindListRemove) {
  EXPECT_EQ(create("b"), "ok:b");
  EXPECT_EQ(create("a"), "ok:a");
  EXPECT_EQ(create("c"), "ok:c");
  EXPECT_EQ(create("a"), "ResourceConflictException: Function already exist: a");
  ASSERT_TRUE(functions_->find("a"));
  EXPECT_GT(functions_->find("a")->id, 0);
  auto page = functions_->list("a", 1);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0]->config.name, "b");
  EXPECT_EQ(functions_->all().size(), 3u);
  EXPECT_EQ(wait([&](FunctionStore::Done d) { functions_->remove("b", d); }), "ok:b");
  EXPECT_FALSE(functions_->find("b"));
  EXPECT_EQ(wait([&](FunctionStore::Done d) { functions_->remove("b", d); }), "missing");
}

TEST_F(FunctionStoreTest, UpdatesReadTheLatestStateInsideTheWrite) {
  create("f");
  // Queued back to back, both land in one group commit: neither may lose the other.
  std::promise<void> first, second;
  functions_->update(
      "f", [](Function& f) { f.tags["one"] = "1"; },
      [&](std::exception_ptr, FunctionPtr) { first.set_value(); });
  functions_->update(
      "f", [](Function& f) { f.tags["two"] = "2"; },
      [&](std::exception_ptr, FunctionPtr) { second.set_value(); });
  first.get_future().get();
  second.get_future().get();
  EXPECT_EQ(functions_->find("f")->tags.size(), 2u);
}

TEST_F(FunctionStoreTest, RefusedChangeWritesNothing) {
  create("f");
  auto before = functions_->find("f");
  EXPECT_EQ(wait([&](FunctionStore::Done d) {
              functions_->update(
                  "f",
                  [](Function& f) {
                    f.config.timeout = 99;
                    throw AwsError(409, "ResourceConflictException", "no");
                  },
                  d);
            }),
            "ResourceConflictException: no");
  EXPECT_EQ(functions_->find("f"), before);
  EXPECT_EQ(FunctionStore(*store_).find("f")->config.timeout, 3);
  EXPECT_EQ(wait([&](FunctionStore::Done d) { functions_->update("nope", [](Function&) {}, d); }),
            "missing");
}

TEST_F(FunctionStoreTest, ReloadsFromSqlite) {
  create("kept");
  wait([&](FunctionStore::Done d) {
    functions_->update("kept", [](Function& f) { f.reserved_concurrency = 4; }, d);
  });
  FunctionStore reopened(*store_);
  auto f = reopened.find("kept");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->reserved_concurrency, 4);
  EXPECT_EQ(f->id, functions_->find("kept")->id);
}

}  // namespace
}  // namespace localcloud::lambda::storage
