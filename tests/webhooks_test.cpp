#include <boost/asio/ip/address.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/webhooks/retry_schedule.hpp"
#include "server/webhooks/sqlite_webhook_store.hpp"
#include "server/webhooks/subscription_request.hpp"
#include "server/webhooks/target_address.hpp"
#include "server/webhooks/webhook_event_types.hpp"
#include "server/webhooks/webhook_payload.hpp"
#include "server/webhooks/webhook_signature.hpp"
#include "tests/support/sql_backend.hpp"

// The webhooks' parts without a socket (docs/webhooks.md).

using namespace kefu::webhooks;
namespace ip = boost::asio::ip;

TEST_CASE("signatures match the Standard Webhooks reference example") {
  // The example of the specification's reference libraries (standard-webhooks, "verify").
  CHECK(sign_webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                     1614265330, R"({"test": 2432232314})") ==
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  const auto secret = new_webhook_secret();
  CHECK(secret.starts_with("whsec_"));
  CHECK(secret.size() == 6 + 32);
  CHECK(new_webhook_secret() != secret);
  const auto both =
      signature_header({secret, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, "msg_1", 5, "{}");
  CHECK(both == sign_webhook(secret, "msg_1", 5, "{}") + " " +
                    sign_webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 5, "{}"));
  CHECK_THROWS_AS(sign_webhook("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 5, "{}"),
                  std::invalid_argument);
  CHECK_THROWS_AS(sign_webhook("whsec_!!!", "msg_1", 5, "{}"), std::invalid_argument);
}

TEST_CASE(
    "the standard schedule spans about three days with bounded jitter and honours Retry-After") {
  std::mt19937_64 random(7);
  const auto schedule = RetrySchedule::standard();
  CHECK(schedule.attempts() == 10);
  const std::int64_t expected[] = {5000,     300000,   1800000,  7200000, 18000000,
                                   36000000, 50400000, 72000000, 86400000};
  std::int64_t total = 0;
  for (int made = 1; made <= 9; ++made) {
    const auto delay = schedule.delay_after(made, std::nullopt, random);
    REQUIRE(delay);
    CHECK(*delay >= expected[made - 1]);
    CHECK(*delay <= expected[made - 1] * 12 / 10);
    total += *delay;
  }
  CHECK(total >= 3ll * 24 * 3600 * 1000 - 6 * 3600 * 1000);
  CHECK(!schedule.delay_after(10, std::nullopt, random));
  CHECK(*schedule.delay_after(1, 60000, random) == 60000);               // later than the schedule
  CHECK(*schedule.delay_after(1, 10ll * 86400000, random) == 86400000);  // capped at a day
  const auto fast = RetrySchedule::parse("0,200,500");
  REQUIRE(fast);
  CHECK(fast->attempts() == 4);
  CHECK(*fast->delay_after(2, std::nullopt, random) == 200);
  for (const char* bad : {"", ",", "1,", "a", "-1", "1,,2", "1.5"}) {
    INFO(bad);
    CHECK(!RetrySchedule::parse(bad));
  }
}

TEST_CASE("the address policy refuses private ranges unless a network is allowed") {
  AddressPolicy policy;
  for (const char* refused : {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1",
                              "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::",
                              "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:10.0.0.1"}) {
    INFO(refused);
    CHECK(!policy.allows(ip::make_address(refused)));
  }
  for (const char* allowed : {"93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"}) {
    INFO(allowed);
    CHECK(policy.allows(ip::make_address(allowed)));
  }
  policy.allow_network("127.0.0.0/8");
  policy.allow_network("fd00::/8");
  CHECK(policy.allows(ip::make_address("127.0.0.1")));
  CHECK(policy.allows(ip::make_address("::ffff:127.0.0.1")));
  CHECK(policy.allows(ip::make_address("fd00:ec2::254")));
  CHECK(!policy.allows(ip::make_address("10.0.0.1")));
  CHECK(!policy.allows(ip::make_address("::1")));
  CHECK_THROWS(policy.allow_network("localhost"));
  CHECK_THROWS(policy.allow_network("10.0.0.1/33"));
}

TEST_CASE("webhook URLs are read with Boost.URL") {
  const auto t = parse_webhook_url("https://hooks.example.com/in/kefu?x=1");
  CHECK(t.tls);
  CHECK(t.host == "hooks.example.com");
  CHECK(t.port == 443);
  CHECK(t.target == "/in/kefu?x=1");
  const auto v6 = parse_webhook_url("http://[2606:4700::1111]:8080");
  CHECK(v6.host == "2606:4700::1111");
  CHECK(v6.port == 8080);
  CHECK(v6.target == "/");
  for (const char* bad :
       {"ftp://a.example/", "hooks.example.com/x", "http:///x", "http://u:p@a.example/",
        "http://a.example/#frag", "javascript:alert(1)", "http://a.example:0/"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_webhook_url(bad), InvalidWebhook);
  }
  CHECK_THROWS_AS(parse_webhook_url("http://a.example/" + std::string(2000, 'x')), InvalidWebhook);
}

TEST_CASE("the log's types map to webhook types and payloads keep no personal data") {
  CHECK(webhook_type_for_log("conversation_opened") == "conversation.created");
  CHECK(webhook_type_for_log("message_sent") == "message.created");
  CHECK(webhook_type_for_log("survey_submitted") == "rating.given");
  CHECK(!webhook_type_for_log("staff_login"));
  CHECK(is_webhook_event_type("customer.merged"));
  CHECK(!is_webhook_event_type("staff.login"));
  LoggedEvent e{42,     1733529600123, "survey_submitted", 7, 3, 2,
                "chat", "general",     R"({"rating":5})"};
  CHECK(webhook_payload(e, "rating.given") ==
        R"({"type":"rating.given","timestamp":"2024-12-07T00:00:00.123Z","data":{"event_id":42,)"
        R"("log_type":"survey_submitted","at":1733529600123,"conversation_id":7,"customer_id":3,)"
        R"("agent_id":2,"channel":"chat","queue":"general","details":{"rating":5}}})");
  CHECK(new_webhook_id().starts_with("msg_"));
  CHECK(new_webhook_id() != new_webhook_id());
}

TEST_CASE("the queue moves its cursor with the deliveries it makes, once") {
  kefu::testing::MigratedDatabase db;  // SQLite, or PostgreSQL under the `postgresql` label
  SqliteWebhookStore store(db);
  db.exec("INSERT INTO events(at, type) VALUES (1, 'conversation_opened')");
  const auto id = store.add_subscription(
      {"http://a.example/", "", {"conversation.created"}, new_webhook_secret(), 5, 10});
  CHECK(store.subscription(id)->from_event_id == 1);
  db.exec("INSERT INTO events(at, type) VALUES (2, 'conversation_opened')");
  const auto from = store.cursor();
  CHECK(from == 0);
  const auto records = store.events_after(from, 10);
  REQUIRE(records.size() == 2);
  NewDelivery d{id, records[1].id, new_webhook_id(), "conversation.created", "{}", 20};
  CHECK(store.enqueue({d}, from, records.back().id));
  CHECK(store.cursor() == 2);
  // A second writer that read the same cursor queues nothing.
  NewDelivery again = d;
  again.webhook_id = new_webhook_id();
  CHECK(!store.enqueue({again}, from, records.back().id));
  CHECK(db.integer("SELECT COUNT(*) FROM webhook_deliveries") == 1);
  // The same record for the same subscription is queued once, even from the current cursor.
  CHECK(store.enqueue({again}, 2, 2));
  CHECK(db.integer("SELECT COUNT(*) FROM webhook_deliveries") == 1);
  const auto due = store.due(20, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].webhook_id == d.webhook_id);
  CHECK(store.due(19, 10).empty());
  store.record_attempt({due[0].id, 21, 500, "", "no", 3}, "pending", 100);
  CHECK(store.due(99, 10).empty());
  CHECK(store.due(100, 10).size() == 1);
  store.record_attempt({due[0].id, 101, 200, "", "ok", 3}, "delivered", 100);
  CHECK(store.due(1000, 10).empty());
  CHECK(store.attempts(due[0].id).size() == 2);
  store.replay(due[0].id, 200);
  CHECK(store.due(200, 10).at(0).webhook_id == d.webhook_id);
  CHECK(store.remove_subscription(id, 300));
  CHECK(store.delivery(due[0].id)->state == "cancelled");
  CHECK(store.subscriptions().empty());
}

TEST_CASE("subscription requests are checked field by field") {
  AddressPolicy policy;
  auto read = [&](const char* text) {
    return read_subscription_request(boost::json::parse(text).as_object(), policy);
  };
  const auto ok = read(
      R"({"url":"https://hooks.example.com/x","event_types":["rating.given"],"description":"BI"})");
  CHECK(ok.event_types == std::vector<std::string>{"rating.given"});
  auto code = [&](const char* text) {
    try {
      read(text);
    } catch (const InvalidWebhook& refused) {
      return refused.code();
    }
    return std::string("accepted");
  };
  CHECK(code(R"({"url":"http://10.1.2.3/","event_types":["rating.given"]})") ==
        "forbidden_address");
  CHECK(
      code(
          R"({"url":"https://hooks.example.com/","event_types":["rating.given"],"description":"a\nb"})") ==
      "bad_description");
  policy.allow_network("10.0.0.0/8");
  CHECK(code(R"({"url":"http://10.1.2.3/","event_types":["rating.given"]})") == "accepted");
}
