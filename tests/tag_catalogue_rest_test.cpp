
#include <array>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdio>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The tag catalogue (docs/protocol.md, "Admin: tags") and the shop's integration in the
// configuration document (docs/config.md) through the real `kefu serve` and `kefu config`:
// admins keep the tags, agents read them and may set only active ones once there are any; bad
// input gets a typed 400 and changes nothing; the export holds tags and origins (secrets only
// with --with-secrets, sealed) and an import applies them live.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const std::string kSecret = "tags-shop-secret";

void settle(const TestServer& server) {
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
}

// The catalogue, the customers' tags and the tag events, as one text.
std::string tag_rows(const TestServer& server) {
  settle(server);
  return stored_rows(server,
                     "SELECT name, label_zh, label_en, retired_at FROM tag_catalogue ORDER BY "
                     "name") +
         "|" + stored_rows(server, "SELECT customer_id, tag FROM customer_tags ORDER BY 1, 2") +
         "|" + stored_rows(server, "SELECT COUNT(*) FROM events WHERE type LIKE 'tag_%'");
}

std::string error_code(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

std::string cookie_of(const TestServer& server, const std::string& login) {
  const auto cookie = log_in(server.port(), login, login + "-demo-pass");
  REQUIRE(!cookie.empty());
  return cookie;
}

// A customer known to the shop (one signed order); returns the id.
std::int64_t customer(const TestServer& server) {
  const std::string body = R"({"id":8001,"name":"#8001","email":"mei@example.com",
    "created_at":"2026-11-20T10:00:00Z","total_price":"5.00","currency":"CNY",
    "customer":{"id":801,"first_name":"Mei","last_name":"Lin","email":"mei@example.com"},
    "line_items":[{"title":"Jasmine tea","quantity":1,"price":"5.00","sku":"JT"}]})";
  auto r = http_request(server.port(), "POST", "/api/shop/orders", body,
                        {{"X-Shopify-Hmac-Sha256", shopify_signature(body, kSecret)}});
  REQUIRE(r.status == 200);
  return json::parse(r.body).at("customer_id").as_int64();
}

HttpReply add_tag(const TestServer& server, const std::string& cookie, std::int64_t id,
                  const std::string& tag) {
  return http_request(server.port(), "POST", "/api/customers/" + std::to_string(id) + "/tags",
                      R"({"tag":")" + tag + R"("})", as(cookie));
}

HttpReply create(const TestServer& server, const std::string& admin, const std::string& body) {
  return http_request(server.port(), "POST", "/api/admin/tags", body, as(admin));
}

std::pair<std::string, int> shell(const std::string& args) {
  const char* dir = std::getenv("KEFU_BINARY_DIR");
  const std::string command = std::string(dir ? dir : ".") + "/server/cli/kefu " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buffer{};
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

}  // namespace

TEST_CASE("the tag catalogue is the admins' to keep and every staff member's to read",
          "[integration][tags]") {
  TestServer server;
  const auto alice = cookie_of(server, "alice");
  const auto before = tag_rows(server);
  CHECK(http_request(server.port(), "GET", "/api/tags").status == 401);
  CHECK(http_request(server.port(), "GET", "/api/tags", "", as(alice)).status == 200);
  const std::string vip = R"({"name":"vip","label_zh":"贵宾","label_en":"VIP"})";
  CHECK(http_request(server.port(), "POST", "/api/admin/tags", vip).status == 401);
  for (const std::string login : {"alice", "sam"}) {
    const auto cookie = cookie_of(server, login);
    auto made = create(server, cookie, vip);
    CHECK(made.status == 403);
    CHECK(error_code(made) == "forbidden");
    CHECK(http_request(server.port(), "DELETE", "/api/admin/tags/vip", "", as(cookie)).status ==
          403);
  }
  CHECK(tag_rows(server) == before);
}

TEST_CASE("admins create, relabel, retire and bring back tags, each audited",
          "[integration][tags]") {
  TestServer server;
  const auto admin = cookie_of(server, "admin");
  auto made = create(server, admin, R"({"name":"vip","label_zh":"贵宾","label_en":"VIP"})");
  REQUIRE(made.status == 201);
  CHECK(json::parse(made.body) ==
        json::parse(R"({"name":"vip","label_zh":"贵宾","label_en":"VIP","retired":false})"));
  auto relabelled = http_request(server.port(), "PUT", "/api/admin/tags/vip",
                                 R"({"label_zh":"重要客户","label_en":"Key account"})", as(admin));
  CHECK(relabelled.status == 200);
  auto retired = http_request(server.port(), "DELETE", "/api/admin/tags/vip", "", as(admin));
  CHECK(retired.status == 200);
  CHECK(json::parse(retired.body).at("retired") == true);
  auto listed = http_request(server.port(), "GET", "/api/tags", "", as(cookie_of(server, "bob")));
  CHECK(json::parse(listed.body) ==
        json::parse(R"({"tags":[{"name":"vip","label_zh":"重要客户","label_en":"Key account",
                                 "retired":true}]})"));
  auto back = http_request(server.port(), "PUT", "/api/admin/tags/vip",
                           R"({"label_zh":"重要客户","label_en":"Key account","retired":false})",
                           as(admin));
  CHECK(json::parse(back.body).at("retired") == false);
  settle(server);
  CHECK(stored_rows(server, "SELECT type, " + json_text(server, "data", "subject") +
                                " FROM events WHERE type LIKE 'tag_%' ORDER BY id") ==
        "tag_created|vip|\ntag_updated|vip|\ntag_retired|vip|\ntag_updated|vip|\n");
}

