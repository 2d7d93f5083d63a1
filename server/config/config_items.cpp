#include "server/config/config_items.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "server/admin/json_fields.hpp"
#include "server/admin/setup_errors.hpp"
#include "server/care/rule_json.hpp"
#include "server/metrics/quality_settings.hpp"
#include "server/shop/shop_errors.hpp"
#include "server/shop/shop_origins.hpp"
#include "server/workspace/canned_reply_rules.hpp"

namespace kefu::config {
namespace json = boost::json;

json::object team_item(admin::TeamDefinition team) {
  std::sort(team.members.begin(), team.members.end());
  team.members.erase(std::unique(team.members.begin(), team.members.end()), team.members.end());
  return admin::team_json(team);
}

json::object canonical_team(const json::object& item) {
  admin::fields::only(item, {"name", "members"});
  admin::TeamDefinition team;
  team.name = admin::fields::text(item, "name");
  for (const auto& m : admin::fields::array(item, "members")) {
    if (!m.is_int64()) throw admin::SetupInputError("bad_request", "members are staff ids");
    team.members.push_back(m.get_int64());
  }
  return team_item(std::move(team));
}

json::object hours_item(const admin::TeamHours& hours) {
  json::object o = admin::hours_json(hours);
  o["team"] = hours.team;
  return o;
}

json::object canonical_hours(const json::object& item) {
  json::object rest = item;
  const std::string team = admin::fields::text(item, "team");
  rest.erase("team");
  return hours_item(admin::read_hours(team, rest));
}

json::object canned_reply_item(const workspace::CannedReply& r) {
  return json::object{{"team", r.team},
                      {"locale", r.locale},
                      {"shortcut", r.shortcut},
                      {"title", r.title},
                      {"body", r.body}};
}

workspace::CannedReply canned_reply_of(const json::object& item) {
  admin::fields::only(item, {"team", "locale", "shortcut", "title", "body"});
  workspace::CannedReply r;
  r.team = admin::fields::text(item, "team", {}, 4096);
  r.locale = admin::fields::text(item, "locale", {}, 4096);
  r.shortcut = admin::fields::text(item, "shortcut", {}, 4096);
  r.title = admin::fields::text(item, "title", {}, 4096);
  r.body = admin::fields::text(item, "body", {}, 64 * 1024);
  return r;
}

json::object canonical_canned_reply(const json::object& item) {
  const auto reply = canned_reply_of(item);
  workspace::check_canned_reply(reply);
  return canned_reply_item(reply);
}

json::object rule_item(const care::Rule& rule) {
  json::object o = care::rule_to_json(rule);
  o.erase("id");
  o.erase("updated_at");
  return o;
}

care::Rule rule_of(const json::object& item) {
  care::Rule rule = care::rule_from_json(item);
  const json::value* builtin = item.if_contains("builtin");
  if (builtin && !builtin->is_null()) {
    if (!builtin->is_string() || builtin->get_string().empty()) {
      throw care::RuleInputError("invalid_rule", "builtin: the key of a built-in rule, or null");
    }
    rule.builtin = std::string(builtin->get_string());
  }
  return rule;
}

json::object canonical_rule(const json::object& item) {
  return rule_item(rule_of(item));
}

json::object canonical_quality(const json::value& item) {
  return metrics::QualitySettings::from_json(item).to_json();
}

json::object canonical_shop_origin(const json::object& item) {
  const json::value* origin = item.if_contains("origin");
  if (item.size() != 1 || !origin || !origin->is_string()) {
    throw shop::ShopInputError("bad_origin", "an allowed origin is {\"origin\": string}");
  }
  return json::object{{"origin", shop::read_shop_origins({std::string(origin->get_string())})[0]}};
}

std::string error_code(const std::invalid_argument& refused) {
  if (const auto* setup = dynamic_cast<const admin::SetupInputError*>(&refused)) {
    return setup->code;
  }
  if (const auto* reply = dynamic_cast<const workspace::CannedReplyRefused*>(&refused)) {
    return reply->code;
  }
  if (const auto* rule = dynamic_cast<const care::RuleInputError*>(&refused)) return rule->code;
  if (const auto* shop = dynamic_cast<const shop::ShopInputError*>(&refused)) return shop->code;
  return "bad_field";  // the quality settings' (QualityDesk::replace_settings)
}

std::string duplicate_code(const std::string& section) {
  if (section == "teams") return "duplicate_team";
  if (section == "queues") return "duplicate_queue";
  if (section == "canned_replies") return "shortcut_taken";
  if (section == "shop_origins") return "duplicate_origin";
  if (section == "tags") return "duplicate_tag";
  return "duplicate";
}

}  // namespace kefu::config
