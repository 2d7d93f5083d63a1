#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "tests/support/floor_helpers.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

// Outbound webhooks through the real `kefu serve` and a receiver in this process
// (docs/webhooks.md): Standard Webhooks signatures checked apart from the server's code,
// retries and Retry-After, 410, a crash mid-delivery, the SSRF guard, replay and rotation.
// Retries use `--test-webhook-schedule` (ms) so that the cases take seconds.

using namespace kefu::testing;
namespace json = boost::json;
using Headers = std::map<std::string, std::string>;
using namespace std::chrono_literals;

namespace {

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

const std::vector<std::string> kLoopback = {"--webhook-allow-network", "127.0.0.0/8"};

std::vector<std::string> flags(std::vector<std::string> more) {
  auto all = kLoopback;
  all.insert(all.end(), more.begin(), more.end());
  return all;
}

struct Fixture {
  TestServer server;
  std::string admin;
  std::string tickets_key;
  explicit Fixture(std::vector<std::string> args = flags({"--test-webhook-schedule",
                                                          "100,100,100"}))
      : server(std::move(args)) {
    login();
  }
  void login() {
    admin = log_in(server.port(), "admin", "admin-demo-pass");
    REQUIRE(!admin.empty());
  }
  unsigned short port() const { return server.port(); }
  Headers cookie() const { return {{"Cookie", "kefu_session=" + admin}}; }

