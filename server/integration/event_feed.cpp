#include "server/integration/event_feed.hpp"

#include <boost/json.hpp>

#include "server/store/sql/event_log_reader.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::integration {
namespace json = boost::json;

namespace {

json::value id_or_null(const sql::Column& column) {
  if (column.is_null()) return nullptr;
  return column.int64();
}

json::value text_or_null(const sql::Column& column) {
  if (column.is_null()) return nullptr;
  return json::string(column.text());
}

}  // namespace

json::object read_event_page(sql::Connection& db, std::int64_t after, std::int64_t limit) {
  sql::Statement rows(db, sql::events_after_query(db,
                                                  "id, at, type, conversation_id, customer_id, "
                                                  "agent_id, channel, queue, data"));
  rows.bind(1, after);
  rows.bind(2, limit);
  json::array events;
  std::int64_t last = after;
  while (rows.step()) {
    last = rows.column(0).int64();
    json::error_code ec;
    json::value data = json::parse(rows.column(8).text(), ec);
    if (ec || !data.is_object()) data = json::object{};
    events.push_back(json::object{{"id", last},
                                  {"at", rows.column(1).int64()},
                                  {"type", rows.column(2).text()},
                                  {"conversation_id", id_or_null(rows.column(3))},
                                  {"customer_id", id_or_null(rows.column(4))},
                                  {"agent_id", id_or_null(rows.column(5))},
                                  {"channel", text_or_null(rows.column(6))},
                                  {"queue", text_or_null(rows.column(7))},
                                  {"data", std::move(data)}});
  }
  return json::object{{"events", std::move(events)}, {"next_after", last}};
}

}  // namespace kefu::integration
