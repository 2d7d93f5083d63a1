#include "server/metrics/event_row.hpp"

#include "server/store/sql/statement.hpp"

namespace kefu::metrics {
namespace {

void assign_text(const sql::Column& column, std::string& into) {
  const std::string_view bytes = column.view();
  if (bytes.empty()) {
    into.clear();
  } else {
    into.assign(bytes.data(), bytes.size());
  }
}

void assign_optional_text(const sql::Column& column, std::optional<std::string>& into) {
  if (column.is_null()) {
    into.reset();
    return;
  }
  if (!into) into.emplace();
  assign_text(column, *into);
}

void assign_optional_int(const sql::Column& column, std::optional<std::int64_t>& into) {
  if (column.is_null()) {
    into.reset();
  } else {
    into = column.int64();
  }
}

}  // namespace

void read_event_row(sql::Statement& row, Event& into) {
  into.id = row.column(0).int64();
  into.at = row.column(1).int64();
  assign_text(row.column(2), into.type);
  assign_optional_int(row.column(3), into.conversation_id);
  assign_optional_int(row.column(4), into.customer_id);
  assign_optional_int(row.column(5), into.agent_id);
  assign_optional_text(row.column(6), into.channel);
  assign_optional_text(row.column(7), into.queue);
  assign_text(row.column(8), into.data);
}

}  // namespace kefu::metrics