  HttpReply call(const std::string& method, const std::string& target,
                 const std::string& body = "") {
    return http_request(port(), method, target, body, cookie());
  }
  // Subscribes `url` to `types` (a JSON array) as the admin; the whole answer.
  json::object subscribe(const std::string& url, const std::string& types) {
    auto made =
        call("POST", "/api/webhooks", R"({"url":")" + url + R"(","event_types":)" + types + "}");
    INFO(made.body);
    REQUIRE(made.status == 201);
    return json::parse(made.body).as_object();
  }
  // Opens a ticket with an API key (conversation.created and message.created follow).
  void open_ticket(const std::string& subject = "Broken kettle") {
    if (tickets_key.empty()) {
      auto made = call("POST", "/api/admin/api-keys",
                       R"({"name":"Shop","scopes":["tickets:write"],"rate_per_minute":1000})");
      REQUIRE(made.status == 201);
      tickets_key = std::string(json::parse(made.body).at("key").as_string());
    }
    auto opened = http_request(
        port(), "POST", "/api/tickets",
        R"({"subject":")" + subject + R"(","text":"It leaks","email":"mei@example.com"})",
        {{"Authorization", "Bearer " + tickets_key}});
    REQUIRE(opened.status == 201);
  }
  json::array deliveries(std::int64_t subscription) {
    auto listed = call("GET", "/api/webhooks/" + std::to_string(subscription) + "/deliveries");
    REQUIRE(listed.status == 200);
    return json::parse(listed.body).at("deliveries").as_array();
  }
  json::object webhook(std::int64_t id) {
    auto got = call("GET", "/api/webhooks/" + std::to_string(id));
    REQUIRE(got.status == 200);
    return json::parse(got.body).as_object();
  }
};

std::string text(const json::value& v) {
  return std::string(v.as_string());
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

bool verified(const ReceivedWebhook& got, const std::string& secret) {
  return standard_webhooks_valid(secret, got.headers.at("webhook-id"),
                                 got.headers.at("webhook-timestamp"), got.body,
                                 got.headers.at("webhook-signature"));
}

}  // namespace

TEST_CASE("each delivery is signed per Standard Webhooks and describes its event") {
  WebhookReceiver receiver;
  Fixture f;
  const auto sub = f.subscribe(receiver.url(), R"(["conversation.created","message.created"])");
  const std::string secret = text(sub.at("secret"));
  REQUIRE(secret.starts_with("whsec_"));
  f.open_ticket();
  REQUIRE(receiver.wait_for(2));
  std::this_thread::sleep_for(300ms);
  const auto got = receiver.received();
  REQUIRE(got.size() == 2);
  std::set<std::string> types, ids;
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  for (const auto& one : got) {
    CHECK(one.target == "/hooks");
    CHECK(one.headers.at("content-type") == "application/json");
    CHECK(one.headers.at("webhook-id").starts_with("msg_"));
    CHECK(std::abs(std::stoll(one.headers.at("webhook-timestamp")) - now_s) < 30);
    CHECK(verified(one, secret));
    // A changed body, id or secret does not verify.
    CHECK(!standard_webhooks_valid(secret, one.headers.at("webhook-id"),
                                   one.headers.at("webhook-timestamp"), one.body + " ",
                                   one.headers.at("webhook-signature")));
    CHECK(!verified(one, "whsec_" + secret.substr(7)));
    const auto body = json::parse(one.body).as_object();
    types.insert(text(body.at("type")));
    ids.insert(one.headers.at("webhook-id"));
    CHECK(body.at("data").at("conversation_id").is_int64());
    CHECK(one.body.find("mei@example.com") == std::string::npos);
    CHECK(one.body.find("It leaks") == std::string::npos);
  }
  CHECK(types == std::set<std::string>{"conversation.created", "message.created"});
  CHECK(ids.size() == 2);
  CHECK(eventually([&] {
    auto log = f.deliveries(sub.at("id").as_int64());
    return log.size() == 2 && text(log[0].at("state")) == "delivered" &&
           text(log[1].at("state")) == "delivered";
  }));
  // The secret is shown once: never listed again.
  auto listed = f.call("GET", "/api/webhooks");
  CHECK(listed.body.find(secret) == std::string::npos);
}

TEST_CASE(
    "a receiver answering 500 is retried with the same id, after its Retry-After, until 2xx") {
  WebhookReceiver receiver([](const ReceivedWebhook&, std::size_t index) {
    if (index == 0) return ReceiverAnswer{500, {{"Retry-After", "1"}}, false};
    if (index == 1) return ReceiverAnswer{503, {}, false};
    return ReceiverAnswer{204, {}, false};
  });
  Fixture f;
  const auto sub = f.subscribe(receiver.url(), R"(["conversation.created"])");
  f.open_ticket();
  REQUIRE(receiver.wait_for(3));
  const auto got = receiver.received();
  REQUIRE(got.size() == 3);
  CHECK(got[0].headers.at("webhook-id") == got[1].headers.at("webhook-id"));
  CHECK(got[1].headers.at("webhook-id") == got[2].headers.at("webhook-id"));
  for (const auto& one : got) CHECK(verified(one, text(sub.at("secret"))));
  // Retry-After: 1 beat the schedule's 100 ms; the next retry follows the schedule.
  CHECK(got[1].at - got[0].at >= 1000ms);
  CHECK(got[2].at - got[1].at < 900ms);
  REQUIRE(eventually([&] {
    auto log = f.deliveries(sub.at("id").as_int64());
    return log.size() == 1 && text(log[0].at("state")) == "delivered";
  }));
  const auto log = f.deliveries(sub.at("id").as_int64());
  CHECK(log[0].at("attempts").as_int64() == 3);
  CHECK(log[0].at("last_status").as_int64() == 204);
  const auto& attempts = log[0].at("attempt_log").as_array();
  REQUIRE(attempts.size() == 3);
  CHECK(attempts[0].at("status").as_int64() == 500);
  CHECK(attempts[1].at("status").as_int64() == 503);
  CHECK(attempts[2].at("status").as_int64() == 204);
  std::this_thread::sleep_for(500ms);
  CHECK(receiver.received().size() == 3);  // delivered: never sent again
  CHECK(f.webhook(sub.at("id").as_int64()).at("failing_since").is_null());
}

TEST_CASE("after the last retry a delivery fails, and the receiver is not asked again") {
  WebhookReceiver receiver([](const ReceivedWebhook&, std::size_t) {
    return ReceiverAnswer{500, {}, false};
  });
  Fixture f(flags({"--test-webhook-schedule", "50,50"}));
  const auto sub = f.subscribe(receiver.url(), R"(["conversation.created"])");
  f.open_ticket();
  REQUIRE(eventually([&] {
    auto log = f.deliveries(sub.at("id").as_int64());
    return log.size() == 1 && text(log[0].at("state")) == "failed";
  }));
  std::this_thread::sleep_for(400ms);
  CHECK(receiver.received().size() == 3);
  CHECK(f.webhook(sub.at("id").as_int64()).at("failing_since").is_int64());
}

TEST_CASE("410 Gone disables the subscription and nothing more is sent to it") {
  WebhookReceiver receiver([](const ReceivedWebhook&, std::size_t) {
    return ReceiverAnswer{410, {}, false};
  });
  Fixture f;
  const auto sub = f.subscribe(receiver.url(), R"(["conversation.created"])");
  const std::int64_t id = sub.at("id").as_int64();
  f.open_ticket();
  REQUIRE(eventually([&] { return !f.webhook(id).at("enabled").as_bool(); }));
  CHECK(text(f.webhook(id).at("disabled_reason")) == "gone");
  REQUIRE(eventually([&] {
    return rows(f.server, "SELECT COUNT(*) FROM events WHERE type = 'webhook_disabled'") == 1;
  }));
  f.open_ticket("Second");
  std::this_thread::sleep_for(600ms);
  CHECK(receiver.received().size() == 1);
  CHECK(f.deliveries(id).size() == 1);
  // An admin enables it again; the test button then reaches the receiver.
  CHECK(f.call("PATCH", "/api/webhooks/" + std::to_string(id), R"({"enabled":true})").status ==
        200);
  receiver.set_policy([](const ReceivedWebhook&, std::size_t) {
    return ReceiverAnswer{200, {}, false};
  });
  CHECK(f.call("POST", "/api/webhooks/" + std::to_string(id) + "/test").status == 202);
  REQUIRE(receiver.wait_for(2));
  CHECK(json::parse(receiver.received()[1].body).at("type").as_string() == "webhook.test");
}

TEST_CASE("a subscription failing for longer than allowed is disabled and the admins are told") {
  WebhookReceiver receiver([](const ReceivedWebhook&, std::size_t) {
    return ReceiverAnswer{500, {}, false};
  });
  // Disabled after 0.0003 h (about a second) of failures; retries every 300 ms meanwhile.
  Fixture f(flags({"--test-webhook-schedule", "300,300,300,300,300,300,300,300",
                   "--webhook-disable-after", "0.0003"}));
  const auto sub = f.subscribe(receiver.url(), R"(["conversation.created"])");
  const std::int64_t id = sub.at("id").as_int64();
  f.open_ticket();
  REQUIRE(eventually([&] { return !f.webhook(id).at("enabled").as_bool(); }));
  CHECK(text(f.webhook(id).at("disabled_reason")) == "failing");
  REQUIRE(eventually([&] {
    return rows(f.server, "SELECT COUNT(*) FROM events WHERE type = 'webhook_disabled' AND " +
                              json_text(f.server, "data", "reason") + " = 'failing'") == 1;
  }));
  const auto sent = receiver.received().size();
  CHECK(sent >= 3);
  std::this_thread::sleep_for(700ms);
  CHECK(receiver.received().size() == sent);
}

TEST_CASE(
    "killed mid-delivery, the restarted server resends the same webhook-id and loses nothing") {
  // The first request is held unanswered until the server is gone; everything else gets 200.
  WebhookReceiver receiver([](const ReceivedWebhook&, std::size_t index) {
    return ReceiverAnswer{200, {}, index == 0};
  });
  Fixture f;
  const auto sub = f.subscribe(receiver.url(), R"(["conversation.created"])");
  f.open_ticket("One");
  REQUIRE(receiver.wait_for(1));
  f.open_ticket("Two");
  f.open_ticket("Three");
  REQUIRE(receiver.wait_for(3));
  // The two answered deliveries are recorded before the crash (else they too would come again,
  // with their ids: at least once).
  REQUIRE(eventually([&] {
    int delivered = 0;
    for (const auto& d : f.deliveries(sub.at("id").as_int64())) {
      delivered += text(d.at("state")) == "delivered";
    }
    return delivered == 2;
  }));
  const std::string held = receiver.received()[0].headers.at("webhook-id");
  f.server.crash();
  receiver.release();
  f.server.start();
  f.login();
  REQUIRE(receiver.wait_for(4));
  std::this_thread::sleep_for(500ms);
  const auto got = receiver.received();
  CHECK(got.size() == 4);
  std::map<std::int64_t, std::set<std::string>> ids_per_event;
  std::map<std::string, int> times_per_id;
  for (const auto& one : got) {
    CHECK(verified(one, text(sub.at("secret"))));
    const auto event = json::parse(one.body).at("data").at("event_id").as_int64();
    ids_per_event[event].insert(one.headers.at("webhook-id"));
    ++times_per_id[one.headers.at("webhook-id")];
  }
  CHECK(ids_per_event.size() == 3);                                       // every event delivered
  for (const auto& [event, ids] : ids_per_event) CHECK(ids.size() == 1);  // never a new id
  CHECK(times_per_id[held] == 2);  // the one in flight at the crash, sent again
  CHECK(eventually([&] {
    for (const auto& d : f.deliveries(sub.at("id").as_int64())) {
      if (text(d.at("state")) != "delivered") return false;
    }
    return true;
  }));
}

TEST_CASE("webhooks go to no loopback, private, link-local or metadata address without a flag") {
  WebhookReceiver receiver;
  TestServer server;  // no --webhook-allow-network
  const std::string admin = log_in(server.port(), "admin", "admin-demo-pass");
  const Headers cookie = {{"Cookie", "kefu_session=" + admin}};
  const std::map<std::string, std::string> refused = {
      {"http://127.0.0.1:" + std::to_string(receiver.port()) + "/hooks", "forbidden_address"},
      {"http://10.0.0.1/hooks", "forbidden_address"},
      {"http://169.254.169.254/latest/meta-data", "forbidden_address"},
      {"http://[::1]:8080/hooks", "forbidden_address"},
      {"http://192.168.1.10/hooks", "forbidden_address"},
      {"http://[::ffff:127.0.0.1]/hooks", "forbidden_address"},
      {"ftp://example.com/hooks", "bad_url"},
      {"file:///etc/passwd", "bad_url"},
      {"http://user:pw@example.com/hooks", "bad_url"},
      {"/hooks", "bad_url"},
  };
  for (const auto& [url, code] : refused) {
    INFO(url);
    auto reply = http_request(server.port(), "POST", "/api/webhooks",
                              R"({"url":")" + url + R"(","event_types":["webhook.test"]})", cookie);
    CHECK(reply.status == 400);
    CHECK(error_code(reply) == code);
  }
  CHECK(rows(server, "SELECT COUNT(*) FROM webhook_subscriptions") == 0);

  // A name that resolves to loopback is refused when it is resolved, before connecting.
  auto named = http_request(server.port(), "POST", "/api/webhooks",
                            R"({"url":"http://localhost:)" + std::to_string(receiver.port()) +
                                R"(/hooks","event_types":["webhook.test"]})",
                            cookie);
  REQUIRE(named.status == 201);
  const auto id = std::to_string(json::parse(named.body).at("id").as_int64());
  REQUIRE(http_request(server.port(), "POST", "/api/webhooks/" + id + "/test", "", cookie).status ==
          202);
  CHECK(eventually([&] {
    auto log =
        http_request(server.port(), "GET", "/api/webhooks/" + id + "/deliveries", "", cookie);
    auto list = json::parse(log.body).at("deliveries").as_array();
    return list.size() == 1 && list[0].at("last_error").as_string() == "forbidden_address";
  }));
  CHECK(receiver.received().empty());
}

