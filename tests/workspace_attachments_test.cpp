
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Attachments: images and PDFs from a conversation's customer and staff, typed by their bytes,
// kept as files under random names beside the database, served as downloads to the
// conversation's customer and staff only.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(200, 'p');
const std::string kPdf = "%PDF-1.4\n" + std::string(300, 'd');

// Rows and files kept: a refusal must change neither.
std::string kept(const TestServer& server) {
  std::string out =
      std::to_string(count_rows(server, "SELECT COUNT(*) FROM attachments")) + " rows";
  // The bytes: files beside a SQLite database, rows of attachment_bytes on PostgreSQL.
  std::int64_t files = 0;
  if (server.on_postgres()) {
    files = count_rows(server, "SELECT COUNT(*) FROM attachment_bytes");
  } else {
    const auto folder = std::filesystem::path(server.database()).parent_path() / "attachments";
    if (std::filesystem::exists(folder))
      for ([[maybe_unused]] const auto& f : std::filesystem::directory_iterator(folder)) ++files;
  }
  return out + ", " + std::to_string(files) + " files";
}

HttpReply post(const TestServer& server, std::int64_t conversation, const std::string& name,
               const std::string& bytes, std::map<std::string, std::string> headers) {
  headers.emplace("Content-Type", "application/octet-stream");
  return http_request(
      server.port(), "POST",
      "/api/conversations/" + std::to_string(conversation) + "/attachments?name=" + name, bytes,
      headers);
}

}  // namespace

TEST_CASE("attachments go both ways and reach only the conversation's customer and staff",
          "[integration][workspace]") {
  TestServer server({"--attachment-max-bytes", "4096"});
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto bob = log_in(server.port(), "bob", "bob-demo-pass");
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  auto console = WsClient::staff(server.port(), server.origin(), alice);
  console->next_of_type("welcome");
  const std::string token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"My tin is dented"})");
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  console->next_of_type("conversation");
  const std::string stranger = new_visitor(server.port());

  // The customer sends a photo; the agent sees it arrive, and so does the customer's widget.
  auto photo = post(server, id, "dent.png", kPng, {{"Authorization", "Bearer " + token}});
  REQUIRE(photo.status == 201);
  const auto attachment = json::parse(photo.body).at("attachment");
  CHECK(attachment.at("content_type") == "image/png");
  CHECK(attachment.at("name") == "dent.png");
  CHECK(attachment.at("size") == static_cast<std::int64_t>(kPng.size()));
  CHECK(attachment.at("uploader").at("kind") == "customer");
  CHECK(console->next_of_type("attachment").at("attachment").at("id") == attachment.at("id"));
  CHECK(customer->next_of_type("attachment").at("attachment").at("name") == "dent.png");
  // The agent answers with a PDF; its claimed type does not matter, its bytes do.
  auto invoice = post(server, id, "invoice.pdf", kPdf,
                      {{"Cookie", "kefu_session=" + alice}, {"Content-Type", "image/png"}});
  REQUIRE(invoice.status == 201);
  CHECK(json::parse(invoice.body).at("attachment").at("content_type") == "application/pdf");
  CHECK(customer->next_of_type("attachment").at("attachment").at("uploader").at("kind") == "agent");

  // Served as a download, with the type it was sniffed as, to the customer and the staff.
  const std::string url = std::string(attachment.at("url").as_string());
  for (const auto& headers :
       std::vector<std::map<std::string, std::string>>{{{"Authorization", "Bearer " + token}},
                                                       {{"Cookie", "kefu_session=" + alice}},
                                                       {{"Cookie", "kefu_session=" + sam}}}) {
    auto got = http_request(server.port(), "GET", url, "", headers);
    REQUIRE(got.status == 200);
    CHECK(got.body == kPng);
    CHECK(got.headers["content-type"] == "image/png");
    CHECK(got.headers["content-disposition"].starts_with("attachment; filename=\"dent.png\""));
    CHECK(got.headers["x-content-type-options"] == "nosniff");
    CHECK(got.headers["content-security-policy"].find("sandbox") != std::string::npos);
  }
  // Nobody else: another visitor, an agent who does not have the conversation, nobody at all.
  CHECK(http_request(server.port(), "GET", url, "", {{"Authorization", "Bearer " + stranger}})
            .status == 404);
  CHECK(http_request(server.port(), "GET", url, "", {{"Cookie", "kefu_session=" + bob}}).status ==
        404);
  CHECK(http_request(server.port(), "GET", url).status == 401);
  const std::string list = "/api/conversations/" + std::to_string(id) + "/attachments";
  auto listed = http_request(server.port(), "GET", list, "", {{"Cookie", "kefu_session=" + alice}});
  REQUIRE(listed.status == 200);
  CHECK(json::parse(listed.body).at("attachments").as_array().size() == 2);
  auto mine = http_request(server.port(), "GET", list, "", {{"Authorization", "Bearer " + token}});
  CHECK(json::parse(mine.body).at("attachments").as_array().size() == 2);
  CHECK(http_request(server.port(), "GET", list, "", {{"Authorization", "Bearer " + stranger}})
            .status == 404);
  CHECK(http_request(server.port(), "GET", list, "", {{"Cookie", "kefu_session=" + bob}}).status ==
        404);

  // Files (beside a SQLite database, in attachment_bytes on PostgreSQL) under random names,
  // never the uploader's.
  if (server.on_postgres()) {
    CHECK(count_rows(server, "SELECT COUNT(*) FROM attachment_bytes") > 0);
    CHECK(count_rows(server,
                     "SELECT COUNT(*) FROM attachment_bytes WHERE length(file_key) <> 40 "
                     "OR file_key LIKE '%.%'") == 0);
  } else {
    const auto folder = std::filesystem::path(server.database()).parent_path() / "attachments";
    for (const auto& f : std::filesystem::directory_iterator(folder)) {
      CHECK(f.path().filename().string().size() == 40);
      CHECK(f.path().filename().string().find('.') == std::string::npos);
    }
  }
}