TEST_CASE("bad tags are refused with a typed 400 and change nothing", "[integration][tags]") {
  TestServer server;
  const auto admin = cookie_of(server, "admin");
  REQUIRE(create(server, admin, R"({"name":"vip","label_zh":"贵宾","label_en":"VIP"})").status ==
          201);
  const auto before = tag_rows(server);
  const std::vector<std::pair<std::string, std::string>> bad{
      {R"({"name":"","label_zh":"空","label_en":"Empty"})", "bad_tag"},
      {R"({"name":" vip2","label_zh":"空","label_en":"Spaces"})", "bad_tag"},
      {R"({"name":"a/b","label_zh":"斜","label_en":"Slash"})", "bad_tag"},
      {R"({"name":"x\u0001","label_zh":"控","label_en":"Control"})", "bad_tag"},
      {R"({"name":"0123456789012345678901234567890123456789x","label_zh":"长","label_en":"Long"})",
       "bad_tag"},
      {R"({"name":"new","label_zh":"","label_en":"No zh"})", "bad_tag"},
      {R"({"name":"new","label_en":"No zh"})", "bad_tag"},
      {R"({"name":"new","label_zh":"新","label_en":"New","colour":"red"})", "bad_tag"},
      {R"({"name":"new","label_zh":"新","label_en":"New","retired":"no"})", "bad_tag"},
      {R"({"name":7,"label_zh":"新","label_en":"New"})", "bad_tag"},
      {R"({"name":"vip","label_zh":"又","label_en":"Again"})", "duplicate_tag"},
      {R"(["vip"])", "bad_request"}};
  for (const auto& [body, code] : bad) {
    CAPTURE(body);
    auto reply = create(server, admin, body);
    CHECK(reply.status == 400);
    CHECK(error_code(reply) == code);
  }
  auto other = http_request(server.port(), "PUT", "/api/admin/tags/vip",
                            R"({"name":"gold","label_zh":"金","label_en":"Gold"})", as(admin));
  CHECK(other.status == 400);
  CHECK(error_code(other) == "bad_tag");
  auto missing = http_request(server.port(), "PUT", "/api/admin/tags/nobody",
                              R"({"label_zh":"无","label_en":"None"})", as(admin));
  CHECK(missing.status == 404);
  CHECK(http_request(server.port(), "DELETE", "/api/admin/tags/nobody", "", as(admin)).status ==
        404);
  CHECK(tag_rows(server) == before);
}

TEST_CASE("once the catalogue holds tags, agents may set only its active ones",
          "[integration][tags]") {
  TestServer server({"--shop-secret", kSecret});
  const auto admin = cookie_of(server, "admin");
  const auto alice = cookie_of(server, "alice");
  const auto id = customer(server);
  // No catalogue yet: any tag, as before the catalogue existed.
  CHECK(add_tag(server, alice, id, "early").status == 204);
  REQUIRE(create(server, admin, R"({"name":"vip","label_zh":"贵宾","label_en":"VIP"})").status ==
          201);
  CHECK(add_tag(server, alice, id, "vip").status == 204);
  auto before = tag_rows(server);
  auto unknown = add_tag(server, alice, id, "stranger");
  CHECK(unknown.status == 400);
  CHECK(error_code(unknown) == "unknown_tag");
  CHECK(tag_rows(server) == before);
  REQUIRE(http_request(server.port(), "DELETE", "/api/admin/tags/vip", "", as(admin)).status ==
          200);
  // Retired: it stays on the customer, and cannot be set again.
  CHECK(http_request(server.port(), "DELETE", "/api/customers/" + std::to_string(id) + "/tags/vip",
                     "", as(alice))
            .status == 204);
  before = tag_rows(server);
  auto retired = add_tag(server, alice, id, "vip");
  CHECK(retired.status == 400);
  CHECK(error_code(retired) == "unknown_tag");
  CHECK(tag_rows(server) == before);
}