TEST_CASE("a redirect is not followed") {
  WebhookReceiver receiver;
  receiver.set_policy([&receiver](const ReceivedWebhook& got, std::size_t) {
    if (got.target == "/hooks")
      return ReceiverAnswer{302, {{"Location", receiver.url("/followed")}}, false};
    return ReceiverAnswer{200, {}, false};
  });
  Fixture f(flags({"--test-webhook-schedule", "100"}));
  const auto sub = f.subscribe(receiver.url(), R"(["conversation.created"])");
  f.open_ticket();
  REQUIRE(eventually([&] {
    auto log = f.deliveries(sub.at("id").as_int64());
    return log.size() == 1 && text(log[0].at("state")) == "failed";
  }));
  const auto log = f.deliveries(sub.at("id").as_int64());
  CHECK(log[0].at("last_status").as_int64() == 302);
  for (const auto& one : receiver.received()) CHECK(one.target == "/hooks");
  CHECK(receiver.received().size() == 2);
}

TEST_CASE("the console's test send, the delivery log and replay") {
  WebhookReceiver receiver;
  Fixture f;
  const auto sub = f.subscribe(receiver.url(), R"(["rating.given"])");
  const std::string id = std::to_string(sub.at("id").as_int64());
  auto sent = f.call("POST", "/api/webhooks/" + id + "/test");
  REQUIRE(sent.status == 202);
  const auto delivery = json::parse(sent.body).as_object();
  REQUIRE(receiver.wait_for(1));
  REQUIRE(eventually(
      [&] { return text(f.deliveries(sub.at("id").as_int64())[0].at("state")) == "delivered"; }));
  const std::string replay =
      "/api/webhooks/deliveries/" + std::to_string(delivery.at("id").as_int64()) + "/replay";
  REQUIRE(f.call("POST", replay).status == 202);
  REQUIRE(receiver.wait_for(2));
  const auto got = receiver.received();
  CHECK(got[0].headers.at("webhook-id") == got[1].headers.at("webhook-id"));
  CHECK(got[0].body == got[1].body);
  CHECK(verified(got[1], text(sub.at("secret"))));
  CHECK(f.call("POST", "/api/webhooks/deliveries/99999/replay").status == 404);
}

