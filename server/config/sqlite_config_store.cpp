#include "server/config/sqlite_config_store.hpp"

#include <boost/json.hpp>

#include "server/admin/admin_connection.hpp"
#include "server/admin/queue_definition.hpp"
#include "server/admin/sla_policy.hpp"
#include "server/config/config_items.hpp"
#include "server/metrics/quality_settings.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::config {
namespace json = boost::json;

SqliteConfigStore::SqliteConfigStore(const std::string& location, const Clock& clock,
                                     admin::StaffDirectory& staff)
    : db_(admin::open_admin_connection(location)),
      sql_(*db_),
      staff_(staff),
      routing_(sql_, clock),
      canned_(sql_),
      rules_(sql_),
      webhooks_(sql_),
      mailboxes_(sql_),
      shop_(sql_),
      tags_(sql_) {}

ConfigDocument SqliteConfigStore::current(bool with_secrets) {
  ConfigDocument d;
  auto& teams = d.sections["teams"];
  for (const auto& t : routing_.teams()) teams[t.name] = team_item(t);
  auto& queues = d.sections["queues"];
  for (const auto& q : routing_.queues()) queues[q.name] = admin::queue_json(q);
  auto& hours = d.sections["hours"];
  for (const auto& h : routing_.hours()) hours[h.team] = hours_item(h);
  auto& sla = d.sections["sla_policies"];
  for (const auto& channel : admin::sla_channels())
    sla[channel] = admin::sla_json(admin::default_sla(channel));
  for (const auto& p : routing_.sla_policies()) sla[admin::sla_key(p)] = admin::sla_json(p);
  auto& canned = d.sections["canned_replies"];
  for (const auto& r : canned_.visible_to(0, {}, true, "")) {
    if (r.owner_id) continue;  // personal replies are their owner's, not the shop's setup
    auto item = canned_reply_item(r);
    canned[item_key("canned_replies", item)] = std::move(item);
  }
  d.sections["quality"]["settings"] = metrics::load_quality_settings(sql_).to_json();
  auto& rules = d.sections["care_rules"];
  for (const auto& rule : rules_.list()) {
    auto item = rule_item(rule);
    rules[item_key("care_rules", item)] = std::move(item);
  }

  auto& origins = d.sections["shop_origins"];
  for (const auto& o : shop_.origins()) origins[o] = json::object{{"origin", o}};
  auto& tags = d.sections["tags"];
  for (const auto& t : tags_.list()) tags[t.name] = shop::tag_json(t);

  json::array skills, staff, hooks, mailboxes;
  for (const auto& s : routing_.skills()) skills.emplace_back(s);
  for (const auto& m : staff_.list()) staff.push_back(admin::member_json(m));
  for (const auto& s : webhooks_.subscriptions()) {
    json::array types;
    for (const auto& t : s.event_types) types.emplace_back(t);
    json::object o{{"url", s.url},
                   {"description", s.description},
                   {"event_types", std::move(types)},
                   {"enabled", s.enabled}};
    if (with_secrets) o["secret"] = s.secret;
    hooks.push_back(std::move(o));
  }
  for (const auto& m : mailboxes_.list()) {
    json::object o{
        {"name", m.name},         {"address", m.address},         {"display_name", m.display_name},
        {"queue", m.queue},       {"smtp_url", m.smtp_url},       {"security", m.security},
        {"imap_url", m.imap_url}, {"imap_folder", m.imap_folder}, {"login", m.login}};
    if (with_secrets) o["sealed_password"] = m.sealed_password;
    mailboxes.push_back(std::move(o));
  }
  d.shown["skills"] = std::move(skills);
  d.shown["staff"] = std::move(staff);
  d.shown["webhooks"] = std::move(hooks);
  d.shown["mailboxes"] = std::move(mailboxes);
  if (with_secrets) {
    json::array secrets;  // sealed, as mailboxes' passwords: they open with the key file only
    for (const auto& s : shop_.secrets()) {
      secrets.push_back(json::object{{"name", s.name},
                                     {"sealed_current", s.sealed_current},
                                     {"sealed_previous", s.sealed_previous},
                                     {"previous_until", s.previous_until},
                                     {"rotated_at", s.rotated_at}});
    }
    d.shown["shop_secrets"] = std::move(secrets);
  }
  return d;
}