TEST_CASE("a refused attachment is neither kept nor announced", "[integration][workspace]") {
  TestServer server({"--attachment-max-bytes", "4096"});
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto bob = log_in(server.port(), "bob", "bob-demo-pass");
  auto console = WsClient::staff(server.port(), server.origin(), alice);
  console->next_of_type("welcome");
  const std::string token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"Hello"})");
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  console->next_of_type("conversation");
  while (customer->quiet_for(200)) {
  }
  const auto before = kept(server);
  const std::map<std::string, std::string> as_customer{{"Authorization", "Bearer " + token}};

  const auto refused = [&](const HttpReply& reply, int status, const std::string& error) {
    INFO(reply.body);
    CHECK(reply.status == status);
    CHECK(json::parse(reply.body).at("error").as_string() == error);
    CHECK(kept(server) == before);
  };
  // Not an image or a PDF, whatever it claims to be: HTML, SVG, a script.
  refused(post(server, id, "page.html", "<html><script>alert(1)</script></html>", as_customer), 415,
          "unsupported_type");
  refused(post(server, id, "x.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>", as_customer), 415,
          "unsupported_type");
  refused(post(server, id, "empty.png", "", as_customer), 400, "bad_request");
  // Over the configured limit.
  refused(post(server, id, "big.png", kPng + std::string(5000, 'x'), as_customer), 413,
          "body_too_large");
  // Somebody else's conversation, or nobody's.
  refused(post(server, id, "dent.png", kPng,
               {{"Authorization", "Bearer " + new_visitor(server.port())}}),
          404, "not_found");
  refused(post(server, id, "dent.png", kPng, {{"Cookie", "kefu_session=" + bob}}), 404,
          "not_found");
  refused(post(server, id + 50, "dent.png", kPng, as_customer), 404, "not_found");
  refused(post(server, id, "dent.png", kPng, {}), 401, "unauthorized");
  refused(post(server, id, "dent.png", kPng,
               {{"Cookie", "kefu_session=" + alice}, {"Origin", "https://evil.example"}}),
          403, "forbidden_origin");
  for (WsClient* socket : {console.get(), customer.get()}) {
    while (auto frame = socket->quiet_for(300)) CHECK(frame->at("type") != "attachment");
  }

  // A name cannot carry a header or a path: it is cleaned.
  auto odd = post(server, id, "..%2F..%2Fetc%0D%0AX-Evil:%20yes.png", kPng, as_customer);
  REQUIRE(odd.status == 201);
  const auto name = std::string(json::parse(odd.body).at("attachment").at("name").as_string());
  CHECK(name.find('/') == std::string::npos);
  CHECK(name.find('\r') == std::string::npos);
  CHECK(name.find('\n') == std::string::npos);
}

TEST_CASE("erasing a customer deletes their conversations' attachments",
          "[integration][workspace]") {
  TestServer server;
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  auto console = WsClient::staff(server.port(), server.origin(), alice);
  console->next_of_type("welcome");
  const std::string token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"Photo of the dent"})");
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  const auto customer_id =
      console->next_of_type("conversation").at("conversation").at("customer").at("id").as_int64();
  REQUIRE(post(server, id, "dent.png", kPng, {{"Authorization", "Bearer " + token}}).status == 201);
  REQUIRE(post(server, id, "reply.pdf", kPdf, {{"Cookie", "kefu_session=" + alice}}).status == 201);
  CHECK(kept(server) == "2 rows, 2 files");

  auto erased =
      http_request(server.port(), "DELETE", "/api/customers/" + std::to_string(customer_id), "",
                   {{"Cookie", "kefu_session=" + admin}});
  REQUIRE(erased.status == 204);
  CHECK(kept(server) == "0 rows, 0 files");
  CHECK(http_request(server.port(), "GET", "/api/attachments/1", "",
                     {{"Cookie", "kefu_session=" + alice}})
            .status == 404);
}