TEST_CASE("during a secret's rotation each delivery carries both signatures") {
  WebhookReceiver receiver;
  Fixture f;
  const auto sub = f.subscribe(receiver.url(), R"(["conversation.created"])");
  const std::string id = std::to_string(sub.at("id").as_int64());
  auto rotated = f.call("POST", "/api/webhooks/" + id + "/rotate-secret");
  REQUIRE(rotated.status == 200);
  const std::string fresh = text(json::parse(rotated.body).at("secret"));
  CHECK(fresh != text(sub.at("secret")));
  f.open_ticket();
  REQUIRE(receiver.wait_for(1));
  const auto got = receiver.received()[0];
  CHECK(got.headers.at("webhook-signature").find(' ') != std::string::npos);
  CHECK(verified(got, fresh));
  CHECK(verified(got, text(sub.at("secret"))));
}

TEST_CASE("bad subscriptions, other roles and keys without the scope change nothing") {
  Fixture f;
  WebhookReceiver receiver;
  const std::string url = receiver.url();
  f.subscribe(url, R"(["conversation.created"])");
  const auto before = rows(f.server, "SELECT COUNT(*) FROM webhook_subscriptions");
  const std::map<std::string, std::string> bad = {
      {R"({"url":")" + url + R"(","event_types":[]})", "no_event_types"},
      {R"({"url":")" + url + R"("})", "no_event_types"},
      {R"({"url":")" + url + R"(","event_types":["order.shipped"]})", "unknown_event_type"},
      {R"({"url":")" + url + R"(","event_types":["rating.given","rating.given"]})",
       "duplicate_event_type"},
      {R"({"url":")" + url + R"(","event_types":["rating.given"],"secret":"x"})", "bad_request"},
      {R"({"url":")" + url + R"(","event_types":"rating.given"})", "bad_request"},
      {R"({"url":")" + url + R"(","event_types":["rating.given"],"description":7})",
       "bad_description"},
      {R"({"url":5,"event_types":["rating.given"]})", "bad_url"},
      {R"({"url":")" + url + R"(","url":")" + url + R"(","event_types":["rating.given"]})",
       "bad_request"},
      {"[]", "bad_request"},
  };
  for (const auto& [body, code] : bad) {
    INFO(body);
    auto reply = f.call("POST", "/api/webhooks", body);
    CHECK(reply.status == 400);
    CHECK(error_code(reply) == code);
  }
  CHECK(f.call("PATCH", "/api/webhooks/1", R"({"enabled":"yes"})").status == 400);
  CHECK(f.call("PATCH", "/api/webhooks/1", R"({})").status == 400);
  CHECK(f.call("DELETE", "/api/webhooks/99").status == 404);
  const std::string good = R"({"url":")" + url + R"(","event_types":["rating.given"]})";
  const std::string agent = log_in(f.port(), "alice", "alice-demo-pass");
  auto as_agent =
      http_request(f.port(), "POST", "/api/webhooks", good, {{"Cookie", "kefu_session=" + agent}});
  CHECK(as_agent.status == 403);
  CHECK(error_code(as_agent) == "forbidden");
  CHECK(http_request(f.port(), "GET", "/api/webhooks").status == 401);
  Headers foreign = f.cookie();
  foreign["Origin"] = "http://evil.example";
  auto cross = http_request(f.port(), "POST", "/api/webhooks", good, foreign);
  CHECK(cross.status == 403);
  CHECK(error_code(cross) == "forbidden_origin");
  auto made = f.call("POST", "/api/admin/api-keys", R"({"name":"BI","scopes":["events:read"]})");
  const std::string reader = text(json::parse(made.body).at("key"));
  auto unscoped = http_request(f.port(), "POST", "/api/webhooks", good,
                               {{"Authorization", "Bearer " + reader}});
  CHECK(unscoped.status == 403);
  CHECK(error_code(unscoped) == "insufficient_scope");
  CHECK(rows(f.server, "SELECT COUNT(*) FROM webhook_subscriptions") == before);
  CHECK(rows(f.server, "SELECT COUNT(*) FROM webhook_subscriptions WHERE enabled = 0") == 0);

  // A key with webhooks:manage manages them from any origin, without a cookie.
  made = f.call("POST", "/api/admin/api-keys", R"({"name":"ERP","scopes":["webhooks:manage"]})");
  const std::string manager = text(json::parse(made.body).at("key"));
  auto by_key =
      http_request(f.port(), "POST", "/api/webhooks", good,
                   {{"Authorization", "Bearer " + manager}, {"Origin", "http://erp.example"}});
  CHECK(by_key.status == 201);
  CHECK(rows(f.server, "SELECT COUNT(*) FROM webhook_subscriptions") == before + 1);
  auto removed =
      http_request(f.port(), "DELETE",
                   "/api/webhooks/" + std::to_string(json::parse(by_key.body).at("id").as_int64()),
                   "", {{"Authorization", "Bearer " + manager}});
  CHECK(removed.status == 200);
  CHECK(json::parse(f.call("GET", "/api/webhooks").body).at("webhooks").as_array().size() ==
        static_cast<std::size_t>(before));
}