TEST_CASE(
    "tags and the shop's origins are in the configuration, its secrets only sealed and "
    "only with --with-secrets",
    "[integration][tags][shop][sqlite_only]") {  // (kefu config export has no --store yet)
  TestServer server;
  const auto admin = cookie_of(server, "admin");
  REQUIRE(create(server, admin, R"({"name":"vip","label_zh":"贵宾","label_en":"VIP"})").status ==
          201);
  REQUIRE(http_request(server.port(), "PUT", "/api/admin/shop/origins",
                       R"({"allowed_origins":["https://shop.example"]})", as(admin))
              .status == 200);
  auto rotated = http_request(server.port(), "POST", "/api/admin/shop/secrets/order_webhook/rotate",
                              R"({"overlap_seconds":0})", as(admin));
  REQUIRE(rotated.status == 200);
  const std::string key(json::parse(rotated.body).at("secret").as_string());

  auto exported = http_request(server.port(), "GET", "/api/admin/config", "", as(admin));
  REQUIRE(exported.status == 200);
  json::object document = json::parse(exported.body).as_object();
  CHECK(json::serialize(document.at("tags")) ==
        R"([{"name":"vip","label_zh":"贵宾","label_en":"VIP","retired":false}])");
  CHECK(json::serialize(document.at("shop_origins")) == R"([{"origin":"https://shop.example"}])");
  CHECK(!document.contains("shop_secrets"));
  CHECK(exported.body.find(key) == std::string::npos);
  settle(server);
  const auto [plain, plain_status] = shell("config export --db " + server.database());
  CHECK(plain_status == 0);
  CHECK(plain.find("shop_secrets") == std::string::npos);
  const auto [secret, secret_status] =
      shell("config export --with-secrets --db " + server.database());
  CHECK(secret_status == 0);
  CHECK(secret.find("\"shop_secrets\"") != std::string::npos);
  CHECK(secret.find("sealed_current") != std::string::npos);
  CHECK(secret.find(key) == std::string::npos);

  // The export imports as no changes.
  auto same = http_request(server.port(), "POST", "/api/admin/config/import?dry_run=true",
                           json::serialize(document), as(admin));
  CHECK(json::parse(same.body).at("text") == "no changes\n");

  // A bad origin or tag is refused with the REST's typed error, nothing changed.
  const auto before =
      tag_rows(server) + stored_rows(server, "SELECT origin FROM shop_origins ORDER BY origin");
  json::object bad = document;
  bad["shop_origins"] = json::parse(R"([{"origin":"https://shop.example/path"}])");
  auto refused = http_request(server.port(), "POST", "/api/admin/config/import",
                              json::serialize(bad), as(admin));
  CHECK(refused.status == 400);
  CHECK(error_code(refused) == "bad_origin");
  bad = document;
  bad["tags"] = json::parse(R"([{"name":"a/b","label_zh":"斜","label_en":"Slash"}])");
  refused = http_request(server.port(), "POST", "/api/admin/config/import", json::serialize(bad),
                         as(admin));
  CHECK(refused.status == 400);
  CHECK(error_code(refused) == "bad_tag");
  CHECK(tag_rows(server) + stored_rows(server, "SELECT origin FROM shop_origins ORDER BY origin") ==
        before);

  // An edited document: one origin more, vip left out (retired), gold added; live at once.
  json::object edited = document;
  edited["shop_origins"] =
      json::parse(R"([{"origin":"https://shop.example"},{"origin":"https://m.shop.example"}])");
  edited["tags"] = json::parse(R"([{"name":"gold","label_zh":"金卡","label_en":"Gold"}])");
  CHECK(http_request(server.port(), "POST", "/api/widget/visitor", "{}",
                     {{"Origin", "https://m.shop.example"}, {"Content-Type", "application/json"}})
            .status == 403);
  auto applied = http_request(server.port(), "POST", "/api/admin/config/import",
                              json::serialize(edited), as(admin));
  REQUIRE(applied.status == 200);
  CHECK(json::parse(applied.body).at("text") ==
        "+ shop_origins/https://m.shop.example\n+ tags/gold\n- tags/vip\n"
        "3 changes: 2 added, 0 changed, 1 removed\n");
  CHECK(http_request(server.port(), "POST", "/api/widget/visitor", "{}",
                     {{"Origin", "https://m.shop.example"}, {"Content-Type", "application/json"}})
            .status == 200);
  auto tags = http_request(server.port(), "GET", "/api/tags", "", as(admin));
  CHECK(json::parse(tags.body) ==
        json::parse(R"({"tags":[{"name":"gold","label_zh":"金卡","label_en":"Gold","retired":false},
                                {"name":"vip","label_zh":"贵宾","label_en":"VIP","retired":true}]})"));
}

namespace {

// A care rule (disabled) whose only action is `action` with `tag`.
std::string tag_rule(const std::string& name, const std::string& action, const std::string& tag) {
  return R"({"name":")" + name + R"(","trigger":"order_paid","actions":[{"type":")" + action +
         R"(","tag":")" + tag + R"("}]})";
}

