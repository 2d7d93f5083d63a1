
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// GET /api/kb/read (docs/protocol.md, "Knowledge base for the widget"): the widget opens in full
// a published article that the visitor's own search showed them; every other ask is refused
// with a typed error, and a read logs nothing.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t event_rows(const TestServer& server) {
  // A health probe answers after what was logged before it is committed.
  REQUIRE(http_request(server.port(), "GET", "/healthz").status == 200);
  return count_rows(server, "SELECT COUNT(*) FROM events");
}

HttpReply staff_write(const TestServer& server, const std::string& cookie,
                      const std::string& method, const std::string& target,
                      const json::object& body) {
  return http_request(server.port(), method, target, json::serialize(body),
                      {{"Cookie", "kefu_session=" + cookie},
                       {"Content-Type", "application/json"},
                       {"Origin", server.origin()}});
}

json::object article_body(const std::string& status) {
  return json::object{
      {"title", "Zebra blanket care"},
      {"body", "# Care\n\nWash the **zebra** blanket cold.\n\n<script>x()</script>"},
      {"locale", "en"},
      {"status", status}};
}

HttpReply read(const TestServer& server, const std::string& token, const std::string& query,
               const std::string& method = "GET") {
  std::map<std::string, std::string> headers;
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  return http_request(server.port(), method, "/api/kb/read" + query, "", headers);
}

std::string error_of(const HttpReply& reply) {
  return std::string(json::parse(reply.body).at("error").as_string());
}

}  // namespace

TEST_CASE("the widget reads in full only a published article its own search showed",
          "[integration][workspace][kb]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto created =
      staff_write(server, admin, "POST", "/api/kb/articles", article_body("published"));
  REQUIRE(created.status == 201);
  const auto id = json::parse(created.body).at("id").as_int64();
  const std::string query = "?article_id=" + std::to_string(id);

  const auto reader = new_visitor(server.port());
  const auto stranger = new_visitor(server.port());
  const auto search = http_request(server.port(), "GET", "/api/kb/search?q=zebra%20blanket", "",
                                   {{"Authorization", "Bearer " + reader}});
  REQUIRE(search.status == 200);
  REQUIRE(search.body.find("\"id\":" + std::to_string(id)) != std::string::npos);

  const auto events_before = event_rows(server);
  const auto ok = read(server, reader, query);
  REQUIRE(ok.status == 200);
  const auto article = json::parse(ok.body).as_object();
  CHECK(article.at("id").as_int64() == id);
  CHECK(article.at("title").as_string() == "Zebra blanket care");
  CHECK(article.at("body").as_string() ==
        "# Care\n\nWash the **zebra** blanket cold.\n\n<script>x()</script>");
  CHECK(article.at("locale").as_string() == "en");

  SECTION("refusals are typed and change nothing") {
    const auto no_token = read(server, "", query);
    CHECK(no_token.status == 401);
    CHECK(error_of(no_token) == "unauthorized");
    CHECK(read(server, "not-a-token", query).status == 401);
    const std::vector<std::string> bad_queries{"",
                                               "?article_id=",
                                               "?article_id=abc",
                                               "?article_id=0",
                                               "?article_id=-3",
                                               "?article_id=12abc",
                                               "?article_id=1.5",
                                               "?id=" + std::to_string(id)};
    for (const auto& bad : bad_queries) {
      const auto r = read(server, reader, bad);
      CHECK(r.status == 400);
      CHECK(error_of(r) == "bad_request");
    }
    const auto posted = read(server, reader, query, "POST");
    CHECK(posted.status == 400);
    const auto not_shown = read(server, stranger, query);
    CHECK(not_shown.status == 403);
    CHECK(error_of(not_shown) == "not_shown");
    CHECK(not_shown.body.find("Wash the") == std::string::npos);
    const auto unknown = read(server, reader, "?article_id=999999");
    CHECK(unknown.status == 403);
    CHECK(event_rows(server) == events_before);
  }

  SECTION("an article taken back to draft is no longer read") {
    REQUIRE(staff_write(server, admin, "PUT", "/api/kb/articles/" + std::to_string(id),
                        article_body("draft"))
                .status == 200);
    const auto drafted = read(server, reader, query);
    CHECK(drafted.status == 404);
    CHECK(error_of(drafted) == "not_found");
    CHECK(drafted.body.find("Wash the") == std::string::npos);
  }
}
