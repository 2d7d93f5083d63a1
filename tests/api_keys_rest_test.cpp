#include <SQLiteCpp/Database.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// API keys through the real `kefu serve` (docs/protocol.md, "API keys";
// docs/security/api-keys.md): admins manage them, each endpoint asks for its scope, and every
// refusal changes nothing.

using namespace kefu::testing;
namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

namespace {

const std::string kAllScopes =
    R"(["events:read","reports:read","customers:read","conversations:read","tickets:write"])";

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

std::string error_code(const HttpReply& reply) {
  json::error_code ec;
  auto v = json::parse(reply.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error"))
    return "(no error: " + std::to_string(reply.status) + " " + reply.body + ")";
  return std::string(v.at("error").as_string());
}

Headers with_cookie(const std::string& cookie) {
  return {{"Cookie", "kefu_session=" + cookie}};
}

Headers with_key(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

// What an API key request could change.
struct Counts {
  std::int64_t keys, conversations, messages, revoked;
  explicit Counts(const TestServer& s)
      : keys(rows(s, "SELECT COUNT(*) FROM api_keys")),
        conversations(rows(s, "SELECT COUNT(*) FROM conversations")),
        messages(rows(s, "SELECT COUNT(*) FROM messages")),
        revoked(rows(s, "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NOT NULL")) {}
  bool operator==(const Counts&) const = default;
};

struct Fixture {
  TestServer server;
  std::string admin;
  Fixture() {
    admin = log_in(server.port(), "admin", "admin-demo-pass");
    REQUIRE(!admin.empty());
  }
  unsigned short port() const { return server.port(); }

  // Creates a key as the admin and returns the whole answer.
  json::object create(const std::string& body) {
    auto made = http_request(port(), "POST", "/api/admin/api-keys", body, with_cookie(admin));
    REQUIRE(made.status == 201);
    return json::parse(made.body).as_object();
  }
  std::string key(const std::string& scopes, int rate = 100) {
    return std::string(create(R"({"name":"ERP","scopes":)" + scopes + R"(,"rate_per_minute":)" +
                              std::to_string(rate) + "}")
                           .at("key")
                           .as_string());
  }
  HttpReply get(const std::string& target, const std::string& key, Headers extra = {}) {
    Headers h = with_key(key);
    h.insert(extra.begin(), extra.end());
    return http_request(port(), "GET", target, "", h);
  }
  HttpReply ticket(const std::string& key, Headers extra = {}) {
    Headers h = with_key(key);
    h.insert(extra.begin(), extra.end());
    return http_request(
        port(), "POST", "/api/tickets",
        R"({"subject":"Broken kettle","text":"It leaks; order 77","email":"mei@example.com"})", h);
  }
};

const std::string kReport = "/api/reports?from=0&to=86400000";

}  // namespace

TEST_CASE("an admin creates a key, sees it once, lists it without secrets and revokes it") {
  Fixture f;
  const auto made = f.create(R"({"name":"Warehouse","scopes":["events:read","reports:read"]})");
  const std::string key(made.at("key").as_string());
  REQUIRE(key.starts_with("kefu."));
  REQUIRE(made.at("prefix").as_string() == key.substr(0, 12));
  REQUIRE(made.at("name").as_string() == "Warehouse");
  REQUIRE(made.at("rate_per_minute").as_int64() == 120);
  REQUIRE(made.at("scopes").as_array().size() == 2);
  REQUIRE(made.at("revoked_at").is_null());
  const std::int64_t id = made.at("id").as_int64();
  REQUIRE(rows(f.server, "SELECT COUNT(*) FROM api_keys WHERE secret_hash LIKE '%" +
                             key.substr(5, 20) + "%' OR prefix LIKE '%" + key.substr(12) + "%'") ==
          0);

  auto listed = http_request(f.port(), "GET", "/api/admin/api-keys", "", with_cookie(f.admin));
  REQUIRE(listed.status == 200);
  REQUIRE(listed.body.find(key.substr(12)) == std::string::npos);
  auto keys = json::parse(listed.body).at("api_keys").as_array();
  REQUIRE(keys.size() == 1);
  REQUIRE(!keys[0].as_object().contains("key"));
  REQUIRE(!keys[0].as_object().contains("secret_hash"));
  REQUIRE(keys[0].at("last_used_at").is_null());

  REQUIRE(f.get("/api/events", key).status == 200);
  listed = http_request(f.port(), "GET", "/api/admin/api-keys", "", with_cookie(f.admin));
  REQUIRE(json::parse(listed.body).at("api_keys").at(0).at("last_used_at").is_int64());

  auto revoked = http_request(f.port(), "DELETE", "/api/admin/api-keys/" + std::to_string(id), "",
                              with_cookie(f.admin));
  REQUIRE(revoked.status == 200);
  REQUIRE(json::parse(revoked.body).at("revoked_at").is_int64());
  auto after = f.get("/api/events", key);
  REQUIRE(after.status == 401);
  REQUIRE(error_code(after) == "invalid_api_key");
  REQUIRE(after.headers["www-authenticate"].find("Bearer") == 0);
  // The log's appends are not waited for: a probe after them has passed the store's queue.
  REQUIRE(http_request(f.port(), "GET", "/healthz").status == 200);
  REQUIRE(rows(f.server, "SELECT COUNT(*) FROM events WHERE type = 'api_key_created'") == 1);
  REQUIRE(rows(f.server, "SELECT COUNT(*) FROM events WHERE type = 'api_key_revoked'") == 1);

  auto missing =
      http_request(f.port(), "DELETE", "/api/admin/api-keys/999", "", with_cookie(f.admin));
  REQUIRE(missing.status == 404);
}

TEST_CASE("only admins manage keys") {
  Fixture f;
  f.create(R"({"name":"Existing","scopes":["events:read"]})");
  const Counts before(f.server);
  for (const std::string login : {"alice", "sam"}) {
    const std::string cookie = log_in(f.port(), login, login + "-demo-pass");
    REQUIRE(!cookie.empty());
    auto list = http_request(f.port(), "GET", "/api/admin/api-keys", "", with_cookie(cookie));
    CHECK(list.status == 403);
    auto create = http_request(f.port(), "POST", "/api/admin/api-keys",
                               R"({"name":"Mine","scopes":["events:read"]})", with_cookie(cookie));
    CHECK(create.status == 403);
    CHECK(error_code(create) == "forbidden");
    auto revoke =
        http_request(f.port(), "DELETE", "/api/admin/api-keys/1", "", with_cookie(cookie));
    CHECK(revoke.status == 403);
  }
  CHECK(http_request(f.port(), "GET", "/api/admin/api-keys").status == 401);
  CHECK(http_request(f.port(), "POST", "/api/admin/api-keys",
                     R"({"name":"Mine","scopes":["events:read"]})")
            .status == 401);
  // An admin's write from a foreign page is still a cross-site write.
  Headers foreign = with_cookie(f.admin);
  foreign["Origin"] = "http://evil.example";
  auto cross = http_request(f.port(), "POST", "/api/admin/api-keys",
                            R"({"name":"Mine","scopes":["events:read"]})", foreign);
  CHECK(cross.status == 403);
  CHECK(error_code(cross) == "forbidden_origin");
  CHECK(Counts(f.server) == before);
}

TEST_CASE("a bad key request is refused with its typed error and creates nothing") {
  Fixture f;
  const std::map<std::string, std::string> bad = {
      {R"({"scopes":["events:read"]})", "bad_name"},
      {R"({"name":"  ","scopes":["events:read"]})", "bad_name"},
      {R"({"name":"a\u0000b","scopes":["events:read"]})", "bad_name"},
      {R"({"name":"ERP","scopes":[]})", "no_scopes"},
      {R"({"name":"ERP"})", "no_scopes"},
      {R"({"name":"ERP","scopes":["events:read","admin"]})", "unknown_scope"},
      {R"({"name":"ERP","scopes":["events:read","events:read"]})", "duplicate_scope"},
      {R"({"name":"ERP","scopes":["events:read"],"rate_per_minute":0})", "bad_rate"},
      {R"({"name":"ERP","scopes":["events:read"],"rate_per_minute":-1})", "bad_rate"},
      {R"({"name":"ERP","scopes":["events:read"],"rate_per_minute":"60"})", "bad_rate"},
      {R"({"name":"ERP","scopes":["events:read"],"owner":1})", "bad_request"},
      {R"({"name":"ERP","name":"Two","scopes":["events:read"]})", "bad_request"},
      {R"(["events:read"])", "bad_request"},
      {"not json", "bad_request"},
  };
  const Counts before(f.server);
  for (const auto& [body, code] : bad) {
    INFO(body);
    auto refused =
        http_request(f.port(), "POST", "/api/admin/api-keys", body, with_cookie(f.admin));
    CHECK(refused.status == 400);
    CHECK(error_code(refused) == code);
  }
  CHECK(Counts(f.server) == before);
  CHECK(rows(f.server, "SELECT COUNT(*) FROM events WHERE type = 'api_key_created'") == 0);
}

TEST_CASE("each endpoint asks for its own scope") {
  Fixture f;
  const std::string all = f.key(kAllScopes);
  // A ticket to read back: the key opens it for a new customer.
  const Counts empty(f.server);
  auto opened = f.ticket(all);
  REQUIRE(opened.status == 201);
  const std::int64_t conversation = json::parse(opened.body).at("conversation_id").as_int64();
  const std::int64_t customer = rows(
      f.server, "SELECT customer_id FROM conversations WHERE id = " + std::to_string(conversation));
  REQUIRE(Counts(f.server).conversations == empty.conversations + 1);

  struct Endpoint {
    std::string scope, method, target;
  };
  const std::vector<Endpoint> endpoints = {
      {"events:read", "GET", "/api/events?after=0&limit=10"},
      {"reports:read", "GET", kReport},
      {"customers:read", "GET", "/api/customers?q=mei"},
      {"customers:read", "GET", "/api/customers/" + std::to_string(customer)},
      {"conversations:read", "GET",
       "/api/conversations/" + std::to_string(conversation) + "/messages"},
      {"tickets:write", "POST", "/api/tickets"},
  };
  for (const auto& endpoint : endpoints) {
    INFO(endpoint.target);
    const std::string only = f.key("[\"" + endpoint.scope + "\"]");
    const std::string others =
        f.key(endpoint.scope == "events:read" ? R"(["reports:read","tickets:write"])"
                                              : R"(["events:read","orders:write"])");
    const Counts before(f.server);
    auto wrong = endpoint.method == "GET" ? f.get(endpoint.target, others) : f.ticket(others);
    CHECK(wrong.status == 403);
    CHECK(error_code(wrong) == "insufficient_scope");
    CHECK(wrong.headers["www-authenticate"].find(endpoint.scope) != std::string::npos);
    CHECK(Counts(f.server) == before);
    auto right = endpoint.method == "GET" ? f.get(endpoint.target, only) : f.ticket(only);
    CHECK((right.status == 200 || right.status == 201));
  }
  auto view = f.get("/api/customers/" + std::to_string(customer), all);
  CHECK(view.status == 200);
  CHECK(json::parse(view.body).is_object());
  auto transcript = f.get("/api/conversations/" + std::to_string(conversation) + "/messages", all);
  CHECK(transcript.body.find("It leaks") != std::string::npos);
}

TEST_CASE("unknown, revoked and malformed keys get 401 and change nothing") {
  Fixture f;
  const std::string key = f.key(kAllScopes);
  const Counts before(f.server);
  for (const std::string& wrong : {key + "x", key.substr(0, key.size() - 1), std::string("kefu."),
                                   "kefu." + std::string(43, 'A')}) {
    auto refused = f.ticket(wrong);
    CHECK(refused.status == 401);
    CHECK(error_code(refused) == "invalid_api_key");
  }
  CHECK(Counts(f.server) == before);
}

TEST_CASE("a key over its rate gets 429 with Retry-After until the minute refills it") {
  Fixture f;
  const std::string key = f.key(R"(["events:read","tickets:write"])", 2);
  REQUIRE(f.get("/api/events", key).status == 200);
  REQUIRE(f.get("/api/events", key).status == 200);
  const Counts before(f.server);
  auto over = f.ticket(key);
  REQUIRE(over.status == 429);
  REQUIRE(error_code(over) == "rate_limited");
  REQUIRE(std::stoi(over.headers["retry-after"]) >= 1);
  REQUIRE(std::stoi(over.headers["retry-after"]) <= 30);
  REQUIRE(Counts(f.server) == before);
  // Another key has its own budget.
  REQUIRE(f.get("/api/events", f.key(R"(["events:read"])", 2)).status == 200);
}

TEST_CASE(
    "a key used while SQLite is locked past the busy timeout is admitted, its last use "
    "written by its next request",
    "[sqlite_only]") {
  Fixture f;
  const std::string key = f.key(R"(["events:read","tickets:write"])", 2);
  const Counts before(f.server);
  {
    // Another writer holds the write lock past the gate's 2 s busy timeout: the key's first use
    // cannot write last_used_at. (The server used to die of it, the exception leaving the io
    // thread: CI-like run, ctest -j4 under load.)
    SQLite::Database holder(f.server.database(), SQLite::OPEN_READWRITE);
    holder.setBusyTimeout(10000);  // the server's own writes first
    holder.exec("BEGIN IMMEDIATE");
    const auto busy = f.get("/api/events", key);
    holder.exec("ROLLBACK");
    CHECK(busy.status == 200);
  }
  CHECK(Counts(f.server) == before);
  CHECK(rows(f.server, "SELECT COUNT(*) FROM api_keys WHERE last_used_at IS NOT NULL") == 0);
  // The next request writes it; the first counted against the key's two a minute.
  CHECK(f.get("/api/events", key).status == 200);
  CHECK(rows(f.server, "SELECT COUNT(*) FROM api_keys WHERE last_used_at IS NOT NULL") == 1);
  const auto over = f.get("/api/events", key);
  CHECK(over.status == 429);
  CHECK(error_code(over) == "rate_limited");
}

TEST_CASE("a key works from any origin; a cookie without a key from a foreign one does not") {
  Fixture f;
  const std::string key = f.key(kAllScopes);
  const Headers foreign = {{"Origin", "http://evil.example"}};
  auto read = f.get(kReport, key, foreign);
  CHECK(read.status == 200);
  CHECK(read.headers.count("access-control-allow-origin") == 0);
  const Counts before(f.server);
  auto opened = f.ticket(key, foreign);
  CHECK(opened.status == 201);
  CHECK(Counts(f.server).conversations == before.conversations + 1);

  // The same calls with the admin's cookie and no key are cross-site staff calls.
  Headers cookie = with_cookie(f.admin);
  cookie["Origin"] = "http://evil.example";
  auto refused = http_request(f.port(), "GET", kReport, "", cookie);
  CHECK(refused.status == 403);
  CHECK(error_code(refused) == "forbidden_origin");
  const Counts middle(f.server);
  auto refused_write = http_request(f.port(), "POST", "/api/tickets",
                                    R"({"subject":"x","text":"y","email":""})", cookie);
  CHECK(refused_write.status == 403);
  CHECK(error_code(refused_write) == "forbidden_origin");
  CHECK(Counts(f.server) == middle);
}

TEST_CASE("a key and a staff cookie together are ambiguous") {
  Fixture f;
  const std::string key = f.key(kAllScopes);
  const Counts before(f.server);
  auto both = f.ticket(key, with_cookie(f.admin));
  CHECK(both.status == 400);
  CHECK(error_code(both) == "ambiguous_credentials");
  auto both_read = f.get(kReport, key, with_cookie(f.admin));
  CHECK(both_read.status == 400);
  CHECK(error_code(both_read) == "ambiguous_credentials");
  CHECK(Counts(f.server) == before);
  // A foreign page sending both is refused as a cross-site staff call.
  Headers foreign = with_cookie(f.admin);
  foreign["Origin"] = "http://evil.example";
  CHECK(f.ticket(key, foreign).status == 403);
  CHECK(Counts(f.server) == before);
}

TEST_CASE("a key opens no staff endpoint, socket or admin call") {
  Fixture f;
  const std::string key = f.key(kAllScopes);
  const Counts before(f.server);
  for (const std::string target :
       {"/api/me", "/api/admin/api-keys", "/api/kb/articles", "/api/quality/settings"}) {
    auto refused = f.get(target, key);
    CHECK(refused.status == 403);
    CHECK(error_code(refused) == "not_for_api_keys");
  }
  auto create = http_request(f.port(), "POST", "/api/admin/api-keys",
                             R"({"name":"Mine","scopes":["events:read"]})", with_key(key));
  CHECK(create.status == 403);
  auto note =
      http_request(f.port(), "POST", "/api/customers/1/notes", R"({"text":"hi"})", with_key(key));
  CHECK(note.status == 403);
  CHECK(error_code(note) == "not_for_api_keys");
  CHECK(Counts(f.server) == before);

  // The staff socket wants a session; the customer socket a visitor token, which a key is not.
  const std::string upgrade =
      "GET /ws/staff HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(f.port()) +
      "\r\nOrigin: " + f.server.origin() +
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " +
      key + "\r\n\r\n";
  auto staff = raw_exchange(f.port(), upgrade, 2000);
  CHECK(staff.received.rfind("HTTP/1.1 101", 0) != 0);
  CHECK(staff.received.rfind("HTTP/1.1 4", 0) == 0);
  CHECK_THROWS_AS(WsClient::customer(f.port(), f.server.origin(), key), UpgradeRefused);
}

TEST_CASE("the event feed pages the log by id and carries no personal data") {
  Fixture f;
  const std::string key = f.key(R"(["events:read","tickets:write"])", 1000);
  REQUIRE(f.ticket(key).status == 201);
  REQUIRE(f.ticket(key).status == 201);
  const std::int64_t total = rows(f.server, "SELECT COUNT(*) FROM events");
  REQUIRE(total >= 4);
  std::int64_t after = 0;
  std::int64_t seen = 0;
  std::int64_t last_id = 0;
  for (int page = 0; page < 100; ++page) {
    auto reply = f.get("/api/events?after=" + std::to_string(after) + "&limit=2", key);
    REQUIRE(reply.status == 200);
    CHECK(reply.body.find("mei@example.com") == std::string::npos);
    CHECK(reply.body.find("It leaks") == std::string::npos);
    CHECK(reply.body.find("Broken kettle") == std::string::npos);
    auto body = json::parse(reply.body).as_object();
    auto& events = body.at("events").as_array();
    REQUIRE(events.size() <= 2);
    for (const auto& e : events) {
      CHECK(e.at("id").as_int64() > last_id);
      last_id = e.at("id").as_int64();
      for (const char* field : {"at", "type", "conversation_id", "customer_id", "agent_id",
                                "channel", "queue", "data"}) {
        CHECK(e.as_object().contains(field));
      }
    }
    seen += static_cast<std::int64_t>(events.size());
    if (events.empty()) {
      CHECK(body.at("next_after").as_int64() == after);
      break;
    }
    after = body.at("next_after").as_int64();
    CHECK(after == last_id);
  }
  CHECK(seen >= total);
  for (const std::string bad : {"?limit=0", "?limit=501", "?after=-1", "?after=x", "?since=3"}) {
    auto refused = f.get("/api/events" + bad, key);
    CHECK(refused.status == 400);
    CHECK(error_code(refused) == "bad_request");
  }
  // Staff sessions do not read the feed: it is for keys.
  CHECK(http_request(f.port(), "GET", "/api/events", "", with_cookie(f.admin)).status == 404);
}
