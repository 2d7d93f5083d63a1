#include "server/config/config_change.hpp"

#include <boost/json.hpp>
#include <set>
#include <sstream>

namespace kefu::config {
namespace json = boost::json;

namespace {

// True when leaving the item out of a given section changes nothing.
bool stays_when_left_out(const std::string& section, const json::object& item) {
  if (section == "sla_policies" || section == "quality") return true;
  if (section == "queues") {
    const json::value* retired = item.if_contains("retired_at");
    return retired && !retired->is_null();
  }
  if (section == "tags") {
    const json::value* retired = item.if_contains("retired");
    return retired && retired->is_bool() && retired->get_bool();
  }
  if (section == "care_rules") {
    const json::value* enabled = item.if_contains("enabled");
    return !enabled || !enabled->is_bool() || !enabled->get_bool();
  }
  return false;
}

std::string shown(const json::value* v) {
  return v ? json::serialize(*v) : "(none)";
}

}  // namespace

std::vector<ConfigChange> diff(const ConfigDocument& current, const ConfigDocument& wanted) {
  std::vector<ConfigChange> changes;
  static const std::map<std::string, json::object> none;
  for (const auto& section : imported_sections()) {
    const auto given = wanted.sections.find(section);
    if (given == wanted.sections.end()) continue;
    const auto stored = current.sections.find(section);
    const auto& before = stored == current.sections.end() ? none : stored->second;
    for (const auto& [key, item] : given->second) {
      const auto old = before.find(key);
      if (old == before.end()) {
        changes.push_back({section, key, "added", {}, item});
      } else if (old->second != item) {
        changes.push_back({section, key, "changed", old->second, item});
      }
    }
    for (const auto& [key, item] : before) {
      if (!given->second.count(key) && !stays_when_left_out(section, item)) {
        changes.push_back({section, key, "removed", item, {}});
      }
    }
  }
  return changes;
}

json::array changes_json(const std::vector<ConfigChange>& changes) {
  json::array out;
  for (const auto& c : changes) {
    out.push_back(json::object{{"section", c.section},
                               {"item", c.key},
                               {"change", c.kind},
                               {"before", c.kind == "added" ? json::value(nullptr) : c.before},
                               {"after", c.kind == "removed" ? json::value(nullptr) : c.after}});
  }
  return out;
}

std::string changes_text(const std::vector<ConfigChange>& changes) {
  if (changes.empty()) return "no changes\n";
  std::ostringstream out;
  int added = 0, changed = 0, removed = 0;
  for (const auto& c : changes) {
    const char mark = c.kind == "added" ? '+' : c.kind == "removed" ? '-' : '~';
    out << mark << ' ' << c.section << '/' << c.key << '\n';
    if (c.kind == "added") ++added;
    if (c.kind == "removed") ++removed;
    if (c.kind != "changed") continue;
    ++changed;
    std::set<std::string> fields;
    for (const auto& [k, v] : c.before) fields.insert(std::string(k));
    for (const auto& [k, v] : c.after) fields.insert(std::string(k));
    for (const auto& field : fields) {
      const json::value* was = c.before.if_contains(field);
      const json::value* now = c.after.if_contains(field);
      if ((was == nullptr) != (now == nullptr) || (was && *was != *now)) {
        out << "    " << field << ": " << shown(was) << " -> " << shown(now) << '\n';
      }
    }
  }
  out << changes.size() << (changes.size() == 1 ? " change: " : " changes: ") << added << " added, "
      << changed << " changed, " << removed << " removed\n";
  return out.str();
}

}  // namespace kefu::config
