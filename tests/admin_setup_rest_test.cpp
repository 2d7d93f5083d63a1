
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// The first run: `kefu serve` on an empty database prints a one-time setup link, through which
// the first admin chooses a login and password (docs/protocol.md, "Admin: staff").

using namespace kefu::testing;
namespace json = boost::json;

namespace {

std::int64_t users(const TestServer& server) {
  return count_rows(server, "SELECT COUNT(*) FROM users");
}

std::string setup_body(const std::string& token, const std::string& password) {
  return json::serialize(json::object{
      {"token", token}, {"login", "owner"}, {"name", "Shop Owner"}, {"password", password}});
}

}  // namespace

TEST_CASE("an empty database prints a setup link that makes the first admin once",
          "[integration]") {
  TestServer server(TestServer::Empty{});
  const std::string line = server.next_output_line();
  const std::string prefix = server.origin() + "/setup?token=";
  REQUIRE(line.rfind("setup: " + prefix, 0) == 0);
  const std::string token = line.substr(7 + prefix.size());

  // A weak password, a wrong token, a body that is not the setup's: refused, nobody created.
  auto weak = http_request(server.port(), "POST", "/api/setup", setup_body(token, "shopowner"));
  CHECK(weak.status == 400);
  CHECK(json::parse(weak.body).at("error") == "weak_password");
  auto wrong = http_request(server.port(), "POST", "/api/setup",
                            setup_body(token + "x", "Tr4vel-Lamp-Orbit"));
  CHECK(wrong.status == 404);
  CHECK(json::parse(wrong.body).at("error") == "invalid_link");
  CHECK(http_request(server.port(), "POST", "/api/setup", R"({"token":1})").status == 400);
  CHECK(users(server) == 0);

  auto made =
      http_request(server.port(), "POST", "/api/setup", setup_body(token, "Tr4vel-Lamp-Orbit"));
  REQUIRE(made.status == 201);
  CHECK(json::parse(made.body).at("member").at("role") == "admin");
  CHECK_FALSE(log_in(server.port(), "owner", "Tr4vel-Lamp-Orbit").empty());

  // Used once: the same link is refused and nobody else is made.
  auto again =
      http_request(server.port(), "POST", "/api/setup", setup_body(token, "Another-Lamp-Orbit"));
  CHECK(again.status == 404);
  CHECK(users(server) == 1);
}
