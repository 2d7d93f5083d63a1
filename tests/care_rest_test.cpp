
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "server/store/sql/connection.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/shop_signature.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

// Care rules and care tasks through the real `kefu serve` (docs/protocol.md, "Admin: care
// rules", "Care tasks"): who may call them, typed refusals that change nothing, a delivered
// order becoming one care task an agent closes, and jobs that survive restarts exactly once.

using namespace kefu::testing;
namespace json = boost::json;

namespace {

const std::string kSecret = "care-shop-secret";

std::string error_of(const HttpReply& r) {
  return std::string(json::parse(r.body).at("error").as_string());
}

std::string rows(const TestServer& server, const std::string& sql) {
  return stored_text(server, sql);
}

std::string rules_state(const TestServer& server) {
  return stored_rows(server,
                     "SELECT enabled, name, definition, updated_at FROM care_rules ORDER BY id");
}

// A rule that gives the support team a care task as soon as an order is delivered, at any
// hour (no quiet hours: the test runs at any time of day).
json::object delivered_rule(const std::string& team = "support") {
  json::object rule = json::parse(R"j({"name":"Thank at once","enabled":true,
    "trigger":"order_delivered","delay_minutes":0,"cancel_on":["order_refunded"],
    "caps":{"quiet_hours":false,"contact_cap":false}})j")
                          .as_object();
  rule["actions"] =
      json::array{json::object{{"type", "care_task"},
                               {"team", team},
                               {"text",
                                {{"en", "Thank {customer} for {order} ({items})"},
                                 {"zh-CN", "感谢{customer}购买{order}（{items}）"}}}}};
  return rule;
}

void send_order(const TestServer& server, const std::string& id, bool delivered) {
  json::object order{
      {"id", std::stoll(id)},
      {"name", "#" + id},
      {"email", "mei" + id + "@example.com"},
      {"created_at", "2026-11-20T10:00:00Z"},
      {"total_price", "96.00"},
      {"currency", "CNY"},
      {"financial_status", "paid"},
      {"fulfillment_status", "fulfilled"},
      {"customer", {{"id", 77000 + std::stoll(id)}, {"first_name", "Mei"}, {"last_name", "Lin"}}},
      {"line_items",
       json::array{{{"title", "Longjing tea"}, {"quantity", 2}, {"price", "48.00"}}}}};
  if (delivered) order["fulfillments"] = json::array{{{"status", "delivered"}}};
  const std::string body = json::serialize(order);
  const auto r = http_request(server.port(), "POST", "/api/shop/orders", body,
                              {{"X-Shopify-Hmac-Sha256", shopify_signature(body, kSecret)},
                               {"Content-Type", "application/json"}});
  REQUIRE(r.status == 200);
}

