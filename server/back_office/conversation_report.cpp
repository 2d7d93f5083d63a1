#include "server/back_office/conversation_report.hpp"

#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <vector>

#include "server/store/sql/statement.hpp"

namespace kefu {
namespace {

using Ms = std::optional<std::int64_t>;

// What one conversation's events say, in log order.
struct Steps {
  Ms opened, first_queued, first_assigned, first_response, resolved, closed, abandoned;
  Ms contact_start;           // the latest opened or reopened before the last resolution
  Ms holder_assigned;         // the latest conversation_assigned (the holding agent's)
  Ms resolving_assigned;      // the resolving agent's conversation_assigned, at the last resolution
  Ms resolved_contact_start;  // the start of the contact the last resolution ended
  int transfers = 0, reopens = 0;
  std::optional<std::int64_t> resolving_agent;
};

// A CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is
// escaped with an apostrophe so that a spreadsheet never runs a customer's name as a formula.
std::string field(const std::string& text) {
  std::string value = text;
  if (!value.empty() &&
      (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
    value.insert(0, "'");
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string iso(Ms at) {
  if (!at) return "";
  const std::time_t seconds = static_cast<std::time_t>(*at / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(*at % 1000));
  return text;
}

std::string seconds_between(Ms start, Ms end) {
  if (!start || !end) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(*end - *start) / 1000.0);
  return text;
}

Steps steps_of(sql::Connection& db, std::int64_t conversation_id) {
  Steps s;
  sql::Statement events(db,
                        "SELECT at, type, agent_id FROM events WHERE conversation_id = ? "
                        "ORDER BY id");
  events.bind(1, conversation_id);
  while (events.step()) {
    const std::int64_t at = events.column(0).int64();
    const std::string type = events.column(1).text();
    const std::optional<std::int64_t> agent =
        events.column(2).is_null() ? std::nullopt
                                   : std::optional<std::int64_t>(events.column(2).int64());
    if (type == "conversation_opened") {
      if (!s.opened) s.opened = at;
      s.contact_start = at;
    } else if (type == "conversation_reopened") {
      ++s.reopens;
      s.contact_start = at;
    } else if (type == "conversation_queued") {
      if (!s.first_queued) s.first_queued = at;
    } else if (type == "conversation_assigned") {
      if (!s.first_assigned) s.first_assigned = at;
      s.holder_assigned = at;
    } else if (type == "conversation_transferred") {
      ++s.transfers;
    } else if (type == "message_sent") {
      // The first human reply of the first contact (docs/metrics.md, first response time).
      if (!s.first_response && s.reopens == 0) s.first_response = at;
    } else if (type == "conversation_resolved") {
      s.resolved = at;
      s.resolving_assigned = s.holder_assigned;
      s.resolved_contact_start = s.contact_start;
      s.resolving_agent = agent;
    } else if (type == "conversation_closed") {
      s.closed = at;
    } else if (type == "conversation_abandoned") {
      s.abandoned = at;
    }
  }
  return s;
}

}  // namespace

std::string ConversationReport::csv(std::int64_t from, std::int64_t to) {
  std::map<std::int64_t, std::string> staff;
  {
    sql::Statement users(db_, "SELECT id, display_name FROM users");
    while (users.step()) {
      staff[users.column(0).int64()] = users.column(1).text();
    }
  }
  auto name_of = [&](std::optional<std::int64_t> id) {
    if (!id) return std::string();
    auto it = staff.find(*id);
    return it == staff.end() ? "#" + std::to_string(*id) : it->second;
  };
  std::string out =
      "conversation_id,customer,channel,queue,agent,status,opened_at,queued_at,assigned_at,"
      "first_response_at,resolved_at,closed_at,abandoned_at,first_response_s,handle_time_s,"
      "resolution_time_s,transfers,reopens,csat,quality_score\r\n";
  sql::Statement rows(db_,
                      "SELECT c.id, COALESCE(cu.display_name, ''), c.channel, c.queue, "
                      "COALESCE(c.agent_id, c.last_agent_id), c.status, s.rating, q.score "
                      "FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id "
                      "LEFT JOIN kpi_surveys s ON s.conversation_id = c.id "
                      "LEFT JOIN kpi_quality_scores q ON q.conversation_id = c.id "
                      "WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.id");
  rows.bind(1, from);
  rows.bind(2, to);
  while (rows.step()) {
    const std::int64_t id = rows.column(0).int64();
    const Steps s = steps_of(db_, id);
    std::optional<std::int64_t> agent = s.resolving_agent;
    if (!agent && !rows.column(4).is_null()) agent = rows.column(4).int64();
    std::string quality;
    if (!rows.column(7).is_null()) {
      char text[16];
      std::snprintf(text, sizeof text, "%.1f", rows.column(7).real());
      quality = text;
    }
    out += std::to_string(id) + ',' + field(rows.column(1).text()) + ',' +
           field(rows.column(2).text()) + ',' + field(rows.column(3).text()) + ',' +
           field(name_of(agent)) + ',' + field(rows.column(5).text()) + ',' + iso(s.opened) + ',' +
           iso(s.first_queued) + ',' + iso(s.first_assigned) + ',' + iso(s.first_response) + ',' +
           iso(s.resolved) + ',' + iso(s.closed) + ',' + iso(s.abandoned) + ',' +
           seconds_between(s.opened, s.first_response) + ',' +
           seconds_between(s.resolving_assigned, s.resolved) + ',' +
           seconds_between(s.resolved_contact_start, s.resolved) + ',' +
           std::to_string(s.transfers) + ',' + std::to_string(s.reopens) + ',' +
           (rows.column(6).is_null() ? std::string() : std::to_string(rows.column(6).int64())) +
           ',' + quality + "\r\n";
  }
  return out;
}

}  // namespace kefu
