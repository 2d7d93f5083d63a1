#include "server/admin/staff_directory.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <regex>

#include "server/admin/admin_connection.hpp"
#include "server/auth/secret_token.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"

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

StaffDirectory::StaffDirectory(const std::string& location, const Clock& clock,
                               const PasswordPolicy& policy, const auth::PasswordHasher& hasher)
    : owned_(open_admin_connection(location)),
      db_(*owned_),
      clock_(clock),
      policy_(policy),
      hasher_(hasher),
      links_(db_, clock) {}

StaffDirectory::StaffDirectory(sql::Connection& borrowed, const Clock& clock,
                               const PasswordPolicy& policy, const auth::PasswordHasher& hasher)
    : db_(borrowed), clock_(clock), policy_(policy), hasher_(hasher), links_(db_, clock) {}

bool StaffDirectory::empty() {
  sql::Statement s(db_, "SELECT COUNT(*) FROM users");
  return s.step() && s.column(0).int64() == 0;
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
  sql::Transaction t(db_, sql::Transaction::Mode::write);
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
  sql::Statement s(db_, "SELECT name FROM skills ORDER BY name");
  while (s.step()) names.push_back(s.column(0).text());
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
  sql::Statement s(db_,
                   "SELECT login, display_name, role, password_state, chat_capacity, "
                   "ticket_capacity, created_at, deactivated_at FROM users WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  StaffMember m;
  m.user.id = id;
  m.user.login = s.column(0).text();
  m.user.display_name = s.column(1).text();
  m.user.role = store::parse_role(s.column(2).text()).value_or(store::Role::agent);
  const std::string password = s.column(3).text();
  m.user.chat_capacity = s.column(4).int32();
  m.user.ticket_capacity = s.column(5).int32();
  m.user.created_at = s.column(6).int64();
  m.deactivated_at = s.column(7).optional_int64();
  m.status = m.deactivated_at        ? "deactivated"
             : password == "invited" ? "invited"
             : password == "reset"   ? "password_reset"
                                     : "active";
  sql::Statement teams(db_,
                       "SELECT t.name FROM user_teams ut JOIN teams t ON t.id = ut.team_id "
                       "WHERE ut.user_id = ? ORDER BY t.name");
  teams.bind(1, id);
  while (teams.step()) m.user.teams.push_back(teams.column(0).text());
  sql::Statement skills(db_,
                        "SELECT skill, level FROM user_skills WHERE user_id = ? ORDER BY skill");
  skills.bind(1, id);
  while (skills.step()) {
    m.user.skills.emplace_back(skills.column(0).text(), skills.column(1).int32());
  }
  sql::Statement languages(
      db_, "SELECT language FROM user_languages WHERE user_id = ? ORDER BY language");
  languages.bind(1, id);
  while (languages.step()) m.user.languages.push_back(languages.column(0).text());
  return m;
}

StaffMember StaffDirectory::find(std::int64_t id) {
  auto m = read(id);
  if (!m) throw StaffNotFound();
  return *m;
}

std::vector<StaffMember> StaffDirectory::list() {
  std::vector<std::int64_t> ids;
  sql::Statement s(db_, "SELECT id FROM users ORDER BY id");
  while (s.step()) ids.push_back(s.column(0).int64());
  std::vector<StaffMember> members;
  for (const auto id : ids) members.push_back(find(id));
  return members;
}

std::string StaffDirectory::unusable_hash() const {
  return hasher_.hash(auth::new_secret_token());
}

std::int64_t StaffDirectory::insert(const StaffProfile& p, const std::string& password_hash,
                                    const std::string& password_state) {
  sql::Statement s(
      db_,
      "INSERT INTO users(login, display_name, role, password_hash, chat_capacity, "
      "ticket_capacity, created_at, password_state) VALUES (?, ?, ?, ?, 0, 0, ?, ?) RETURNING id");
  s.bind(1, p.login);
  s.bind(2, p.name);
  s.bind(3, store::to_string(p.role));
  s.bind(4, password_hash);
  s.bind(5, clock_.now_ms());
  s.bind(6, password_state);
  std::optional<std::int64_t> id;
  try {
    id = s.insert_returning_id();
  } catch (const sql::Error& refused) {
    // The login is the table's only UNIQUE column besides the id the database chooses.
    if (refused.kind() != sql::Error::Kind::duplicate) throw;
    throw StaffInputError("duplicate_login", "the login '" + p.login + "' is taken");
  }
  if (!id) throw std::logic_error("the new staff member has no id");
  write_profile(*id, p);
  return *id;
}

void StaffDirectory::write_profile(std::int64_t id, const StaffProfile& p) {
  sql::Statement user(db_,
                      "UPDATE users SET display_name = ?, role = ?, chat_capacity = ?, "
                      "ticket_capacity = ? WHERE id = ?");
  user.bind(1, p.name);
  user.bind(2, store::to_string(p.role));
  user.bind(3, p.chat_capacity);
  user.bind(4, p.ticket_capacity);
  user.bind(5, id);
  user.exec();
  for (const char* table : {"user_teams", "user_skills", "user_languages"}) {
    sql::Statement clear(db_, std::string("DELETE FROM ") + table + " WHERE user_id = ?");
    clear.bind(1, id);
    clear.exec();
  }
  for (const auto& team : p.teams) {
    sql::Statement add(db_, "INSERT INTO teams(name) VALUES (?) ON CONFLICT DO NOTHING");
    add.bind(1, team);
    add.exec();
    sql::Statement join(db_,
                        "INSERT INTO user_teams(user_id, team_id) "
                        "SELECT CAST(? AS BIGINT), id FROM teams WHERE name = ? "
                        "ON CONFLICT DO NOTHING");
    join.bind(1, id);
    join.bind(2, team);
    join.exec();
  }
  for (const auto& [skill, level] : p.skills) {
    sql::Statement add(db_,
                       "INSERT INTO user_skills(user_id, skill, level) VALUES (?, ?, ?) "
                       "ON CONFLICT (user_id, skill) DO UPDATE SET level = excluded.level");
    add.bind(1, id);
    add.bind(2, skill);
    add.bind(3, level);
    add.exec();
  }
  for (const auto& language : p.languages) {
    sql::Statement add(db_,
                       "INSERT INTO user_languages(user_id, language) VALUES (?, ?) "
                       "ON CONFLICT DO NOTHING");
    add.bind(1, id);
    add.bind(2, language);
    add.exec();
  }
}

void StaffDirectory::revoke_sessions(std::int64_t id) {
  sql::Statement s(db_,
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
  sql::Statement s(db_, "INSERT INTO events(at, type, agent_id, data) VALUES (?, ?, ?, ?)");
  s.bind(1, clock_.now_ms());
  s.bind(2, type);
  s.bind(3, user);
  s.bind(4, json::serialize(data));
  s.exec();
}

IssuedLink StaffDirectory::invite(const StaffProfile& profile, std::int64_t by) {
  validate(profile);
  const std::string nobody = unusable_hash();
  sql::Transaction t(db_, sql::Transaction::Mode::write);
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
  sql::Transaction t(db_, sql::Transaction::Mode::write);
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
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement s(db_, "UPDATE users SET deactivated_at = ?, password_hash = ? WHERE id = ?");
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
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement s(db_,
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
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  sql::Statement s(db_, "UPDATE users SET password_hash = ?, password_state = ? WHERE id = ?");
  s.bind(1, nobody);
  s.bind(2, before.status == "invited" ? "invited" : "reset");
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
  sql::Transaction t(db_, sql::Transaction::Mode::write);
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
  sql::Transaction t(db_, sql::Transaction::Mode::write);
  links_.redeem(token, purpose);
  sql::Statement s(db_, "UPDATE users SET password_hash = ?, password_state = 'set' WHERE id = ?");
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
