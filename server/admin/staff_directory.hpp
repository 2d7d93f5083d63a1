#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/admin/password_policy.hpp"
#include "server/admin/staff_links.hpp"
#include "server/auth/password_hasher.hpp"
#include "server/domain/clock.hpp"
#include "server/store/records.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::admin {

// Input the staff rules refuse; `code` is the typed error of the 400 answer (docs/protocol.md,
// "Admin: staff"): bad_login, duplicate_login, bad_name, unknown_role, bad_capacity,
// unknown_skill, bad_skill_level, bad_language, bad_team, weak_password.
class StaffInputError : public std::invalid_argument {
 public:
  StaffInputError(std::string error_code, const std::string& message)
      : std::invalid_argument(message), code(std::move(error_code)) {}
  std::string code;
};

// No staff member with that id.
class StaffNotFound : public std::runtime_error {
 public:
  StaffNotFound() : std::runtime_error("no such staff member") {}
};

// What an admin sets about a staff member (everything but the password).
struct StaffProfile {
  std::string login;
  std::string name;
  store::Role role = store::Role::agent;
  std::vector<std::string> teams;
  std::vector<std::pair<std::string, int>> skills;  // skill of the catalogue, level 1..5
  std::vector<std::string> languages;               // "en", "zh", "pt-BR"...
  int chat_capacity = 3;
  int ticket_capacity = 5;
};

// A staff member as the admin console lists them.
struct StaffMember {
  store::UserRecord user;  // password_hash left empty
  std::string status;      // "active", "invited" (no password chosen yet) or "deactivated"
  std::optional<std::int64_t> deactivated_at;
};

// A member and the one-time link token issued for them (invitation or password reset).
struct IssuedLink {
  StaffMember member;
  std::string token;
};

// The staff as the admin console manages them: creating (by invitation), editing,
// deactivating, password resets and sign-outs, and the first admin's setup. Every change is
// validated whole before anything is written, written in one transaction with its event in the
// interaction log (type staff_created, staff_updated, staff_deactivated, staff_password_reset,
// staff_signed_out, staff_reactivated, staff_setup, invitation_accepted, password_chosen; data
// {"by", "user", "before", "after"} without password hashes or tokens), and revokes the member's
// sessions where it says so. The live desk is told by the caller. Its SQL is on the neutral layer
// (tables users, user_teams, user_skills, user_languages, teams, skills, staff_sessions,
// staff_links, events), either engine. A login taken already, also by a racing writer (the
// UNIQUE constraint's sql::Error), is StaffInputError duplicate_login. Not thread-safe: the
// server uses it on one strand.
class StaffDirectory {
 public:
  // With a connection of its own to `location` (open_admin_connection: a postgresql:// URI or
  // the SQLite file).
  StaffDirectory(const std::string& location, const Clock& clock, const PasswordPolicy& policy,
                 const auth::PasswordHasher& hasher);
  // On a connection the caller owns (it must outlive the directory).
  StaffDirectory(sql::Connection& borrowed, const Clock& clock, const PasswordPolicy& policy,
                 const auth::PasswordHasher& hasher);

  // True when there is no staff member at all (a new installation).
  bool empty();
  // A new setup link token for the first admin. Throws std::logic_error when staff exist.
  std::string issue_setup_link();
  // The first admin chooses login, name and password through the setup link. Throws
  // LinkRefused, StaffInputError (also when staff exist by now).
  StaffMember complete_setup(const std::string& token, const std::string& login,
                             const std::string& name, const std::string& password);

  std::vector<StaffMember> list();
  StaffMember find(std::int64_t id);
  // The skills an admin may give.
  std::vector<std::string> skill_catalogue();

  // Creates the member without a password and returns their invitation link's token.
  IssuedLink invite(const StaffProfile& profile, std::int64_t by);
  // Replaces the member's profile (the login stays). Throws StaffNotFound, StaffInputError.
  StaffMember update(std::int64_t id, StaffProfile profile, std::int64_t by);
  // Ends the member's sessions and links; they can no longer sign in.
  StaffMember deactivate(std::int64_t id, std::int64_t by);
  // Lets a deactivated member back: they choose a new password through the returned one-time
  // link (deactivation forgot the old one). StaffInputError (bad_request) for an active member.
  IssuedLink reactivate(std::int64_t id, std::int64_t by);
  // Forgets the password, ends sessions, returns a one-time link to choose a new one.
  IssuedLink reset_password(std::int64_t id, std::int64_t by);
  // Ends the member's sessions.
  void sign_out(std::int64_t id, std::int64_t by);

  // The member an invitation or reset link is for (to greet them); throws LinkRefused.
  StaffMember peek_link(const std::string& token, LinkPurpose& purpose);
  // Sets the password through an invitation or reset link. Throws LinkRefused,
  // StaffInputError (weak_password), changing nothing.
  StaffMember accept_link(const std::string& token, const std::string& password);

  // The validation behind invite/update, for reuse (throws StaffInputError).
  void validate(const StaffProfile& profile);

 private:
  std::optional<StaffMember> read(std::int64_t id);
  std::int64_t insert(const StaffProfile& profile, const std::string& password_hash,
                      const std::string& password_state);
  // The hash of a random secret nobody holds: no password matches it, and checking one takes
  // as long as for a real password.
  std::string unusable_hash() const;
  void write_profile(std::int64_t id, const StaffProfile& profile);
  void revoke_sessions(std::int64_t id);
  void log(const std::string& type, std::optional<std::int64_t> by, std::int64_t user,
           boost::json::object before, boost::json::object after);
  void check_password(const std::string& password, const std::string& login) const;

  std::unique_ptr<sql::Connection> owned_;  // unset on a borrowed connection
  sql::Connection& db_;
  const Clock& clock_;
  const PasswordPolicy& policy_;
  const auth::PasswordHasher& hasher_;
  StaffLinks links_;
};

// A member as JSON, as the admin routes and the log show them (no password hash).
boost::json::object member_json(const StaffMember& m);

}  // namespace kefu::admin
