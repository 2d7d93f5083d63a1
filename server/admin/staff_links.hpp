#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "server/domain/clock.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::admin {

// What a one-time link lets its holder do once.
enum class LinkPurpose { setup, invitation, password_reset };
std::string_view to_string(LinkPurpose purpose);

// A link that is unknown, used, expired or of another purpose: all answered alike, so that the
// answer tells a guesser nothing.
class LinkRefused : public std::runtime_error {
 public:
  LinkRefused() : std::runtime_error("this link is unknown, used or expired") {}
};

// A live link: what it is for and whose account it concerns (none for the first admin's setup).
struct LinkGrant {
  LinkPurpose purpose = LinkPurpose::setup;
  std::optional<std::int64_t> user_id;
};

// One-time links for staff (table staff_links): the first admin's setup, invitations and
// password resets. A link's token (256 random bits) is shown once to whoever issued it and
// kept only as its SHA-256; a link expires and is used at most once. Works on the caller's
// connection (either engine) and is as thread-safe as it (the admin routes use it on one strand).
class StaffLinks {
 public:
  static constexpr std::int64_t kLifetimeMs = 24LL * 3600 * 1000;

  StaffLinks(sql::Connection& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Stores a new link valid for kLifetimeMs and returns its token.
  std::string issue(LinkPurpose purpose, std::optional<std::int64_t> user_id,
                    std::optional<std::int64_t> created_by);

  // The link behind `token` when it is live and for `purpose`; throws LinkRefused otherwise.
  LinkGrant peek(const std::string& token, LinkPurpose purpose) const;

  // Like peek, and marks the link used. Call inside the transaction that does what the link
  // allows, so that both happen or neither.
  LinkGrant redeem(const std::string& token, LinkPurpose purpose);

  // Ends every live link of the user (deactivation, a new invitation or reset).
  void withdraw_for(std::int64_t user_id);

 private:
  sql::Connection& db_;
  const Clock& clock_;
};

}  // namespace kefu::admin