TEST_CASE("an SLA breach is logged once per conversation, also after a restart, and delivered") {
  WebhookReceiver receiver;
  Fixture f;
  const auto sub = f.subscribe(receiver.url(), R"(["sla.breached"])");
  // A first-response target of one second for tickets (the admin's SLA policy).
  auto policy =
      f.call("PUT", "/api/admin/sla/ticket", R"({"first_response_seconds":1,"time":"calendar"})");
  INFO(policy.body);
  REQUIRE(policy.status == 200);
  const std::string breaches = "SELECT COUNT(*) FROM events WHERE type = 'sla_breached'";
  REQUIRE(rows(f.server, breaches) == 0);
  f.open_ticket();
  REQUIRE(receiver.wait_for(1, 15s));
  const auto conversation = rows(f.server, "SELECT MAX(id) FROM conversations");
  const auto got = receiver.received();
  const auto body = json::parse(got.at(0).body).as_object();
  CHECK(text(body.at("type")) == "sla.breached");
  CHECK(body.at("data").at("conversation_id") == conversation);
  CHECK(body.at("data").at("details").at("target_ms") == 1000);
  CHECK(verified(got.at(0), text(sub.at("secret"))));
  CHECK(got.at(0).body.find("mei@example.com") == std::string::npos);
  // Still unanswered seconds later and after a restart: no second record, no second delivery.
  std::this_thread::sleep_for(2500ms);
  f.server.stop();
  f.server.start();
  f.login();
  std::this_thread::sleep_for(2500ms);
  CHECK(rows(f.server, breaches) == 1);
  CHECK(rows(f.server,
             "SELECT COUNT(*) FROM events WHERE type = 'sla_breached' AND "
             "conversation_id = " +
                 std::to_string(conversation)) == 1);
  CHECK(receiver.received().size() == 1);
}

