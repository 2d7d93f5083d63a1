#include "server/back_office/sqlite_message_retention.hpp"

#include <boost/json.hpp>

#include "server/store/sql/statement.hpp"

namespace kefu {
namespace json = boost::json;

namespace {

json::value days_json(std::optional<int> days) {
  return days ? json::value(*days) : json::value(nullptr);
}

}  // namespace

std::optional<int> SqliteMessageRetention::message_days() {
  sql::Statement s(db_, "SELECT value FROM meta WHERE key = 'message_retention_days'");
  if (!s.step()) return std::nullopt;
  return std::stoi(s.column(0).text());  // written by set_message_days
}

void SqliteMessageRetention::set_message_days(std::optional<int> days, std::int64_t by,
                                              std::int64_t now) {
  const auto before = message_days();
  if (days) {
    sql::Statement s(db_,
                     "INSERT INTO meta(key, value) VALUES ('message_retention_days', ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    s.bind(1, std::to_string(*days));
    s.exec();
  } else {
    db_.exec("DELETE FROM meta WHERE key = 'message_retention_days'");
  }
  audit("retention_updated", by, now,
        json::serialize(json::object{{"by", by},
                                     {"subject", "message_days"},
                                     {"before", {{"message_days", days_json(before)}}},
                                     {"after", {{"message_days", days_json(days)}}}}));
}

RetentionSweep SqliteMessageRetention::remove_before(std::int64_t cutoff, std::int64_t by,
                                                     std::int64_t now) {
  RetentionSweep sweep;
  sweep.cutoff = cutoff;
  sql::Statement blank(db_, "UPDATE messages SET body = '' WHERE body <> '' AND created_at < ?");
  blank.bind(1, cutoff);
  sweep.messages = blank.exec();
  sql::Statement files(db_, "SELECT file_key FROM attachments WHERE created_at < ?");
  files.bind(1, cutoff);
  while (files.step()) sweep.attachment_files.push_back(files.column(0).text());
  sql::Statement drop(db_, "DELETE FROM attachments WHERE created_at < ?");
  drop.bind(1, cutoff);
  sweep.attachments = drop.exec();
  if (sweep.messages > 0 || sweep.attachments > 0) {
    audit("messages_removed", by, now,
          json::serialize(json::object{{"by", by},
                                       {"subject", "messages"},
                                       {"before", json::object{}},
                                       {"after",
                                        {{"cutoff", cutoff},
                                         {"messages", sweep.messages},
                                         {"attachments", sweep.attachments}}}}));
  }
  return sweep;
}

void SqliteMessageRetention::audit(const std::string& type, std::int64_t by, std::int64_t now,
                                   const std::string& data) {
  sql::Statement s(db_, "INSERT INTO events(at, type, agent_id, data) VALUES (?, ?, ?, ?)");
  s.bind(1, now);
  s.bind(2, type);
  s.bind(3, by);
  s.bind(4, data);
  s.exec();
}

}  // namespace kefu
