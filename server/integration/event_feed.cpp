#include "server/integration/event_feed.hpp"

#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

namespace kefu::integration {
namespace json = boost::json;

namespace {

json::value id_or_null(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  return column.getInt64();
}

json::value text_or_null(const SQLite::Column& column) {
  if (column.isNull()) return nullptr;
  return json::string(column.getString());
}

}  // namespace

json::object read_event_page(SQLite::Database& db, std::int64_t after, std::int64_t limit) {
  SQLite::Statement rows(db,
                         "SELECT id, at, type, conversation_id, customer_id, agent_id, channel, "
                         "queue, data FROM events WHERE id > ? ORDER BY id LIMIT ?");
  rows.bind(1, after);
  rows.bind(2, limit);
  json::array events;
  std::int64_t last = after;
  while (rows.executeStep()) {
    last = rows.getColumn(0).getInt64();
    json::error_code ec;
    json::value data = json::parse(rows.getColumn(8).getString(), ec);
    if (ec || !data.is_object()) data = json::object{};
    events.push_back(json::object{{"id", last},
                                  {"at", rows.getColumn(1).getInt64()},
                                  {"type", rows.getColumn(2).getString()},
                                  {"conversation_id", id_or_null(rows.getColumn(3))},
                                  {"customer_id", id_or_null(rows.getColumn(4))},
                                  {"agent_id", id_or_null(rows.getColumn(5))},
                                  {"channel", text_or_null(rows.getColumn(6))},
                                  {"queue", text_or_null(rows.getColumn(7))},
                                  {"data", std::move(data)}});
  }
  return json::object{{"events", std::move(events)}, {"next_after", last}};
}

}  // namespace kefu::integration
