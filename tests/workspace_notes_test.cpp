
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Private notes in a conversation's thread (socket `note`): staff only, never the customer's
// socket, with @mentions that notify the colleague and fill their mentions view.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

struct Member {
  std::string cookie;
  std::int64_t id = 0;
  std::unique_ptr<WsClient> socket;
};

Member sign_in(const TestServer& server, const std::string& login) {
  Member m;
  m.cookie = log_in(server.port(), login, login + "-demo-pass");
  m.socket = WsClient::staff(server.port(), server.origin(), m.cookie);
  m.id = m.socket->next_of_type("welcome").at("user").at("id").as_int64();
  return m;
}

std::int64_t notes_stored(const TestServer& server) {
  return count_rows(server, "SELECT COUNT(*) FROM conversation_notes") +
         count_rows(server, "SELECT COUNT(*) FROM note_mentions");
}

HttpReply notes_of(const TestServer& server, const Member& m, std::int64_t conversation) {
  return http_request(server.port(), "GET",
                      "/api/conversations/" + std::to_string(conversation) + "/notes", "",
                      {{"Cookie", "kefu_session=" + m.cookie}});
}

json::object note(std::int64_t conversation, const std::string& ref, const std::string& text,
                  json::array mentions = {}) {
  json::object o{
      {"type", "note"}, {"client_id", ref}, {"conversation_id", conversation}, {"text", text}};
  if (!mentions.empty()) o["mentions"] = std::move(mentions);
  return o;
}

// Every frame that arrives within `ms`, serialised.
std::string frames_within(WsClient& socket, int ms) {
  std::string all;
  while (auto frame = socket.quiet_for(ms)) all += json::serialize(*frame) + "\n";
  return all;
}

}  // namespace

TEST_CASE(
    "a note reaches the conversation's staff and the colleague it mentions, never the customer",
    "[integration][workspace]") {
  TestServer server;
  auto alice = sign_in(server, "alice");
  auto bob = sign_in(server, "bob");
  bob.socket->send(R"({"type":"status","client_id":"s1","status":"away"})");
  bob.socket->next_of_type("ack");
  auto wei = sign_in(server, "wei");
  wei.socket->send(R"({"type":"status","client_id":"s1","status":"away"})");
  wei.socket->next_of_type("ack");
  auto sam = sign_in(server, "sam");

  const std::string token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"My tin is dented"})");
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  alice.socket->next_of_type("conversation");
  sam.socket->send_json(
      json::object{{"type", "monitor"}, {"client_id", "m1"}, {"conversation_id", id}});
  sam.socket->next_of_type("ack");
  frames_within(*customer, 200);

  alice.socket->send_json(
      note(id, "n1", "@Bob Li did we ship a replacement?", json::array{bob.id}));
  auto mine = alice.socket->next_of_type("note");
  CHECK(mine.at("conversation_id") == id);
  CHECK(mine.at("note").at("text") == "@Bob Li did we ship a replacement?");
  CHECK(mine.at("note").at("author").at("name") == "Alice Chen");
  CHECK(mine.at("note").at("mentions").at(0).at("name") == "Bob Li");
  auto ack = alice.socket->next_of_type("ack");
  CHECK(ack.at("ref") == "n1");
  auto mention = bob.socket->next_of_type("mention");
  CHECK(mention.at("conversation_id") == id);
  CHECK(mention.at("note").at("text") == "@Bob Li did we ship a replacement?");
  CHECK(sam.socket->next_of_type("note").at("note").at("text") ==
        "@Bob Li did we ship a replacement?");
  // The customer hears nothing of it, now or when they sync.
  const auto heard = frames_within(*customer, 500);
  CHECK(heard.find("replacement") == std::string::npos);
  CHECK(heard.find("\"note\"") == std::string::npos);
  CHECK(heard.find("mention") == std::string::npos);
  customer->send_json(json::object{{"type", "sync"}, {"conversation_id", id}, {"after_seq", 0}});
  for (;;) {
    auto frame = customer->next();
    CHECK(json::serialize(frame).find("replacement") == std::string::npos);
    if (frame.at("type") == "synced") break;
  }
  // Nor does the transcript of the conversation carry it.
  auto transcript =
      http_request(server.port(), "GET", "/api/conversations/" + std::to_string(id) + "/messages",
                   "", {{"Cookie", "kefu_session=" + alice.cookie}});
  CHECK(transcript.body.find("replacement") == std::string::npos);
  CHECK_FALSE(wei.socket->quiet_for(200).has_value());

  // The notes over REST: the agent, the colleague mentioned, the supervisor; nobody else.
  auto listed = notes_of(server, alice, id);
  REQUIRE(listed.status == 200);
  CHECK(json::parse(listed.body).at("notes").as_array().size() == 1);
  CHECK(notes_of(server, bob, id).status == 200);
  CHECK(notes_of(server, sam, id).status == 200);
  auto stranger = notes_of(server, wei, id);
  CHECK(stranger.status == 404);
  CHECK(stranger.body.find("replacement") == std::string::npos);
  CHECK(http_request(server.port(), "GET", "/api/conversations/" + std::to_string(id) + "/notes")
            .status == 401);

  // The mentions view: Bob's holds the conversation, Wei's nothing.
  auto bobs = http_request(server.port(), "GET", "/api/conversations?view=mentions", "",
                           {{"Cookie", "kefu_session=" + bob.cookie}});
  REQUIRE(bobs.status == 200);
  CHECK(json::parse(bobs.body).at("total") == 1);
  CHECK(json::parse(bobs.body).at("conversations").at(0).at("id") == id);
  auto weis = http_request(server.port(), "GET", "/api/conversations?view=mentions", "",
                           {{"Cookie", "kefu_session=" + wei.cookie}});
  CHECK(json::parse(weis.body).at("total") == 0);

  // Bob, mentioned, answers with a note of his own; a retry of it stores nothing twice.
  const auto before = notes_stored(server);
  bob.socket->send_json(note(id, "b1", "Yes, on Monday"));
  CHECK(bob.socket->next_of_type("note").at("note").at("text") == "Yes, on Monday");
  bob.socket->next_of_type("ack");
  CHECK(alice.socket->next_of_type("note").at("note").at("author").at("name") == "Bob Li");
  bob.socket->send_json(note(id, "b1", "Yes, on Monday"));
  CHECK(bob.socket->next_of_type("ack").at("ref") == "b1");
  CHECK(notes_stored(server) == before + 1);
  CHECK_FALSE(alice.socket->quiet_for(300).has_value());
  CHECK(frames_within(*customer, 100).find("Monday") == std::string::npos);
}