void SqliteConfigStore::apply(const std::vector<ConfigChange>& changes, std::int64_t by,
                              std::int64_t now) {
  sql::Transaction t(sql_, sql::Transaction::Mode::write);
  for (const auto& change : changes) apply_one(change, by, now);
  t.commit();
}

void SqliteConfigStore::apply_one(const ConfigChange& c, std::int64_t by, std::int64_t now) {
  const bool removed = c.kind == "removed";
  const std::string verb = c.kind == "added" ? "created" : removed ? "removed" : "updated";
  if (c.section == "teams") {
    admin::AuditEntry audit{"team_" + verb, by, c.key, c.before, c.after};
    if (removed) {
      routing_.remove_team(c.key, audit);
    } else {
      std::vector<std::int64_t> members;
      for (const auto& m : c.after.at("members").as_array()) members.push_back(m.as_int64());
      routing_.save_team(admin::TeamDefinition{c.key, members}, audit);
    }
  } else if (c.section == "queues") {
    if (removed) {
      auto queue = admin::read_queue(c.before);
      queue.retired_at = now;
      queue.moved_to = queue.channel == "chat" ? "general" : "tickets";
      routing_.save_queue(queue, {"queue_retired", by, c.key, c.before, admin::queue_json(queue)});
    } else {
      routing_.save_queue(admin::read_queue(c.after),
                          {"queue_" + verb, by, c.key, c.before, c.after});
    }
  } else if (c.section == "hours") {
    admin::AuditEntry audit{"hours_updated", by, c.key, c.before, c.after};
    if (removed) {
      routing_.remove_hours(c.key, audit);
    } else {
      json::object rest = c.after;
      rest.erase("team");
      routing_.save_hours(admin::read_hours(c.key, rest), audit);
    }
  } else if (c.section == "sla_policies") {
    routing_.save_sla(
        c.after.contains("queue") ? admin::stored_sla(c.after) : admin::read_sla(c.key, c.after),
        {"sla_updated", by, c.key, c.before, c.after});
  } else {
    if (c.section == "canned_replies") {
      std::optional<std::int64_t> id;
      for (const auto& r : canned_.visible_to(0, {}, true, "")) {
        if (!r.owner_id && item_key(c.section, canned_reply_item(r)) == c.key) id = r.id;
      }
      if (removed) {
        if (id) canned_.remove(*id);
      } else {
        auto reply = canned_reply_of(c.after);
        if (id) {
          reply.id = *id;
          canned_.update(reply, now);
        } else {
          canned_.add(reply, now);
        }
      }
    } else if (c.section == "quality") {
      metrics::save_quality_settings(sql_, metrics::QualitySettings::from_json(c.after));
    } else if (c.section == "shop_origins") {
      if (removed) {
        shop_.remove_origin(c.key);
      } else {
        shop_.add_origin(c.key, now);
      }
    } else if (c.section == "tags") {
      const auto stored = tags_.find(c.key);
      auto tag = shop::read_tag(removed ? c.before : c.after, std::nullopt, now);
      if (removed) tag.retired_at = now;
      if (stored) {
        tag.created_at = stored->created_at;
        if (tag.retired_at && stored->retired_at) tag.retired_at = stored->retired_at;
      }
      tags_.save(tag);
    } else if (c.section == "care_rules") {
      std::optional<std::int64_t> id;
      for (const auto& rule : rules_.list()) {
        if (item_key(c.section, rule_item(rule)) == c.key) id = rule.id;
      }
      care::Rule rule = rule_of(removed ? c.before : c.after);
      if (removed) rule.enabled = false;
      if (id) {
        rule.id = *id;
        rules_.replace(rule, now);
      } else {
        rules_.add(rule, now);
      }
    }
    routing_.log({"config_imported", by, c.section + "/" + c.key, c.before, c.after});
  }
}

}  // namespace kefu::config
