#include "server/admin/staff_directory.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <boost/json.hpp>
#include <regex>

#include "server/auth/secret_token.hpp"

namespace kefu::admin {
namespace json = boost::json;

namespace {

constexpr int kMostCapacity = 100;

bool fits(const std::string& text, std::size_t most) {
  return !text.empty() && text.size() <= most;
}

}  // namespace

json::object member_json(const StaffMember& m) {
  json::array teams, skills, languages;
  for (const auto& t : m.user.teams) teams.emplace_back(t);
  for (const auto& [skill, level] : m.user.skills) {
    skills.push_back(json::object{{"name", skill}, {"level", level}});
  }
  for (const auto& l : m.user.languages) languages.emplace_back(l);
  json::object o{{"id", m.user.id},
                 {"login", m.user.login},
                 {"name", m.user.display_name},
                 {"role", store::to_string(m.user.role)},
                 {"teams", std::move(teams)},
                 {"skills", std::move(skills)},
                 {"languages", std::move(languages)},
                 {"chat_capacity", m.user.chat_capacity},
                 {"ticket_capacity", m.user.ticket_capacity},
                 {"status", m.status},
                 {"created_at", m.user.created_at}};
  o["deactivated_at"] = m.deactivated_at ? json::value(*m.deactivated_at) : json::value(nullptr);
  return o;
}

StaffDirectory::StaffDirectory(const std::string& database, const Clock& clock,
                               const PasswordPolicy& policy, const auth::PasswordHasher& hasher)
    : db_(database, SQLite::OPEN_READWRITE),
      clock_(clock),
      policy_(policy),
      hasher_(hasher),
      links_(db_, clock) {
  db_.setBusyTimeout(5000);
  db_.exec("PRAGMA foreign_keys = ON");
  // The store's checkpointer copies the log; this connection's commits must not do it too.
  db_.exec("PRAGMA wal_autocheckpoint = 0");
}

bool StaffDirectory::empty() {
  return db_.execAndGet("SELECT COUNT(*) FROM users").getInt64() == 0;
}

std::string StaffDirectory::issue_setup_link() {
  if (!empty()) throw std::logic_error("staff exist: no setup link");
  return links_.issue(LinkPurpose::setup, std::nullopt, std::nullopt);
}

StaffMember StaffDirectory::complete_setup(const std::string& token, const std::string& login,
                                           const std::string& name, const std::string& password) {
  StaffProfile profile;
  profile.login = login;
  profile.name = name;
  profile.role = store::Role::admin;
  profile.chat_capacity = 0;
  profile.ticket_capacity = 0;
  links_.peek(token, LinkPurpose::setup);
  validate(profile);
  check_password(password, login);
  const std::string hash = hasher_.hash(password);
  SQLite::Transaction t(db_);
  links_.redeem(token, LinkPurpose::setup);
  if (!empty()) throw LinkRefused();
  const std::int64_t id = insert(profile, hash, "set");
  StaffMember after = *read(id);
  log("staff_setup", std::nullopt, id, {}, member_json(after));
  t.commit();
  return after;
}

std::vector<std::string> StaffDirectory::skill_catalogue() {
  std::vector<std::string> names;
  SQLite::Statement s(db_, "SELECT name FROM skills ORDER BY name");
  while (s.executeStep()) names.push_back(s.getColumn(0).getString());
  return names;
}

void StaffDirectory::validate(const StaffProfile& p) {
  static const std::regex login_rule("[A-Za-z0-9._@-]{1,64}");
  static const std::regex language_rule("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
  if (!std::regex_match(p.login, login_rule)) {
    throw StaffInputError("bad_login", "a login is 1-64 letters, digits or . _ @ -");
  }
  if (!fits(p.name, 100)) throw StaffInputError("bad_name", "a name has 1-100 bytes");
  for (const int capacity : {p.chat_capacity, p.ticket_capacity}) {
    if (capacity < 0 || capacity > kMostCapacity) {
      throw StaffInputError("bad_capacity", "a capacity is 0-100");
    }
  }
  const auto catalogue = skill_catalogue();
  for (const auto& [skill, level] : p.skills) {
    if (std::find(catalogue.begin(), catalogue.end(), skill) == catalogue.end()) {
      throw StaffInputError("unknown_skill", "no skill '" + skill + "' in the catalogue");
    }
    if (level < 1 || level > 5) throw StaffInputError("bad_skill_level", "a level is 1-5");
  }
  for (const auto& language : p.languages) {
    if (!std::regex_match(language, language_rule)) {
      throw StaffInputError("bad_language", "a language is a code like en, zh or pt-BR");
    }
  }
  for (const auto& team : p.teams) {
    if (!fits(team, 64)) throw StaffInputError("bad_team", "a team name has 1-64 bytes");
  }
}

void StaffDirectory::check_password(const std::string& password, const std::string& login) const {
  if (auto why = policy_.refusal(password, login)) throw StaffInputError("weak_password", *why);
}

std::optional<StaffMember> StaffDirectory::read(std::int64_t id) {
  SQLite::Statement s(db_,
                      "SELECT login, display_name, role, password_state, chat_capacity, "
                      "ticket_capacity, created_at, deactivated_at FROM users WHERE id = ?");
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  StaffMember m;
  m.user.id = id;
  m.user.login = s.getColumn(0).getString();
  m.user.display_name = s.getColumn(1).getString();
  m.user.role = store::parse_role(s.getColumn(2).getString()).value_or(store::Role::agent);
  const std::string password = s.getColumn(3).getString();
  m.user.chat_capacity = s.getColumn(4).getInt();
  m.user.ticket_capacity = s.getColumn(5).getInt();
  m.user.created_at = s.getColumn(6).getInt64();
  if (!s.getColumn(7).isNull()) m.deactivated_at = s.getColumn(7).getInt64();
  m.status = m.deactivated_at        ? "deactivated"
             : password == "invited" ? "invited"
             : password == "reset"   ? "password_reset"
                                     : "active";
  SQLite::Statement teams(db_,
                          "SELECT t.name FROM user_teams ut JOIN teams t ON t.id = ut.team_id "
                          "WHERE ut.user_id = ? ORDER BY t.name");
  teams.bind(1, id);
  while (teams.executeStep()) m.user.teams.push_back(teams.getColumn(0).getString());
  SQLite::Statement skills(db_,
                           "SELECT skill, level FROM user_skills WHERE user_id = ? ORDER BY skill");
  skills.bind(1, id);
  while (skills.executeStep()) {
    m.user.skills.emplace_back(skills.getColumn(0).getString(), skills.getColumn(1).getInt());
  }
  SQLite::Statement languages(
      db_, "SELECT language FROM user_languages WHERE user_id = ? ORDER BY language");
  languages.bind(1, id);
  while (languages.executeStep()) m.user.languages.push_back(languages.getColumn(0).getString());
  return m;
}

StaffMember StaffDirectory::find(std::int64_t id) {
  auto m = read(id);
  if (!m) throw StaffNotFound();
  return *m;
}

std::vector<StaffMember> StaffDirectory::list() {
  std::vector<std::int64_t> ids;
  SQLite::Statement s(db_, "SELECT id FROM users ORDER BY id");
  while (s.executeStep()) ids.push_back(s.getColumn(0).getInt64());
  std::vector<StaffMember> members;
  for (const auto id : ids) members.push_back(find(id));
  return members;
}

std::string StaffDirectory::unusable_hash() const {
  return hasher_.hash(auth::new_secret_token());
}

std::int64_t StaffDirectory::insert(const StaffProfile& p, const std::string& password_hash,
                                    const std::string& password_state) {
  SQLite::Statement taken(db_, "SELECT 1 FROM users WHERE login = ?");
  taken.bind(1, p.login);
  if (taken.executeStep()) {
    throw StaffInputError("duplicate_login", "the login '" + p.login + "' is taken");
  }
  SQLite::Statement s(
      db_,
      "INSERT INTO users(login, display_name, role, password_hash, chat_capacity, "
      "ticket_capacity, created_at, password_state) VALUES (?, ?, ?, ?, 0, 0, ?, ?)");
  s.bind(1, p.login);
  s.bind(2, p.name);
  s.bind(3, std::string(store::to_string(p.role)));
  s.bind(4, password_hash);
  s.bind(5, clock_.now_ms());
  s.bind(6, password_state);
  s.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  write_profile(id, p);
  return id;
}

void StaffDirectory::write_profile(std::int64_t id, const StaffProfile& p) {
  SQLite::Statement user(db_,
                         "UPDATE users SET display_name = ?, role = ?, chat_capacity = ?, "
                         "ticket_capacity = ? WHERE id = ?");
  user.bind(1, p.name);
  user.bind(2, std::string(store::to_string(p.role)));
  user.bind(3, p.chat_capacity);
  user.bind(4, p.ticket_capacity);
  user.bind(5, id);
  user.exec();
  for (const char* table : {"user_teams", "user_skills", "user_languages"}) {
    SQLite::Statement clear(db_, std::string("DELETE FROM ") + table + " WHERE user_id = ?");
    clear.bind(1, id);
    clear.exec();
  }
  for (const auto& team : p.teams) {
    SQLite::Statement add(db_, "INSERT OR IGNORE INTO teams(name) VALUES (?)");
    add.bind(1, team);
    add.exec();
    SQLite::Statement join(db_,
                           "INSERT OR IGNORE INTO user_teams(user_id, team_id) "
                           "SELECT ?, id FROM teams WHERE name = ?");
    join.bind(1, id);
    join.bind(2, team);
    join.exec();
  }
  for (const auto& [skill, level] : p.skills) {
    SQLite::Statement add(db_,
                          "INSERT OR REPLACE INTO user_skills(user_id, skill, level) "
                          "VALUES (?, ?, ?)");
    add.bind(1, id);
    add.bind(2, skill);
    add.bind(3, level);
    add.exec();
  }
  for (const auto& language : p.languages) {
    SQLite::Statement add(db_,
                          "INSERT OR IGNORE INTO user_languages(user_id, language) VALUES (?, ?)");
    add.bind(1, id);
    add.bind(2, language);
    add.exec();
  }
}

void StaffDirectory::revoke_sessions(std::int64_t id) {
  SQLite::Statement s(db_,
                      "UPDATE staff_sessions SET revoked_at = ? "
                      "WHERE user_id = ? AND revoked_at IS NULL");
  s.bind(1, clock_.now_ms());
  s.bind(2, id);
  s.exec();
}

void StaffDirectory::log(const std::string& type, std::optional<std::int64_t> by, std::int64_t user,
                         json::object before, json::object after) {
  json::object data{{"user", user}, {"before", std::move(before)}, {"after", std::move(after)}};
  data["by"] = by ? json::value(*by) : json::value(nullptr);
  SQLite::Statement s(db_, "INSERT INTO events(at, type, agent_id, data) VALUES (?, ?, ?, ?)");
  s.bind(1, clock_.now_ms());
  s.bind(2, type);
  s.bind(3, user);
  s.bind(4, json::serialize(data));
  s.exec();
}

IssuedLink StaffDirectory::invite(const StaffProfile& profile, std::int64_t by) {
  validate(profile);
  const std::string nobody = unusable_hash();
  SQLite::Transaction t(db_);
  const std::int64_t id = insert(profile, nobody, "invited");
  const std::string token = links_.issue(LinkPurpose::invitation, id, by);
  StaffMember after = *read(id);
  log("staff_created", by, id, {}, member_json(after));
  t.commit();
  return {std::move(after), token};
}

StaffMember StaffDirectory::update(std::int64_t id, StaffProfile profile, std::int64_t by) {
  const StaffMember before = find(id);
  profile.login = before.user.login;
  validate(profile);
  if (id == by && profile.role != store::Role::admin) {
    throw StaffInputError("unknown_role", "an admin cannot take away their own admin role");
  }
  SQLite::Transaction t(db_);
  write_profile(id, profile);
  StaffMember after = *read(id);
  log("staff_updated", by, id, member_json(before), member_json(after));
  t.commit();
  return after;
}

StaffMember StaffDirectory::deactivate(std::int64_t id, std::int64_t by) {
  const StaffMember before = find(id);
  if (id == by) throw StaffInputError("bad_request", "an admin cannot deactivate themselves");
  if (before.deactivated_at) return before;
  const std::string nobody = unusable_hash();
  SQLite::Transaction t(db_);
  SQLite::Statement s(db_, "UPDATE users SET deactivated_at = ?, password_hash = ? WHERE id = ?");
  s.bind(1, clock_.now_ms());
  s.bind(2, nobody);
  s.bind(3, id);
  s.exec();
  revoke_sessions(id);
  links_.withdraw_for(id);
  StaffMember after = *read(id);
  log("staff_deactivated", by, id, member_json(before), member_json(after));
  t.commit();
  return after;
}

IssuedLink StaffDirectory::reactivate(std::int64_t id, std::int64_t by) {
  const StaffMember before = find(id);
  if (!before.deactivated_at) throw StaffInputError("bad_request", "the member is active");
  SQLite::Transaction t(db_);
  SQLite::Statement s(db_,
                      "UPDATE users SET deactivated_at = NULL, password_state = 'reset' "
                      "WHERE id = ?");
  s.bind(1, id);
  s.exec();
  const std::string token = links_.issue(LinkPurpose::password_reset, id, by);
  StaffMember after = *read(id);
  log("staff_reactivated", by, id, member_json(before), member_json(after));
  t.commit();
  return {std::move(after), token};
}

IssuedLink StaffDirectory::reset_password(std::int64_t id, std::int64_t by) {
  const StaffMember before = find(id);
  if (before.deactivated_at) throw StaffInputError("bad_request", "the member is deactivated");
  const std::string nobody = unusable_hash();
  SQLite::Transaction t(db_);
  SQLite::Statement s(db_, "UPDATE users SET password_hash = ?, password_state = ? WHERE id = ?");
  s.bind(1, nobody);
  s.bind(2, std::string(before.status == "invited" ? "invited" : "reset"));
  s.bind(3, id);
  s.exec();
  revoke_sessions(id);
  links_.withdraw_for(id);
  const auto purpose =
      before.status == "invited" ? LinkPurpose::invitation : LinkPurpose::password_reset;
  const std::string token = links_.issue(purpose, id, by);
  StaffMember after = *read(id);
  log("staff_password_reset", by, id, member_json(before), member_json(after));
  t.commit();
  return {std::move(after), token};
}

void StaffDirectory::sign_out(std::int64_t id, std::int64_t by) {
  find(id);  // throws StaffNotFound
  SQLite::Transaction t(db_);
  revoke_sessions(id);
  log("staff_signed_out", by, id, {}, {});
  t.commit();
}

StaffMember StaffDirectory::peek_link(const std::string& token, LinkPurpose& purpose) {
  for (const auto p : {LinkPurpose::invitation, LinkPurpose::password_reset}) {
    try {
      const LinkGrant grant = links_.peek(token, p);
      purpose = p;
      return find(grant.user_id.value_or(0));
    } catch (const LinkRefused&) {
    } catch (const StaffNotFound&) {
      throw LinkRefused();
    }
  }
  throw LinkRefused();
}

StaffMember StaffDirectory::accept_link(const std::string& token, const std::string& password) {
  LinkPurpose purpose = LinkPurpose::invitation;
  const StaffMember before = peek_link(token, purpose);
  if (before.deactivated_at) throw LinkRefused();
  check_password(password, before.user.login);
  const std::string hash = hasher_.hash(password);
  SQLite::Transaction t(db_);
  links_.redeem(token, purpose);
  SQLite::Statement s(db_,
                      "UPDATE users SET password_hash = ?, password_state = 'set' WHERE id = ?");
  s.bind(1, hash);
  s.bind(2, before.user.id);
  s.exec();
  StaffMember after = *read(before.user.id);
  log(purpose == LinkPurpose::invitation ? "invitation_accepted" : "password_chosen",
      before.user.id, before.user.id, member_json(before), member_json(after));
  t.commit();
  return after;
}

}  // namespace kefu::admin
