#include "server/admin/staff_links.hpp"

#include "server/auth/secret_token.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::admin {

std::string_view to_string(LinkPurpose purpose) {
  switch (purpose) {
    case LinkPurpose::setup:
      return "setup";
    case LinkPurpose::invitation:
      return "invitation";
    case LinkPurpose::password_reset:
      return "password_reset";
  }
  return "setup";
}

std::string StaffLinks::issue(LinkPurpose purpose, std::optional<std::int64_t> user_id,
                              std::optional<std::int64_t> created_by) {
  const std::string token = auth::new_secret_token();
  const std::int64_t now = clock_.now_ms();
  sql::Statement s(db_,
                   "INSERT INTO staff_links(token_hash, purpose, user_id, created_by, "
                   "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, auth::token_hash(token));
  s.bind(2, to_string(purpose));
  s.bind(3, user_id);
  s.bind(4, created_by);
  s.bind(5, now);
  s.bind(6, now + kLifetimeMs);
  s.exec();
  return token;
}

LinkGrant StaffLinks::peek(const std::string& token, LinkPurpose purpose) const {
  if (token.empty() || token.size() > 128) throw LinkRefused();
  sql::Statement s(db_,
                   "SELECT user_id FROM staff_links WHERE token_hash = ? AND purpose = ? "
                   "AND used_at IS NULL AND expires_at > ?");
  s.bind(1, auth::token_hash(token));
  s.bind(2, to_string(purpose));
  s.bind(3, clock_.now_ms());
  if (!s.step()) throw LinkRefused();
  return LinkGrant{purpose, s.column(0).optional_int64()};
}

LinkGrant StaffLinks::redeem(const std::string& token, LinkPurpose purpose) {
  LinkGrant grant = peek(token, purpose);
  sql::Statement s(db_,
                   "UPDATE staff_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL");
  s.bind(1, clock_.now_ms());
  s.bind(2, auth::token_hash(token));
  if (s.exec() != 1) throw LinkRefused();
  return grant;
}

void StaffLinks::withdraw_for(std::int64_t user_id) {
  sql::Statement s(db_, "UPDATE staff_links SET used_at = ? WHERE user_id = ? AND used_at IS NULL");
  s.bind(1, clock_.now_ms());
  s.bind(2, user_id);
  s.exec();
}

}  // namespace kefu::admin
