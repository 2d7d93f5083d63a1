#include "server/metrics/event_row.hpp"

#include <SQLiteCpp/Column.h>

namespace kefu::metrics {
namespace {

void assign_text(const SQLite::Column& column, std::string& into) {
  // SQLite wants the bytes asked for before their count.
  const auto* bytes = static_cast<const char*>(column.getBlob());
  const auto size = static_cast<std::size_t>(column.getBytes());
  if (size == 0) {
    into.clear();
  } else {
    into.assign(bytes, size);
  }
}

void assign_optional_text(const SQLite::Column& column, std::optional<std::string>& into) {
  if (column.isNull()) {
    into.reset();
    return;
  }
  if (!into) into.emplace();
  assign_text(column, *into);
}

void assign_optional_int(const SQLite::Column& column, std::optional<std::int64_t>& into) {
  if (column.isNull()) {
    into.reset();
  } else {
    into = column.getInt64();
  }
}

}  // namespace

void read_event_row(SQLite::Statement& row, Event& into) {
  into.id = row.getColumn(0).getInt64();
  into.at = row.getColumn(1).getInt64();
  assign_text(row.getColumn(2), into.type);
  assign_optional_int(row.getColumn(3), into.conversation_id);
  assign_optional_int(row.getColumn(4), into.customer_id);
  assign_optional_int(row.getColumn(5), into.agent_id);
  assign_optional_text(row.getColumn(6), into.channel);
  assign_optional_text(row.getColumn(7), into.queue);
  assign_text(row.getColumn(8), into.data);
}

}  // namespace kefu::metrics
