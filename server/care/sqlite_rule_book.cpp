#include "server/care/sqlite_rule_book.hpp"

#include <boost/json.hpp>

#include "server/care/rule_json.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::care {
namespace {

constexpr const char* kColumns =
    "SELECT id, builtin, enabled, definition, updated_at FROM care_rules";

Rule read(const sql::Statement& s) {
  // The definition was written by rule_to_json; it is read back through the same checks.
  const auto definition = boost::json::parse(s.column(3).view());
  Rule r = rule_from_json(definition.as_object());
  r.id = s.column(0).int64();
  r.builtin = s.column(1).text();
  r.enabled = s.column(2).int64() != 0;
  r.updated_at = s.column(4).int64();
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
    sql::Statement s(db_, std::string(kColumns) + " ORDER BY id");
    std::vector<Rule> out;
    while (s.step()) out.push_back(read(s));
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
  sql::Statement s(db_,
                   "INSERT INTO care_rules(builtin, name, enabled, trigger_type, definition, "
                   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT(builtin) DO NOTHING RETURNING id");
  if (rule.builtin.empty()) {
    s.bind_null(1);
  } else {
    s.bind(1, rule.builtin);
  }
  s.bind(2, rule.name)
      .bind(3, rule.enabled ? 1 : 0)
      .bind(4, rule.trigger)
      .bind(5, definition_of(rule))
      .bind(6, now)
      .bind(7, now);
  if (const auto id = s.insert_returning_id()) return *id;
  sql::Statement existing(db_, "SELECT id FROM care_rules WHERE builtin = ?");
  existing.bind(1, rule.builtin);
  existing.step();
  return existing.column(0).int64();
}

bool SqliteRuleBook::replace(const Rule& rule, std::int64_t now) {
  cache_.reset();
  sql::Statement s(db_,
                   "UPDATE care_rules SET name = ?, enabled = ?, trigger_type = ?, "
                   "definition = ?, updated_at = ? WHERE id = ?");
  s.bind(1, rule.name)
      .bind(2, rule.enabled ? 1 : 0)
      .bind(3, rule.trigger)
      .bind(4, definition_of(rule))
      .bind(5, now)
      .bind(6, rule.id);
  return s.exec() == 1;
}

}  // namespace kefu::care
