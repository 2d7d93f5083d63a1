#include "server/config/config_document.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "server/admin/json_fields.hpp"
#include "server/admin/queue_definition.hpp"
#include "server/admin/setup_errors.hpp"
#include "server/admin/sla_policy.hpp"
#include "server/admin/team_definition.hpp"
#include "server/admin/team_hours.hpp"
#include "server/care/rule_json.hpp"
#include "server/config/config_items.hpp"
#include "server/config/config_refused.hpp"
#include "server/metrics/quality_settings.hpp"
#include "server/shop/tag_catalogue.hpp"
#include "server/workspace/canned_reply_rules.hpp"

namespace kefu::config {
namespace json = boost::json;

namespace {

bool known(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// The canonical form of one item of `section`, read with the REST's reader for it. Throws the
// reader's own error.
json::object canonical(const std::string& section, const json::value& item) {
  if (section == "quality") return canonical_quality(item);
  const json::object& o = admin::fields::object(item, section + " items");
  if (section == "teams") return canonical_team(o);
  if (section == "queues") return admin::queue_json(admin::read_queue(o));
  if (section == "hours") return canonical_hours(o);
  if (section == "sla_policies") {
    // A queue's policy (with "queue", "key" and "priority") or a channel's.
    if (o.contains("queue")) return admin::sla_json(admin::stored_sla(o));
    return admin::sla_json(admin::read_sla(admin::fields::text(o, "channel"), o));
  }
  if (section == "canned_replies") return canonical_canned_reply(o);
  if (section == "shop_origins") return canonical_shop_origin(o);
  if (section == "tags") return shop::tag_json(shop::read_tag(o, std::nullopt, 0));
  return canonical_rule(o);
}

}  // namespace

std::string item_key(const std::string& section, const json::object& item) {
  auto text = [&](std::string_view key) {
    const json::value* v = item.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  if (section == "teams" || section == "queues") return text("name");
  if (section == "hours") return text("team");
  if (section == "sla_policies") return text("key").empty() ? text("channel") : text("key");
  if (section == "canned_replies") {
    const std::string team = text("team");
    return (team.empty() ? "*" : team) + "/" + text("locale") + "/" + text("shortcut");
  }
  if (section == "care_rules") return text("builtin").empty() ? text("name") : text("builtin");
  if (section == "shop_origins") return text("origin");
  if (section == "tags") return text("name");
  return "settings";
}

json::object document_json(const ConfigDocument& document) {
  json::object out{{"kefu_config", 1}};
  for (const auto& section : imported_sections()) {
    const auto found = document.sections.find(section);
    if (found == document.sections.end()) continue;
    if (section == "quality") {
      const auto settings = found->second.find("settings");
      if (settings != found->second.end()) out["quality"] = settings->second;
      continue;
    }
    json::array items;
    for (const auto& [key, item] : found->second) items.push_back(item);
    out[section] = std::move(items);
  }
  for (const auto& [section, items] : document.shown) out[section] = items;
  return out;
}

ConfigDocument read_document(const json::value& value) {
  if (!value.is_object()) {
    throw ConfigRefused("bad_request", "a configuration is a JSON object", "kefu_config");
  }
  const json::object& o = value.as_object();
  const json::value* version = o.if_contains("kefu_config");
  if (!version || !version->is_int64() || version->get_int64() != 1) {
    throw ConfigRefused("bad_request", "kefu_config must be 1 (this server's format)",
                        "kefu_config");
  }
  ConfigDocument document;
  for (const auto& [name, section] : o) {
    const std::string section_name(name);
    if (section_name == "kefu_config") continue;
    if (known(shown_sections(), section_name)) {
      if (!section.is_array()) {
        throw ConfigRefused("bad_request", section_name + " is an array", section_name);
      }
      document.shown[section_name] = section.as_array();
      continue;
    }
    if (!known(imported_sections(), section_name)) {
      throw ConfigRefused("bad_request", "unknown section " + section_name, section_name);
    }
    auto& items = document.sections[section_name];
    if (section_name == "quality") {
      try {
        items["settings"] = canonical("quality", section);
      } catch (const std::invalid_argument& bad) {
        throw ConfigRefused(error_code(bad), bad.what(), "quality");
      }
      continue;
    }
    if (!section.is_array()) {
      throw ConfigRefused("bad_request", section_name + " is an array", section_name);
    }
    std::size_t at = 0;
    for (const auto& item : section.as_array()) {
      const std::string where = section_name + "[" + std::to_string(at++) + "]";
      json::object read;
      try {
        read = canonical(section_name, item);
      } catch (const std::invalid_argument& bad) {
        throw ConfigRefused(error_code(bad), bad.what(), where);
      }
      const std::string key = item_key(section_name, read);
      if (!items.emplace(key, std::move(read)).second) {
        throw ConfigRefused(duplicate_code(section_name), "'" + key + "' is given twice", where);
      }
    }
  }
  return document;
}

}  // namespace kefu::config