// The care rules and the catalogue, as one text.
std::string rules_and_tags(const TestServer& server) {
  settle(server);
  return stored_rows(server, "SELECT id, name, enabled, definition FROM care_rules ORDER BY id") +
         "|" + stored_rows(server, "SELECT name, retired_at FROM tag_catalogue ORDER BY name") +
         "|" + stored_rows(server, "SELECT COUNT(*) FROM events WHERE type LIKE 'tag_%'");
}

}  // namespace

TEST_CASE("a care rule adds only catalogue tags, and a tag rules add is not retired under them",
          "[integration][tags][care]") {
  TestServer server;
  const auto admin = cookie_of(server, "admin");
  auto post_rule = [&](const std::string& body) {
    return http_request(server.port(), "POST", "/api/admin/rules", body, as(admin));
  };
  // While the catalogue is empty any tag is taken, as agents' tags are.
  auto early = post_rule(tag_rule("Early", "add_tag", "anything"));
  REQUIRE(early.status == 201);
  const auto early_id = json::parse(early.body).at("rule").at("id").as_int64();
  REQUIRE(
      create(server, admin, R"({"name":"loyal","label_zh":"忠实","label_en":"Loyal"})").status ==
      201);
  REQUIRE(create(server, admin, R"({"name":"old","label_zh":"旧","label_en":"Old"})").status ==
          201);
  REQUIRE(http_request(server.port(), "DELETE", "/api/admin/tags/old", "", as(admin)).status ==
          200);

  // Now a tag outside the catalogue, or retired, is refused on save; nothing is stored.
  const auto before = rules_and_tags(server);
  for (const std::string tag : {"nope", "old"}) {
    INFO(tag);
    auto refused = post_rule(tag_rule("Bad", "add_tag", tag));
    CHECK(refused.status == 400);
    CHECK(error_code(refused) == "unknown_tag");
  }
  auto edited = http_request(server.port(), "PUT", "/api/admin/rules/" + std::to_string(early_id),
                             tag_rule("Early", "add_tag", "anything"), as(admin));
  CHECK(edited.status == 400);
  CHECK(error_code(edited) == "unknown_tag");
  CHECK(rules_and_tags(server) == before);
  // The rule saved before the catalogue is still switched on and off as it is.
  CHECK(http_request(server.port(), "POST",
                     "/api/admin/rules/" + std::to_string(early_id) + "/enable", "", as(admin))
            .status == 200);
  // Removing a tag is not checked: taking a retired tag off customers is allowed.
  CHECK(post_rule(tag_rule("Clean up", "remove_tag", "old")).status == 201);

  // A rule adding a catalogue tag is stored; the tag cannot be retired while it does.
  auto loyal = post_rule(tag_rule("Loyal customers", "add_tag", "loyal"));
  REQUIRE(loyal.status == 201);
  const auto loyal_id = json::parse(loyal.body).at("rule").at("id").as_int64();
  const auto in_use = rules_and_tags(server);
  auto retire = http_request(server.port(), "DELETE", "/api/admin/tags/loyal", "", as(admin));
  CHECK(retire.status == 409);
  CHECK(json::parse(retire.body).at("rules") ==
        json::array{json::object{{"id", loyal_id}, {"name", "Loyal customers"}}});
  CHECK(error_code(retire) == "tag_in_use");
  auto retire_by_put =
      http_request(server.port(), "PUT", "/api/admin/tags/loyal",
                   R"({"label_zh":"忠实","label_en":"Loyal","retired":true})", as(admin));
  CHECK(retire_by_put.status == 409);
  CHECK(error_code(retire_by_put) == "tag_in_use");
  CHECK(rules_and_tags(server) == in_use);
  // Relabelling it is fine; once the rule no longer adds it, it is retired.
  CHECK(http_request(server.port(), "PUT", "/api/admin/tags/loyal",
                     R"({"label_zh":"忠实客户","label_en":"Loyal"})", as(admin))
            .status == 200);
  REQUIRE(http_request(server.port(), "PUT", "/api/admin/rules/" + std::to_string(loyal_id),
                       tag_rule("Loyal customers", "remove_tag", "loyal"), as(admin))
              .status == 200);
  CHECK(http_request(server.port(), "DELETE", "/api/admin/tags/loyal", "", as(admin)).status ==
        200);
}