// Waits up to 10 s for `sql` to answer `expected`.
bool eventually(const TestServer& server, const std::string& sql, const std::string& expected) {
  for (int i = 0; i < 100; ++i) {
    if (rows(server, sql) == expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace

TEST_CASE("care rules are for admins and every bad field is refused with nothing changed",
          "[integration][care]") {
  TestServer server;
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  CHECK(http_request(server.port(), "GET", "/api/admin/rules").status == 401);
  const auto refused = http_request(server.port(), "GET", "/api/admin/rules", "", as(alice));
  CHECK(refused.status == 403);
  CHECK(error_of(refused) == "forbidden");

  const auto listed = http_request(server.port(), "GET", "/api/admin/rules", "", as(admin));
  REQUIRE(listed.status == 200);
  const auto rules = json::parse(listed.body).at("rules").as_array();
  REQUIRE(rules.size() == 8);  // the built-in care and service rules, off until turned on
  for (const auto& rule : rules) CHECK_FALSE(rule.at("enabled").as_bool());
  const std::int64_t builtin = rules.at(0).at("id").as_int64();
  const std::string before = rules_state(server);

  auto bad = [&](const std::string& method, const std::string& target, const std::string& body,
                 const std::string& code) {
    const auto r = http_request(server.port(), method, target, body, as(admin));
    CHECK(r.status == 400);
    CHECK(error_of(r) == code);
    CHECK(rules_state(server) == before);
  };
  auto with = [](std::string_view key, json::value v) {
    auto o = delivered_rule();
    o[key] = std::move(v);
    return json::serialize(o);
  };
  bad("POST", "/api/admin/rules", "{not json", "bad_request");
  bad("POST", "/api/admin/rules", "[1]", "bad_request");
  bad("POST", "/api/admin/rules", R"({"name":"a","name":"b"})", "bad_request");
  bad("POST", "/api/admin/rules", with("trigger", "order_lost"), "invalid_trigger");
  bad("POST", "/api/admin/rules", with("delay_minutes", -5), "invalid_delay");
  bad("POST", "/api/admin/rules", with("colour", "red"), "unknown_field");
  bad("POST", "/api/admin/rules", with("actions", json::array{}), "invalid_action");
  bad("POST", "/api/admin/rules", with("cancel_on", json::array{"schedule"}),
      "invalid_cancel_event");
  bad("POST", "/api/admin/rules", with("caps", {{"purpose", "spam"}}), "invalid_caps");
  bad("POST", "/api/admin/rules", with("goal", {{"holdout_percent", 99}}), "invalid_goal");
  bad("POST", "/api/admin/rules", with("conditions", {{"segments", json::array{"gold"}}}),
      "invalid_condition");
  bad("POST", "/api/admin/rules",
      with("actions", json::array{{{"type", "set_priority"}, {"priority", "urgent"}}}),
      "invalid_action");
  bad("PUT", "/api/admin/rules/" + std::to_string(builtin), with("name", ""), "invalid_name");
  // A cross-site write is refused before the routes.
  const auto foreign =
      http_request(server.port(), "POST", "/api/admin/rules", json::serialize(delivered_rule()),
                   {{"Cookie", "kefu_session=" + admin}, {"Origin", "https://evil.example"}});
  CHECK(foreign.status == 403);
  CHECK(http_request(server.port(), "GET", "/api/admin/rules/999999", "", as(admin)).status == 404);
  CHECK(http_request(server.port(), "DELETE", "/api/admin/rules/1", "", as(admin)).status == 405);
  CHECK(http_request(server.port(), "POST", "/api/admin/rules/1/explode", "", as(admin)).status ==
        404);
  CHECK(http_request(server.port(), "POST", "/api/admin/rules", json::serialize(delivered_rule()),
                     as(alice))
            .status == 403);
  CHECK(rules_state(server) == before);

  // Edits: create, change, enable, preview and the rule's log.
  const auto created = http_request(server.port(), "POST", "/api/admin/rules",
                                    json::serialize(delivered_rule()), as(admin));
  REQUIRE(created.status == 201);
  const auto id = json::parse(created.body).at("rule").at("id").as_int64();
  auto edited = delivered_rule();
  edited["name"] = "Thank within the hour";
  edited["delay_minutes"] = 60;
  const auto put = http_request(server.port(), "PUT", "/api/admin/rules/" + std::to_string(id),
                                json::serialize(edited), as(admin));
  REQUIRE(put.status == 200);
  CHECK(json::parse(put.body).at("rule").at("delay_minutes").as_int64() == 60);
  const auto on =
      http_request(server.port(), "POST", "/api/admin/rules/" + std::to_string(builtin) + "/enable",
                   "", as(admin));
  REQUIRE(on.status == 200);
  CHECK(json::parse(on.body).at("rule").at("enabled").as_bool());
  CHECK(json::parse(on.body).at("rule").at("builtin").is_string());
  const auto preview = http_request(
      server.port(), "GET", "/api/admin/rules/" + std::to_string(id) + "/preview", "", as(admin));
  REQUIRE(preview.status == 200);
  // The demo's delivered orders of the last 30 days: each customer counted once.
  CHECK(json::parse(preview.body).at("reached").as_int64() > 0);
  CHECK(json::parse(preview.body).at("customers").as_array().size() <= 20);
  CHECK(rows(server, "SELECT COUNT(*) FROM care_jobs") == "0");  // a preview changes nothing
  const auto log = http_request(server.port(), "GET",
                                "/api/admin/rules/" + std::to_string(id) + "/log", "", as(admin));
  REQUIRE(log.status == 200);
  CHECK(json::parse(log.body).at("jobs").as_array().empty());
}

TEST_CASE("supervisors see each rule's reach against its holdout and bad queries are refused",
          "[integration][care]") {
  TestServer server({"--shop-secret", kSecret});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  auto rule = delivered_rule();
  rule["goal"] = {{"kind", "repurchase"}, {"window_days", 30}, {"holdout_percent", 0}};
  const auto created =
      http_request(server.port(), "POST", "/api/admin/rules", json::serialize(rule), as(admin));
  REQUIRE(created.status == 201);
  const auto id = json::parse(created.body).at("rule").at("id").as_int64();
  auto later = delivered_rule();
  later["name"] = "Ask in three days";
  later["delay_minutes"] = 3 * 24 * 60;
  REQUIRE(http_request(server.port(), "POST", "/api/admin/rules", json::serialize(later), as(admin))
              .status == 201);
  send_order(server, "5301", true);
  REQUIRE(eventually(server, "SELECT COUNT(*) FROM care_jobs WHERE status = 'done'", "1"));

  // The customer panel's upcoming care: the three-day job, for any staff member.
  const auto customer = rows(server, "SELECT customer_id FROM care_jobs LIMIT 1");
  const auto upcoming_of = [&](const std::string& who, const std::string& id) {
    return http_request(server.port(), "GET", "/api/care/customers/" + id + "/upcoming", "",
                        as(who));
  };

  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  const auto upcoming = upcoming_of(alice, customer);
  REQUIRE(upcoming.status == 200);
  const auto jobs = json::parse(upcoming.body).at("jobs").as_array();
  REQUIRE(jobs.size() == 1);
  CHECK(jobs.at(0).at("rule_name").as_string() == "Ask in three days");
  CHECK(jobs.at(0).at("due_at").as_int64() ==
        std::stoll(rows(server, "SELECT due_at FROM care_jobs WHERE status = 'pending'")));
  CHECK(upcoming_of(alice, "999999").status == 404);
  CHECK(
      http_request(server.port(), "GET", "/api/care/customers/" + customer + "/upcoming").status ==
      401);

  CHECK(http_request(server.port(), "GET", "/api/care/outcomes").status == 401);
  const auto agent = http_request(server.port(), "GET", "/api/care/outcomes", "", as(alice));
  CHECK(agent.status == 403);
  CHECK(error_of(agent) == "forbidden");
  for (const char* query : {"?days=0", "?days=366", "?days=x", "?weeks=2", "?days=5&x=1"}) {
    const auto r =
        http_request(server.port(), "GET", std::string("/api/care/outcomes") + query, "", as(sam));
    CHECK(r.status == 400);
    CHECK(error_of(r) == "invalid_days");
  }
  CHECK(http_request(server.port(), "POST", "/api/care/outcomes", "{}", as(sam)).status == 405);
  const auto seen = http_request(server.port(), "GET", "/api/care/outcomes?days=30", "", as(sam));
  REQUIRE(seen.status == 200);
  const auto listed = json::parse(seen.body).at("rules").as_array();
  CHECK(listed.size() == 10);
  bool found = false;
  for (const auto& r : listed) {
    if (r.at("rule_id").as_int64() != id) continue;
    found = true;
    CHECK(r.at("reached").at("jobs").as_int64() == 1);
    CHECK(r.at("reached").at("customers").as_int64() == 1);
    CHECK(r.at("reached").at("repurchase_rate").as_double() == 0.0);
    CHECK(r.at("holdout").at("jobs").as_int64() == 0);
    CHECK(r.at("lift").is_null());  // no holdout to compare with
  }
  CHECK(found);
}

TEST_CASE("a delivered order becomes one care task an agent closes, exactly once across restarts",
          "[integration][care]") {
  TestServer server({"--shop-secret", kSecret});
  const auto admin = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(http_request(server.port(), "POST", "/api/admin/rules", json::serialize(delivered_rule()),
                       as(admin))
              .status == 201);
  REQUIRE(http_request(server.port(), "POST", "/api/admin/rules",
                       json::serialize(delivered_rule("billing")), as(admin))
              .status == 201);
  send_order(server, "5101", false);
  send_order(server, "5101", true);
  REQUIRE(eventually(server, "SELECT COUNT(*) FROM care_tasks", "2"));

  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  const auto listed = http_request(server.port(), "GET", "/api/care/tasks", "", as(alice));
  REQUIRE(listed.status == 200);
  const auto tasks = json::parse(listed.body).at("tasks").as_array();
  REQUIRE(tasks.size() == 1);  // the billing team's task is not hers
  const auto& task = tasks.at(0).as_object();
  // In the shop's default locale (zh-CN) for a customer whose locale is unknown.
  CHECK(task.at("text").as_string() == "感谢Mei Lin购买#5101（Longjing tea x 2）");
  CHECK(task.at("order").at("name").as_string() == "#5101");
  CHECK(task.at("order").at("items").as_array().size() == 1);
  CHECK(task.at("customer_name").as_string() == "Mei Lin");
  const auto task_id = std::to_string(task.at("id").as_int64());
  const auto sam = log_in(server.port(), "sam", "sam-demo-pass");
  CHECK(json::parse(http_request(server.port(), "GET", "/api/care/tasks", "", as(sam)).body)
            .at("tasks")
            .as_array()
            .size() == 2);  // a supervisor sees every task

  // Refusals change nothing.
  const auto open = "SELECT status, outcome FROM care_tasks ORDER BY id";
  std::string before = stored_rows(server, open);
  auto refuse = [&](const std::string& target, const std::string& body, int status,
                    const std::string& code, const std::string& who) {
    const auto r = http_request(server.port(), "POST", target, body, as(who));
    CHECK(r.status == status);
    CHECK(error_of(r) == code);
    CHECK(stored_rows(server, open) == before);
  };
  const std::string close = "/api/care/tasks/" + task_id + "/close";
  refuse(close, R"({"status":"maybe"})", 400, "invalid_status", alice);
  refuse(close, R"({"status":"done","outcome":7})", 400, "invalid_outcome", alice);
  refuse(close, R"({"status":"done","mood":"ok"})", 400, "unknown_field", alice);
  refuse(close, "{", 400, "bad_request", alice);
  const auto billing_task = rows(server, "SELECT id FROM care_tasks WHERE team = 'billing'");
  refuse("/api/care/tasks/" + billing_task + "/close", R"({"status":"done"})", 404, "not_found",
         alice);
  refuse("/api/care/tasks/99999/close", R"({"status":"done"})", 404, "not_found", alice);
  CHECK(http_request(server.port(), "GET", "/api/care/tasks?status=later", "", as(alice)).status ==
        400);
  CHECK(http_request(server.port(), "GET", "/api/care/tasks").status == 401);

  const auto closed = http_request(server.port(), "POST", close,
                                   R"({"status":"done","outcome":"She is happy"})", as(alice));
  REQUIRE(closed.status == 200);
  CHECK(json::parse(closed.body).at("task").at("status").as_string() == "done");
  before = stored_rows(server, open);
  refuse(close, R"({"status":"skipped"})", 409, "conflict", alice);
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'care_task_closed'") == "1");

  // A restart reads nothing twice; an order sent just before a crash is read after it.
  server.stop();
  server.start();
  send_order(server, "5102", true);
  server.crash();
  server.start();
  REQUIRE(eventually(server, "SELECT COUNT(*) FROM care_tasks", "4"));
  // A job that was waiting when the server stopped is carried out once after the restart.
  server.stop();
  {
    server.writer()->exec(
        "INSERT INTO care_jobs(rule_id, idempotency_key, customer_id, order_id, "
        "trigger_type, triggered_at, due_at, status) SELECT rule_id, 'restart-test', "
        "customer_id, order_id, 'order_delivered', 0, 0, 'pending' FROM care_jobs "
        "ORDER BY id LIMIT 1");
  }
  server.start();
  REQUIRE(eventually(server, "SELECT status FROM care_jobs WHERE idempotency_key = 'restart-test'",
                     "done"));
  server.stop();
  server.start();
  // An order delivered after this restart is read after anything the restart could re-read:
  // once its task is there, the restart has had its chance to act twice.
  send_order(server, "5103", true);
  REQUIRE(eventually(server,
                     "SELECT COUNT(*) FROM care_tasks t JOIN orders o ON o.id = t.order_id "
                     "WHERE o.shop_order_id = '5103'",
                     "2"));  // one of each rule
  CHECK(rows(server, "SELECT COUNT(*) FROM care_tasks") == "7");
  CHECK(rows(server, "SELECT COUNT(*) FROM care_jobs") == "7");
  CHECK(rows(server, "SELECT COUNT(*) FROM care_jobs WHERE status <> 'done'") == "0");
  CHECK(rows(server, "SELECT COUNT(*) FROM events WHERE type = 'care_action'") == "7");

  // Erasing the customer empties their care tasks' texts at once and skips the open ones.
  const auto customer = rows(server, "SELECT customer_id FROM care_tasks ORDER BY id LIMIT 1");
  const auto boss = log_in(server.port(), "admin", "admin-demo-pass");
  REQUIRE(
      http_request(server.port(), "DELETE", "/api/customers/" + customer, "", as(boss)).status ==
      204);
  CHECK(rows(server, "SELECT COUNT(*) FROM care_tasks WHERE customer_id = " + customer +
                         " AND (text <> '' OR outcome <> '' OR status = 'open')") == "0");
  CHECK(rows(server, "SELECT COUNT(*) FROM care_tasks WHERE customer_id <> " + customer +
                         " AND text <> ''") != "0");
}

TEST_CASE("staff set a customer's care preferences and bad ones change nothing",
          "[integration][care]") {
  TestServer server({"--shop-secret", kSecret});
  send_order(server, "5201", false);
  const auto customer = rows(server, "SELECT customer_id FROM orders WHERE shop_order_id = '5201'");
  const std::string target = "/api/care/customers/" + customer + "/preferences";
  const auto alice = log_in(server.port(), "alice", "alice-demo-pass");
  CHECK(http_request(server.port(), "GET", target).status == 401);
  const auto fresh = http_request(server.port(), "GET", target, "", as(alice));
  REQUIRE(fresh.status == 200);
  CHECK(fresh.body ==
        R"({"time_zone":"","locale":"","marketing_consent":false,"opted_out":false})");

  const auto state = [&] {
    return stored_rows(
        server,
        "SELECT time_zone, locale, marketing_consent, opted_out FROM care_preferences "
        "ORDER BY customer_id");
  };
  const std::string before = state();
  auto refuse = [&](const std::string& body, int status, const std::string& code) {
    const auto r = http_request(server.port(), "PUT", target, body, as(alice));
    CHECK(r.status == status);
    CHECK(error_of(r) == code);
    CHECK(state() == before);
  };
  const std::string good = R"("locale":"en","marketing_consent":true,"opted_out":false)";
  refuse(R"({"time_zone":"Mars/Olympus",)" + good + "}", 400, "invalid_time_zone");
  refuse(R"({"time_zone":5,)" + good + "}", 400, "invalid_time_zone");
  refuse(
      R"({"time_zone":"Europe/Berlin","locale":"fr","marketing_consent":true,"opted_out":false})",
      400, "invalid_locale");
  refuse(
      R"({"time_zone":"Europe/Berlin","locale":"en","marketing_consent":"yes","opted_out":false})",
      400, "bad_request");
  refuse(R"({"time_zone":"Europe/Berlin",)" + good + R"(,"shoe_size":42})", 400, "unknown_field");
  refuse("[]", 400, "bad_request");
  const auto unknown = http_request(server.port(), "PUT", "/api/care/customers/999999/preferences",
                                    R"({"time_zone":"Europe/Berlin",)" + good + "}", as(alice));
  CHECK(unknown.status == 404);
  CHECK(state() == before);

  const auto stored = http_request(server.port(), "PUT", target,
                                   R"({"time_zone":"Europe/Berlin",)" + good + "}", as(alice));
  REQUIRE(stored.status == 200);
  CHECK(json::parse(stored.body).at("time_zone").as_string() == "Europe/Berlin");
  CHECK(state() == "Europe/Berlin|en|1|0|\n");
  CHECK(rows(server,
             "SELECT agent_id || data FROM events WHERE type = "
             "'care_preferences_changed'") ==
        rows(server, "SELECT id FROM users WHERE login = 'alice'") +
            R"({"marketing_consent":true,"opted_out":false})");
}
