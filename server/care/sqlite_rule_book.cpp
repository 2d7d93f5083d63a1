#include "server/care/sqlite_rule_book.hpp"

#include <SQLiteCpp/Statement.h>

#include <boost/json.hpp>

#include "server/care/rule_json.hpp"

namespace kefu::care {
namespace {

constexpr const char* kColumns =
    "SELECT id, builtin, enabled, definition, updated_at FROM care_rules";

Rule read(SQLite::Statement& s) {
  // The definition was written by rule_to_json; it is read back through the same checks.
  const auto definition = boost::json::parse(s.getColumn(3).getString());
  Rule r = rule_from_json(definition.as_object());
  r.id = s.getColumn(0).getInt64();
  r.builtin = s.getColumn(1).isNull() ? "" : s.getColumn(1).getString();
  r.enabled = s.getColumn(2).getInt() != 0;
  r.updated_at = s.getColumn(4).getInt64();
  return r;
}

std::string definition_of(const Rule& rule) {
  auto o = rule_to_json(rule);
  o.erase("id");
  o.erase("builtin");
  o.erase("updated_at");
  return boost::json::serialize(o);
}

}  // namespace

std::vector<Rule> SqliteRuleBook::list() {
  if (!cache_) {
    SQLite::Statement s(db_, std::string(kColumns) + " ORDER BY id");
    std::vector<Rule> out;
    while (s.executeStep()) out.push_back(read(s));
    cache_ = std::move(out);
  }
  return *cache_;
}

std::optional<Rule> SqliteRuleBook::find(std::int64_t id) {
  for (const Rule& rule : list())
    if (rule.id == id) return rule;
  return std::nullopt;
}

std::int64_t SqliteRuleBook::add(const Rule& rule, std::int64_t now) {
  cache_.reset();
  SQLite::Statement s(db_,
                      "INSERT INTO care_rules(builtin, name, enabled, trigger_type, definition, "
                      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT(builtin) DO NOTHING");
  if (rule.builtin.empty()) {
    s.bind(1);
  } else {
    s.bind(1, rule.builtin);
  }
  s.bind(2, rule.name);
  s.bind(3, rule.enabled ? 1 : 0);
  s.bind(4, rule.trigger);
  s.bind(5, definition_of(rule));
  s.bind(6, now);
  s.bind(7, now);
  if (s.exec() == 1) return db_.getLastInsertRowid();
  SQLite::Statement existing(db_, "SELECT id FROM care_rules WHERE builtin = ?");
  existing.bind(1, rule.builtin);
  existing.executeStep();
  return existing.getColumn(0).getInt64();
}

bool SqliteRuleBook::replace(const Rule& rule, std::int64_t now) {
  cache_.reset();
  SQLite::Statement s(db_,
                      "UPDATE care_rules SET name = ?, enabled = ?, trigger_type = ?, "
                      "definition = ?, updated_at = ? WHERE id = ?");
  s.bind(1, rule.name);
  s.bind(2, rule.enabled ? 1 : 0);
  s.bind(3, rule.trigger);
  s.bind(4, definition_of(rule));
  s.bind(5, now);
  s.bind(6, rule.id);
  return s.exec() == 1;
}

}  // namespace kefu::care
