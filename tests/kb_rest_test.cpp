#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The admins' knowledge-base article REST (docs/protocol.md) against the real server.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t rows(const TestServer& server, const std::string& sql) {
  return count_rows(server, sql);
}

struct Admin {
  TestServer& server;
  std::string cookie = log_in(server.port(), "admin", "admin-demo-pass");

  HttpReply call(const std::string& method, const std::string& target,
                 const std::string& body = "") const {
    return http_request(
        server.port(), method, target, body,
        {{"Cookie", "kefu_session=" + cookie}, {"Content-Type", "application/json"}});
  }
};

// What a new widget visitor finds for `q` (percent-encoded): the ids of the articles. (A new
// visitor each time: searches are rate-limited per visitor.)
std::vector<std::int64_t> widget_finds(const TestServer& server, const std::string& q) {
  const std::string token = new_visitor(server.port());
  const auto r = http_request(server.port(), "GET", "/api/kb/search?q=" + q, "",
                              {{"Authorization", "Bearer " + token}});
  REQUIRE(r.status == 200);
  std::vector<std::int64_t> ids;
  const json::value found = json::parse(r.body);
  for (const auto& a : found.at("articles").as_array()) {
    ids.push_back(a.at("id").as_int64());
  }
  return ids;
}

bool contains(const std::vector<std::int64_t>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("only admins reach the article REST", "[integration][kb]") {
  TestServer server;
  CHECK(http_request(server.port(), "GET", "/api/kb/articles").status == 401);
  for (const auto& [login, password] :
       {std::pair{"alice", "alice-demo-pass"}, std::pair{"sam", "sam-demo-pass"}}) {
    const std::string cookie = log_in(server.port(), login, password);
    REQUIRE_FALSE(cookie.empty());
    const std::map<std::string, std::string> headers{{"Cookie", "kefu_session=" + cookie}};
    CHECK(http_request(server.port(), "GET", "/api/kb/articles", "", headers).status == 403);
    CHECK(http_request(server.port(), "POST", "/api/kb/articles", R"({"title":"x","locale":"en"})",
                       headers)
              .status == 403);
    CHECK(http_request(server.port(), "DELETE", "/api/kb/articles/1", "", headers).status == 403);
  }
  CHECK(rows(server, "SELECT COUNT(*) FROM kb_article_versions WHERE author != 'demo'") == 0);
  Admin admin{server};
  const auto list = admin.call("GET", "/api/kb/articles");
  REQUIRE(list.status == 200);
  const auto articles = json::parse(list.body).at("articles").as_array();
  CHECK(static_cast<std::int64_t>(articles.size()) ==
        rows(server, "SELECT COUNT(*) FROM kb_articles"));
  CHECK(articles.size() > 10);  // the demo knowledge base
  const auto drafts = admin.call("GET", "/api/kb/articles?status=draft");
  REQUIRE(drafts.status == 200);
  CHECK(json::parse(drafts.body).at("articles").as_array().empty());
  CHECK(admin.call("GET", "/api/kb/articles?status=gone").status == 400);
}

TEST_CASE("bad articles get a 400 naming the field and change nothing", "[integration][kb]") {
  TestServer server;
  Admin admin{server};
  const auto count = [&] { return rows(server, "SELECT COUNT(*) FROM kb_articles"); };
  const auto versions = [&] { return rows(server, "SELECT COUNT(*) FROM kb_article_versions"); };
  const std::int64_t before = count();
  const std::int64_t versions_before = versions();
  const std::pair<const char*, const char*> bad[] = {
      {"not json", ""},
      {"[1,2]", ""},
      {R"({"locale":"en"})", "title"},
      {R"({"title":"","locale":"en"})", "title"},
      {R"({"title":7,"locale":"en"})", "title"},
      {R"({"title":"Returns","locale":"fr"})", "locale"},
      {R"({"title":"Returns","locale":"en","tags":"a,b"})", "tags"},
      {R"({"title":"Returns","locale":"en","tags":["a,b"]})", "tags"},
      {R"({"title":"Returns","locale":"en","slug":"no spaces"})", "slug"},
      {R"({"title":"Returns","locale":"en","status":"archived"})", "status"},
      {R"({"title":"Returns","locale":"en","colour":"red"})", "colour"},
      {"{\"title\":\"Returns\",\"locale\":\"en\",\"body\":\"\xff\xfe\"}", ""},
  };
  for (const auto& [body, field] : bad) {
    INFO(body);
    const auto r = admin.call("POST", "/api/kb/articles", body);
    CHECK(r.status == 400);
    json::error_code ec;
    const auto answer = json::parse(r.body, ec);
    REQUIRE_FALSE(ec);
    CHECK(answer.at("error").as_string() == "invalid_article");
    if (*field != '\0') CHECK(answer.at("field").as_string() == field);
  }
  // A taken slug is a conflict.
  const auto first = admin.call("POST", "/api/kb/articles",
                                R"({"title":"Gift cards","locale":"en","slug":"gift-cards"})");
  REQUIRE(first.status == 201);
  const auto again = admin.call("POST", "/api/kb/articles",
                                R"({"title":"Gift cards 2","locale":"en","slug":"gift-cards"})");
  CHECK(again.status == 409);
  CHECK(json::parse(again.body).at("error").as_string() == "slug_taken");
  CHECK(count() == before + 1);
  CHECK(versions() == versions_before + 1);
  // A bad edit leaves the article as it was.
  const auto id = json::parse(first.body).at("id").as_int64();
  const auto target = "/api/kb/articles/" + std::to_string(id);
  CHECK(admin.call("PUT", target, R"({"title":"","locale":"en"})").status == 400);
  CHECK(admin.call("PUT", "/api/kb/articles/999999", R"({"title":"x","locale":"en"})").status ==
        404);
  CHECK(admin.call("GET", "/api/kb/articles/abc").status == 404);
  CHECK(admin.call("PATCH", target).status == 405);
  const auto kept = json::parse(admin.call("GET", target).body);
  CHECK(kept.at("title").as_string() == "Gift cards");
  CHECK(kept.at("version").as_int64() == 1);
}

TEST_CASE("an admin's article is searchable at once, follows edits and goes when deleted",
          "[integration][kb]") {
  TestServer server;
  Admin admin{server};
  CHECK(widget_finds(server, "zebra%20blanket").empty());

  const auto created = admin.call(
      "POST", "/api/kb/articles",
      R"({"title":"Zebra blanket care","body":"Wash the **zebra blanket** cold.\n\nNo tumble dryer.","locale":"en","tags":["care","blankets"],"status":"published"})");
  REQUIRE(created.status == 201);
  const auto article = json::parse(created.body).as_object();
  const auto id = article.at("id").as_int64();
  CHECK(article.at("status").as_string() == "published");
  CHECK(article.at("version").as_int64() == 1);
  CHECK(article.at("tags").as_array().size() == 2);
  CHECK(contains(widget_finds(server, "zebra%20blanket"), id));

  // A draft is not searchable.
  const auto draft =
      admin.call("POST", "/api/kb/articles",
                 R"({"title":"Okapi pillow","body":"Secret okapi launch.","locale":"en"})");
  REQUIRE(draft.status == 201);
  CHECK(json::parse(draft.body).at("status").as_string() == "draft");
  CHECK(widget_finds(server, "okapi").empty());

  const auto target = "/api/kb/articles/" + std::to_string(id);
  const auto edited = admin.call(
      "PUT", target,
      R"({"title":"Teapot descaling","body":"Descale the teapot with vinegar.","locale":"en","tags":["care"]})");
  REQUIRE(edited.status == 200);
  CHECK(json::parse(edited.body).at("version").as_int64() == 2);
  CHECK(json::parse(edited.body).at("status").as_string() == "published");
  CHECK(contains(widget_finds(server, "teapot%20descaling"), id));
  CHECK_FALSE(contains(widget_finds(server, "zebra%20blanket"), id));
  const auto full = json::parse(admin.call("GET", target).body).as_object();
  REQUIRE(full.at("versions").as_array().size() == 2);
  CHECK(full.at("versions").as_array()[1].at("author").as_string() == "admin");

  // Unpublished by an edit, then published again, then deleted.
  CHECK(
      admin
          .call(
              "PUT", target,
              R"({"title":"Teapot descaling","body":"Descale the teapot with vinegar.","locale":"en","status":"draft"})")
          .status == 200);
  // Gone from search; other articles may still come up through words near in meaning.
  CHECK_FALSE(contains(widget_finds(server, "teapot%20descaling"), id));
  CHECK(
      admin
          .call(
              "PUT", target,
              R"({"title":"Teapot descaling","body":"Descale the teapot with vinegar.","locale":"en","status":"published"})")
          .status == 200);
  CHECK(contains(widget_finds(server, "teapot%20descaling"), id));
  CHECK(admin.call("DELETE", target).status == 204);
  CHECK_FALSE(contains(widget_finds(server, "teapot%20descaling"), id));
  CHECK(admin.call("GET", target).status == 404);
  CHECK(admin.call("DELETE", target).status == 404);
  CHECK(rows(server, "SELECT COUNT(*) FROM kb_article_versions WHERE article_id = " +
                         std::to_string(id)) == 0);
}
