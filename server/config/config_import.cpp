#include "server/config/config_import.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "server/admin/queue_definition.hpp"
#include "server/admin/routing_setup.hpp"
#include "server/care/rule_tags.hpp"
#include "server/config/config_items.hpp"
#include "server/config/config_refused.hpp"

namespace kefu::config {
namespace json = boost::json;

namespace {

// The items of `section` after the import: the given ones, else the stored ones.
const std::map<std::string, json::object>& after_import(const ConfigDocument& current,
                                                        const ConfigDocument& wanted,
                                                        const std::string& section) {
  static const std::map<std::string, json::object> none;
  for (const auto* d : {&wanted, &current}) {
    const auto found = d->sections.find(section);
    if (found != d->sections.end()) return found->second;
  }
  return none;
}

bool retired(const std::map<std::string, json::object>& tags, const std::string& name) {
  const auto found = tags.find(name);
  return found != tags.end() && found->second.at("retired").as_bool();
}

// The REST's tag rules for care rules (care/rule_tags.hpp): a rule the import adds or changes
// adds only catalogue tags that are not retired (unless the catalogue is empty), and a tag the
// import retires is added by no rule.
void check_rule_tags(const ConfigDocument& current, const ConfigDocument& wanted) {
  if (!wanted.has("tags") && !wanted.has("care_rules")) return;
  const auto& tags = after_import(current, wanted, "tags");
  const auto& stored_tags = current.sections.at("tags");
  const auto& stored_rules = current.sections.at("care_rules");
  for (const auto& [key, item] : after_import(current, wanted, "care_rules")) {
    const care::Rule rule = rule_of(item);
    const auto before = stored_rules.find(key);
    const bool changed = before == stored_rules.end() || before->second != item;
    for (const std::string& tag : care::tags_added(rule)) {
      if (retired(tags, tag) && stored_tags.count(tag) != 0 && !retired(stored_tags, tag)) {
        throw ConfigRefused("tag_in_use",
                            "the tag '" + tag + "' is added by the care rule '" + key + "'",
                            "tags/" + tag);
      }
      if (changed && !tags.empty() && (tags.count(tag) == 0 || retired(tags, tag))) {
        throw ConfigRefused("unknown_tag", "actions: '" + tag + "' is not in the tag catalogue",
                            "care_rules/" + key);
      }
    }
  }
}

}  // namespace

std::vector<ConfigChange> ConfigImport::plan(const json::value& document) {
  const ConfigDocument wanted = read_document(document);
  const ConfigDocument current = store_.current(false);
  check(current, wanted);
  return diff(current, wanted);
}

std::vector<ConfigChange> ConfigImport::run(const json::value& document, bool dry_run,
                                            std::int64_t by, std::int64_t now) {
  auto changes = plan(document);
  if (!dry_run && !changes.empty()) store_.apply(changes, by, now);
  return changes;
}

void ConfigImport::check(const ConfigDocument& current, const ConfigDocument& wanted) {
  admin::RoutingSetup setup(store_.routing());
  const auto& teams = after_import(current, wanted, "teams");
  const auto& queues = after_import(current, wanted, "queues");
  std::vector<std::string> team_names;
  for (const auto& [name, item] : teams) team_names.push_back(name);
  std::vector<admin::QueueDefinition> all_queues;
  for (const auto& [name, item] : queues) all_queues.push_back(admin::read_queue(item));

  auto refuse_at = [](const std::string& where, auto&& work) {
    try {
      work();
    } catch (const admin::SetupInputError& bad) {
      throw ConfigRefused(bad.code, bad.what(), where);
    }
  };
  if (wanted.has("teams")) {
    for (const auto& team : teams) {
      const std::string& name = team.first;
      const auto& item = team.second;  // (clang 14 cannot capture a structured binding)
      refuse_at("teams/" + name, [&] {
        std::vector<std::int64_t> members;
        for (const auto& m : item.at("members").as_array()) members.push_back(m.as_int64());
        setup.check_team(admin::TeamDefinition{name, members});
      });
    }
  }
  if (wanted.has("teams") || wanted.has("queues")) {
    const auto& stored = current.sections.at("queues");
    for (const auto& q : all_queues) {
      refuse_at("queues/" + q.name, [&] {
        if (admin::built_in_queue(q.name)) {
          throw admin::SetupInputError("duplicate_queue", "the queue '" + q.name + "' exists");
        }
        const auto before = stored.find(q.name);
        if (before != stored.end() && admin::read_queue(before->second).channel != q.channel) {
          throw admin::SetupInputError("bad_channel", "a queue's channel cannot change");
        }
        if (!q.retired_at) setup.check_queue(q, team_names, all_queues);
      });
    }
  }
  check_rule_tags(current, wanted);
  for (const auto& [team, item] : after_import(current, wanted, "hours")) {
    if (std::find(team_names.begin(), team_names.end(), team) == team_names.end()) {
      throw ConfigRefused("unknown_team", "no team '" + team + "'", "hours/" + team);
    }
  }
}

}  // namespace kefu::config
