#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The admins' synonym REST (docs/protocol.md, "Knowledge-base synonyms (admin)") against the
// real server: groups an admin adds in the KB editor reach the widget search at once.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

struct Staff {
  TestServer& server;
  std::string cookie;

  HttpReply call(const std::string& method, const std::string& target,
                 const std::string& body = "") const {
    // The server's own origin, as the KB editor page sends it.
    return http_request(server.port(), method, target, body,
                        {{"Cookie", "kefu_session=" + cookie},
                         {"Content-Type", "application/json"},
                         {"Origin", "http://127.0.0.1:" + std::to_string(server.port())}});
  }
};

// The ids of the articles a new widget visitor finds for `question`.
std::vector<std::int64_t> widget_finds(const TestServer& server, const std::string& question) {
  const std::string token = new_visitor(server.port());
  const auto r = http_request(
      server.port(), "GET",
      "/api/kb/search?q=" + boost::urls::encode(question, boost::urls::unreserved_chars), "",
      {{"Authorization", "Bearer " + token}});
  REQUIRE(r.status == 200);
  std::vector<std::int64_t> ids;
  const json::value found = json::parse(r.body);
  for (const auto& a : found.at("articles").as_array()) {
    ids.push_back(a.at("id").as_int64());
  }
  return ids;
}

bool finds(const TestServer& server, const std::string& question, std::int64_t id) {
  const auto ids = widget_finds(server, question);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("only admins reach the synonym REST, and bad groups change nothing",
          "[integration][kb][zh]") {
  TestServer server;
  const auto groups = [&] {
    return rows(server, "SELECT COUNT(*) FROM kb_vocabulary WHERE kind = 'synonyms'");
  };
  const std::int64_t before = groups();
  CHECK(http_request(server.port(), "GET", "/api/kb/synonyms").status == 401);
  const Staff agent{server, log_in(server.port(), "alice", "alice-demo-pass")};
  REQUIRE_FALSE(agent.cookie.empty());
  CHECK(agent.call("GET", "/api/kb/synonyms").status == 403);
  CHECK(agent.call("POST", "/api/kb/synonyms", R"({"words":["纸袋","手提袋"]})").status == 403);
  CHECK(agent.call("DELETE", "/api/kb/synonyms/1").status == 403);
  CHECK(groups() == before);

  const Staff admin{server, log_in(server.port(), "admin", "admin-demo-pass")};
  for (const char* body :
       {"not json", "[1,2]", "{}", R"({"words":"纸袋,手提袋"})", R"({"words":["纸袋"]})",
        R"({"words":["纸袋",7]})", R"({"words":["纸袋",""]})", R"({"words":["纸袋","手提,袋"]})",
        R"({"words":["纸袋","手提袋"],"colour":"red"})"}) {
    INFO(body);
    const auto r = admin.call("POST", "/api/kb/synonyms", body);
    CHECK(r.status == 400);
    json::error_code ec;
    const auto answer = json::parse(r.body, ec);
    REQUIRE_FALSE(ec);
    CHECK(answer.at("error").as_string() == "invalid_synonyms");
  }
  CHECK(groups() == before);
  CHECK(admin.call("DELETE", "/api/kb/synonyms/999999").status == 404);
  CHECK(admin.call("DELETE", "/api/kb/synonyms/abc").status == 404);
  CHECK(admin.call("PUT", "/api/kb/synonyms").status == 405);
  CHECK(groups() == before);
}

TEST_CASE("a synonym group an admin adds reaches the widget search at once and goes when removed",
          "[integration][kb][zh]") {
  TestServer server;
  const Staff admin{server, log_in(server.port(), "admin", "admin-demo-pass")};
  const auto created = admin.call(
      "POST", "/api/kb/articles",
      R"({"title":"手提袋","locale":"zh","body":"每单送一个手提袋。","status":"published"})");
  REQUIRE(created.status == 201);
  const std::int64_t article = json::parse(created.body).at("id").as_int64();
  CHECK_FALSE(finds(server, "有紙袋嗎", article));

  const auto listed = json::parse(admin.call("GET", "/api/kb/synonyms").body).as_object();
  CHECK(listed.at("built_in").as_array().size() > 20);  // shop Chinese every shop has
  const std::size_t added_before = listed.at("groups").as_array().size();

  // Written in Traditional: it folds as the text does.
  const auto added = admin.call("POST", "/api/kb/synonyms", R"({"words":["手提袋","紙袋"]})");
  REQUIRE(added.status == 201);
  const auto group = json::parse(added.body).as_object();
  const std::int64_t id = group.at("id").as_int64();
  CHECK(group.at("words").as_array().size() == 2);
  CHECK(finds(server, "有紙袋嗎", article));
  CHECK(finds(server, "有纸袋吗", article));
  const auto now = json::parse(admin.call("GET", "/api/kb/synonyms").body).as_object();
  REQUIRE(now.at("groups").as_array().size() == added_before + 1);
  CHECK(now.at("groups").as_array().back().at("id").as_int64() == id);

  CHECK(admin.call("DELETE", "/api/kb/synonyms/" + std::to_string(id)).status == 204);
  CHECK_FALSE(finds(server, "有紙袋嗎", article));
  CHECK(admin.call("DELETE", "/api/kb/synonyms/" + std::to_string(id)).status == 404);
  CHECK(rows(server, "SELECT COUNT(*) FROM kb_vocabulary WHERE kind = 'synonyms'") ==
        static_cast<std::int64_t>(added_before));
}
