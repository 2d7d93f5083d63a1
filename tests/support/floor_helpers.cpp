#include "tests/support/floor_helpers.hpp"

#include <algorithm>
#include <stdexcept>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::testing {

namespace json = boost::json;

std::int64_t count_rows(const TestServer& server, const std::string& sql) {
  const auto db = server.reader();
  sql::Statement query(*db, sql);
  if (!query.step()) throw std::runtime_error("count_rows: no row from " + sql);
  return query.column(0).int64();
}

std::string stored_text(const TestServer& server, const std::string& sql) {
  const auto db = server.reader();
  sql::Statement query(*db, sql);
  if (!query.step()) throw std::runtime_error("stored_text: no row from " + sql);
  return query.column(0).text();
}

std::string stored_rows(const TestServer& server, const std::string& sql) {
  const auto db = server.reader();
  sql::Statement query(*db, sql);
  std::string rows;
  while (query.step()) {
    for (int i = 0; i < query.column_count(); ++i) rows += query.column(i).text() + "|";
    rows += "\n";
  }
  return rows;
}

void start_up_written(const TestServer& server, const std::string& supervisor) {
  const auto figure = http_request(
      server.port(), "GET", "/api/reports/figure?figure=csat&from=0&to=1000", "", as(supervisor));
  if (figure.status != 200) {
    throw std::runtime_error("start_up_written: a figure answered " +
                             std::to_string(figure.status));
  }
  const auto health = http_request(server.port(), "GET", "/healthz");
  if (health.status != 200) {
    throw std::runtime_error("start_up_written: /healthz answered " +
                             std::to_string(health.status));
  }
}

std::string json_text(const TestServer& server, const std::string& column,
                      const std::string& path) {
  if (!server.on_postgres()) return "CAST(json_extract(" + column + ", '$." + path + "') AS TEXT)";
  std::string keys = path;
  std::replace(keys.begin(), keys.end(), '.', ',');
  return "(CAST(" + column + " AS jsonb) #>> '{" + keys + "}')";
}

std::string text_at(const json::value& v, const char* key) {
  return std::string(v.as_object().at(key).as_string());
}

std::int64_t number_at(const json::value& v, const char* key) {
  return v.as_object().at(key).as_int64();
}

json::object message_frame(const std::string& client_id, const std::string& text,
                           std::optional<std::int64_t> conversation) {
  json::object o{{"type", "message"}, {"client_id", client_id}, {"text", text}};
  if (conversation) o["conversation_id"] = *conversation;
  return o;
}

std::unique_ptr<WsClient> demo_staff(TestServer& server, const std::string& login) {
  auto client = WsClient::staff(server.port(), server.origin(),
                                log_in(server.port(), login, login + "-demo-pass"));
  client->next_of_type("welcome");
  return client;
}

void go_online(WsClient& agent, const std::string& client_id) {
  agent.send_json(json::object{{"type", "status"}, {"client_id", client_id}, {"status", "online"}});
  agent.next_of_type("ack");
}

std::int64_t new_chat(TestServer& server, std::vector<std::unique_ptr<WsClient>>& customers,
                      const std::string& text) {
  customers.push_back(
      WsClient::customer(server.port(), server.origin(), new_visitor(server.port())));
  customers.back()->next_of_type("welcome");
  customers.back()->send_json(
      json::object{{"type", "message"}, {"client_id", "c-" + text}, {"text", text}});
  return customers.back()->next_of_type("ack").at("conversation_id").as_int64();
}

std::int64_t customer_chat(TestServer& server, std::unique_ptr<WsClient>& customer,
                           const std::string& client_id) {
  customer = WsClient::customer(server.port(), server.origin(), new_visitor(server.port()));
  customer->next_of_type("welcome");
  customer->send_json(
      json::object{{"type", "message"}, {"client_id", client_id}, {"text", "My invoice is wrong"}});
  return customer->next_of_type("ack").at("conversation_id").as_int64();
}

bool offered(WsClient& staff, std::int64_t id, int ms) {
  for (;;) {
    auto frame = staff.quiet_for(ms);
    if (!frame) return false;
    const auto& o = frame->as_object();
    if (o.at("type") == "conversation" && o.at("conversation").at("id").as_int64() == id) {
      return true;
    }
  }
}

json::value clock_of(TestServer& server, const std::string& cookie, std::int64_t id) {
  auto r = http_request(server.port(), "GET", "/api/sla/clocks", "", as(cookie));
  if (r.status != 200) {
    throw std::runtime_error("GET /api/sla/clocks answered " + std::to_string(r.status));
  }
  const auto answer = json::parse(r.body);
  for (const auto& c : answer.at("conversations").as_array()) {
    if (c.at("conversation_id").as_int64() == id) return c;
  }
  return nullptr;
}

json::object supervisor_row(WsClient& supervisor, std::int64_t id, const std::string& risk) {
  json::object last;
  for (int i = 0; i < 8; ++i) {
    const auto frame = supervisor.next_of_type("kpi", 3000);
    for (const auto& c : frame.at("conversations").as_array()) {
      if (c.at("id").as_int64() != id) continue;
      last = c.as_object();
      if (last.at("sla_risk") == risk.c_str()) return last;
    }
  }
  return last;
}

}  // namespace kefu::testing
