#include "server/store/message_events.hpp"

#include <algorithm>
#include <string>

namespace kefu::store {

bool is_message_event(std::string_view type) {
  return std::find(kMessageEventTypes.begin(), kMessageEventTypes.end(), type) !=
         kMessageEventTypes.end();
}

namespace {

// The types compared with `op`, joined by `join`.
std::string each_type(std::string_view op, std::string_view join) {
  std::string sql;
  for (const std::string_view type : kMessageEventTypes) {
    if (!sql.empty()) sql += join;
    sql += "type ";
    sql += op;
    sql += " '";
    sql += type;
    sql += "'";
  }
  return sql;
}

}  // namespace

std::string sql_is_message_event() {
  return "(" + each_type("=", " OR ") + ")";
}

std::string sql_not_message_event() {
  return each_type("<>", " AND ");
}

}  // namespace kefu::store