TEST_CASE("a refused note stores nothing and reaches nobody", "[integration][workspace]") {
  TestServer server;
  auto alice = sign_in(server, "alice");
  auto wei = sign_in(server, "wei");
  wei.socket->send(R"({"type":"status","client_id":"s1","status":"away"})");
  wei.socket->next_of_type("ack");
  const std::string token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send(R"({"type":"message","client_id":"c1","text":"Hello"})");
  const auto id = customer->next_of_type("ack").at("conversation_id").as_int64();
  alice.socket->next_of_type("conversation");
  frames_within(*customer, 200);
  const auto before = notes_stored(server);

  const auto refused = [&](WsClient& sender, const json::value& frame, const std::string& code) {
    sender.send_json(frame);
    auto error = sender.next_of_type("error");
    CHECK(error.at("code").as_string() == code);
  };
  // Another agent's conversation, or none at all.
  refused(*wei.socket, note(id, "w1", "psst"), "not_found");
  refused(*alice.socket, note(id + 100, "a1", "psst"), "not_found");
  // A mention of nobody, a mention twice, a bad mention, an empty or too long text.
  refused(*alice.socket, note(id, "a2", "psst", json::array{999999}), "bad_field");
  refused(*alice.socket, note(id, "a3", "psst", json::array{1, 1}), "bad_field");
  refused(*alice.socket, note(id, "a4", "psst", json::array{"bob"}), "bad_field");
  refused(*alice.socket, note(id, "a5", "   "), "bad_field");
  refused(*alice.socket, note(id, "a6", std::string(4001, 'x')), "too_long");
  // A customer may not write notes.
  refused(*customer, note(id, "c2", "psst"), "unknown_type");

  CHECK(notes_stored(server) == before);
  CHECK_FALSE(alice.socket->quiet_for(300).has_value());
  CHECK_FALSE(wei.socket->quiet_for(100).has_value());
  CHECK(frames_within(*customer, 100).find("psst") == std::string::npos);
}
