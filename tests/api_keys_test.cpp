#include "server/integration/api_keys.hpp"

#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include "server/auth/secret_token.hpp"
#include "server/integration/api_key_gate.hpp"
#include "server/integration/api_key_request.hpp"
#include "server/integration/errors.hpp"
#include "server/integration/event_feed.hpp"
#include "server/integration/key_rate_limiter.hpp"
#include "server/integration/sqlite_api_key_store.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/sql_backend.hpp"

// API keys without a socket: how they are made, stored, checked, limited and revoked, and the
// event feed's pages (docs/security/api-keys.md).

using namespace kefu::integration;
namespace json = boost::json;

namespace {

std::int64_t count(kefu::testing::MigratedDatabase& db, const std::string& sql) {
  return db.integer(sql);
}

// A migrated database with the api_keys table, on the engine under test.
struct KeyDatabase {
  kefu::testing::MigratedDatabase db;
};

NewApiKey request(std::set<ApiScope> scopes, std::int64_t rate = 60) {
  return NewApiKey{"Warehouse sync", std::move(scopes), rate, 5};
}

std::string refusal_code(const std::string& body) {
  try {
    read_new_api_key(json::parse(body).as_object(), 5);
  } catch (const InvalidApiKeyRequest& refused) {
    return refused.code();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("a new key is shown once and only its hash is stored") {
  KeyDatabase k;
  SqliteApiKeyStore store(k.db);
  ApiKeys keys(store);
  const auto issued = keys.create(request({ApiScope::events_read}), 1000);
  REQUIRE(issued.key.starts_with("kefu."));
  REQUIRE(issued.key.size() == 5 + 43);
  REQUIRE(issued.record.prefix == issued.key.substr(0, 12));
  REQUIRE(issued.record.id > 0);
  // The key is nowhere in the table; its SHA-256 is.
  REQUIRE(count(k.db, "SELECT COUNT(*) FROM api_keys WHERE secret_hash = '" +
                          kefu::auth::token_hash(issued.key) + "'") == 1);
  kefu::sql::Statement all(k.db, "SELECT * FROM api_keys");
  while (all.step()) {
    for (int c = 0; c < all.column_count(); ++c) {
      REQUIRE(all.column(c).text().find(issued.key.substr(5)) == std::string::npos);
    }
  }
  const auto other = keys.create(request({ApiScope::events_read}), 1000);
  REQUIRE(other.key != issued.key);
}

TEST_CASE("authenticate gives the live key's scopes and nothing for other keys") {
  KeyDatabase k;
  SqliteApiKeyStore store(k.db);
  ApiKeys keys(store);
  const auto issued =
      keys.create(request({ApiScope::events_read, ApiScope::reports_read}, 30), 1000);
  auto holder = keys.authenticate(issued.key);
  REQUIRE(holder);
  REQUIRE(holder->id == issued.record.id);
  REQUIRE(holder->scopes == std::set{ApiScope::events_read, ApiScope::reports_read});
  REQUIRE(holder->rate_per_minute == 30);
  REQUIRE_FALSE(keys.authenticate(issued.key + "x"));
  REQUIRE_FALSE(keys.authenticate(issued.key.substr(0, issued.key.size() - 1)));
  REQUIRE_FALSE(keys.authenticate("kefu."));
  REQUIRE_FALSE(keys.authenticate(""));
  // A visitor token is never a key, even with the same bits.
  REQUIRE_FALSE(keys.authenticate(issued.key.substr(5)));
  REQUIRE_FALSE(ApiKeys::looks_like_key(kefu::auth::new_secret_token()));
}

TEST_CASE("a revoked key stops working and keeps its first revocation time") {
  KeyDatabase k;
  SqliteApiKeyStore store(k.db);
  ApiKeys keys(store);
  const auto issued = keys.create(request({ApiScope::events_read}), 1000);
  const auto kept = keys.create(request({ApiScope::events_read}), 1000);
  REQUIRE(keys.revoke(issued.record.id, 2000));
  REQUIRE_FALSE(keys.authenticate(issued.key));
  REQUIRE(keys.authenticate(kept.key));
  REQUIRE(keys.revoke(issued.record.id, 3000));
  REQUIRE(*keys.find(issued.record.id)->revoked_at == 2000);
  REQUIRE_FALSE(keys.revoke(999, 3000));
  REQUIRE(count(k.db, "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NOT NULL") == 1);
}

TEST_CASE("the list shows every key without its secret, newest first") {
  KeyDatabase k;
  SqliteApiKeyStore store(k.db);
  ApiKeys keys(store);
  const auto first = keys.create(request({ApiScope::events_read}), 1000);
  const auto second =
      keys.create(request({ApiScope::customers_read, ApiScope::tickets_write}), 2000);
  keys.record_use(first.record.id, 1500);
  const auto list = keys.list();
  REQUIRE(list.size() == 2);
  REQUIRE(list[0].id == second.record.id);
  REQUIRE(list[0].scopes == std::set{ApiScope::customers_read, ApiScope::tickets_write});
  REQUIRE_FALSE(list[0].last_used_at);
  REQUIRE(list[1].last_used_at == 1500);
  REQUIRE(list[1].created_by == 5);
  REQUIRE(list[1].prefix == first.record.prefix);
}

TEST_CASE("a key request is read strictly") {
  const auto good = read_new_api_key(
      json::parse(R"({"name":"  ERP  ","scopes":["events:read","orders:write"]})").as_object(), 7);
  REQUIRE(good.name == "ERP");
  REQUIRE(good.scopes == std::set{ApiScope::events_read, ApiScope::orders_write});
  REQUIRE(good.rate_per_minute == kDefaultRatePerMinute);
  REQUIRE(good.created_by == 7);
  REQUIRE(
      read_new_api_key(
          json::parse(R"({"name":"a","scopes":["reports:read"],"rate_per_minute":5})").as_object(),
          7)
          .rate_per_minute == 5);

  CHECK(refusal_code(R"({"scopes":["events:read"]})") == "bad_name");
  CHECK(refusal_code(R"({"name":"","scopes":["events:read"]})") == "bad_name");
  CHECK(refusal_code(R"({"name":"   ","scopes":["events:read"]})") == "bad_name");
  CHECK(refusal_code(R"({"name":7,"scopes":["events:read"]})") == "bad_name");
  CHECK(refusal_code(R"({"name":"a\u0007b","scopes":["events:read"]})") == "bad_name");
  CHECK(refusal_code(R"({"name":")" + std::string(101, 'x') + R"(","scopes":["events:read"]})") ==
        "bad_name");
  CHECK(refusal_code(R"({"name":"a"})") == "no_scopes");
  CHECK(refusal_code(R"({"name":"a","scopes":[]})") == "no_scopes");
  CHECK(refusal_code(R"({"name":"a","scopes":"events:read"})") == "no_scopes");
  CHECK(refusal_code(R"({"name":"a","scopes":["events:write"]})") == "unknown_scope");
  CHECK(refusal_code(R"({"name":"a","scopes":["EVENTS:READ"]})") == "unknown_scope");
  CHECK(refusal_code(R"({"name":"a","scopes":[1]})") == "unknown_scope");
  CHECK(refusal_code(R"({"name":"a","scopes":["events:read","events:read"]})") ==
        "duplicate_scope");
  CHECK(refusal_code(R"({"name":"a","scopes":["events:read"],"rate_per_minute":0})") == "bad_rate");
  CHECK(refusal_code(R"({"name":"a","scopes":["events:read"],"rate_per_minute":-3})") ==
        "bad_rate");
  CHECK(refusal_code(R"({"name":"a","scopes":["events:read"],"rate_per_minute":1.5})") ==
        "bad_rate");
  CHECK(refusal_code(R"({"name":"a","scopes":["events:read"],"rate_per_minute":"9"})") ==
        "bad_rate");
  CHECK(refusal_code(R"({"name":"a","scopes":["events:read"],"rate_per_minute":10001})") ==
        "bad_rate");
  CHECK(refusal_code(R"({"name":"a","scopes":["events:read"],"admin":true})") == "bad_request");
}

TEST_CASE("a key's rate is a minute's bucket refilled evenly") {
  KeyRateLimiter limiter;
  for (int i = 0; i < 3; ++i) REQUIRE(limiter.take(1, 3, 0) == 0);
  REQUIRE(limiter.take(1, 3, 0) == 20);      // one request every 20 s
  REQUIRE(limiter.take(2, 3, 0) == 0);       // another key has its own bucket
  REQUIRE(limiter.take(1, 3, 19'000) == 1);  // almost there
  REQUIRE(limiter.take(1, 3, 20'000) == 0);  // one came back
  REQUIRE(limiter.take(1, 3, 20'000) == 20);
  REQUIRE(limiter.take(1, 3, 600'000) == 0);  // a long pause fills the bucket, no more
  REQUIRE(limiter.take(1, 3, 600'000) == 0);
  REQUIRE(limiter.take(1, 3, 600'000) == 0);
  REQUIRE(limiter.take(1, 3, 600'000) > 0);
}

// The gate opens its own connection by location (a SQLite file or a postgresql:// URI).
TEST_CASE("the gate checks key, then rate, then scope, and writes last use once a minute") {
  kefu::testing::SqlBackend backend;
  if (auto lite = backend.open(); auto* sqlite = kefu::sql::as_sqlite(*lite))
    kefu::store::migrate(sqlite->database());
  ApiKeyGate gate(backend.location());
  const auto issued = gate.create(request({ApiScope::events_read}, 2), 0);
  using V = KeyAdmission::Verdict;
  REQUIRE(gate.admit("kefu.nope", ApiScope::events_read, 1000).verdict == V::unknown);
  REQUIRE(gate.admit(issued.key, ApiScope::events_read, 1000).verdict == V::admitted);
  REQUIRE(gate.find(issued.record.id)->last_used_at == 1000);
  REQUIRE(gate.admit(issued.key, ApiScope::reports_read, 2000).verdict == V::insufficient_scope);
  REQUIRE(gate.find(issued.record.id)->last_used_at == 1000);  // not a write per request
  const auto over = gate.admit(issued.key, ApiScope::events_read, 3000);
  REQUIRE(over.verdict == V::over_rate);
  REQUIRE(over.retry_after_s > 0);
  REQUIRE(gate.admit(issued.key, ApiScope::events_read, 62'000).verdict == V::admitted);
  REQUIRE(gate.find(issued.record.id)->last_used_at == 62'000);
  REQUIRE(gate.revoke(issued.record.id, 63'000));
  REQUIRE(gate.admit(issued.key, ApiScope::events_read, 200'000).verdict == V::unknown);
}

TEST_CASE("the gate admits on the caller's thread on SQLite and on its own on PostgreSQL") {
  kefu::testing::SqlBackend backend;
  if (auto lite = backend.open(); auto* sqlite = kefu::sql::as_sqlite(*lite))
    kefu::store::migrate(sqlite->database());
  ApiKeyGate gate(backend.location());
  const auto issued = gate.create(request({ApiScope::events_read}, 60), 0);
  std::promise<std::pair<KeyAdmission, std::thread::id>> answered;
  gate.admit_then(issued.key, ApiScope::events_read, 1000, [&answered](KeyAdmission a) {
    answered.set_value({a, std::this_thread::get_id()});
  });
  auto future = answered.get_future();
  REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  const auto [admission, thread] = future.get();
  CHECK(admission.verdict == KeyAdmission::Verdict::admitted);
  CHECK(admission.key_id == issued.record.id);
  CHECK((thread == std::this_thread::get_id()) == !backend.postgres());
  // A revoked key is refused the same way, wherever it is checked.
  REQUIRE(gate.revoke(issued.record.id, 2000));
  std::promise<KeyAdmission> refused;
  gate.admit_then(issued.key, ApiScope::events_read, 3000,
                  [&refused](KeyAdmission a) { refused.set_value(a); });
  auto second = refused.get_future();
  REQUIRE(second.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  CHECK(second.get().verdict == KeyAdmission::Verdict::unknown);
}

TEST_CASE("the event feed pages the log in id order with ids only") {
  KeyDatabase k;
  for (int i = 1; i <= 5; ++i) {
    k.db.exec(
        "INSERT INTO events(at, type, conversation_id, customer_id, channel, queue, data) "
        "VALUES (" +
        std::to_string(100 * i) + ", 'conversation_created', " + std::to_string(i) +
        ", 9, 'chat', 'general', '{\"seq\":" + std::to_string(i) + "}')");
  }
  auto page = read_event_page(k.db, 0, 2);
  auto& events = page.at("events").as_array();
  REQUIRE(events.size() == 2);
  REQUIRE(events[0].at("id").as_int64() == 1);
  REQUIRE(events[1].at("conversation_id").as_int64() == 2);
  REQUIRE(events[1].at("agent_id").is_null());
  REQUIRE(events[1].at("data").at("seq").as_int64() == 2);
  REQUIRE(page.at("next_after").as_int64() == 2);
  page = read_event_page(k.db, 2, 500);
  REQUIRE(page.at("events").as_array().size() == 3);
  REQUIRE(page.at("next_after").as_int64() == 5);
  page = read_event_page(k.db, 5, 500);
  REQUIRE(page.at("events").as_array().empty());
  REQUIRE(page.at("next_after").as_int64() == 5);
}