TEST_CASE("an erasure is logged once with ids only and delivered as customer.erased") {
  WebhookReceiver receiver;
  Fixture f;
  const auto sub = f.subscribe(receiver.url(), R"(["customer.erased"])");
  f.open_ticket("Kettle of Mei Lindqvist");
  const auto customer = rows(f.server, "SELECT MAX(customer_id) FROM conversations");
  const std::string erased = "SELECT COUNT(*) FROM events WHERE type = 'customer_erased'";
  REQUIRE(rows(f.server, erased) == 0);
  // An agent may not erase: nothing logged, nothing sent.
  const std::string alice = log_in(f.port(), "alice", "alice-demo-pass");
  REQUIRE(!alice.empty());
  auto refused = http_request(f.port(), "DELETE", "/api/customers/" + std::to_string(customer), "",
                              {{"Cookie", "kefu_session=" + alice}});
  CHECK(refused.status == 403);
  CHECK(rows(f.server, erased) == 0);

  auto done = f.call("DELETE", "/api/customers/" + std::to_string(customer));
  INFO(done.body);
  REQUIRE(done.status == 204);
  REQUIRE(receiver.wait_for(1));
  const auto got = receiver.received();
  const auto body = json::parse(got.at(0).body).as_object();
  CHECK(text(body.at("type")) == "customer.erased");
  CHECK(body.at("data").at("customer_id") == customer);
  CHECK(body.at("data").at("details").at("customer_ids") == json::array{customer});
  CHECK(verified(got.at(0), text(sub.at("secret"))));
  for (const std::string personal : {"mei@example.com", "Mei", "Kettle", "It leaks"})
    CHECK(got.at(0).body.find(personal) == std::string::npos);
  // The erasure stays complete: the customer's words are gone, its events stay.
  CHECK(rows(f.server, "SELECT COUNT(*) FROM messages WHERE body = 'It leaks'") == 0);
  CHECK(rows(f.server, "SELECT COUNT(*) FROM conversations WHERE subject <> ''") == 0);
  CHECK(rows(f.server, "SELECT COUNT(*) FROM events WHERE customer_id = " +
                           std::to_string(customer) + " AND type = 'conversation_opened'") == 1);
  // Erasing again changes nothing and is not logged or sent again.
  CHECK(f.call("DELETE", "/api/customers/" + std::to_string(customer)).status == 204);
  std::this_thread::sleep_for(1500ms);
  CHECK(rows(f.server, erased) == 1);
  CHECK(receiver.received().size() == 1);
}
