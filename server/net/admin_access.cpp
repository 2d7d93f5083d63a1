#include "server/net/admin_access.hpp"

#include <charconv>

#include "server/net/api_routes.hpp"

namespace kefu::net {

std::optional<StaffParty> admin_only(const Request& req, ServerState& state, const Reply& reply) {
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return std::nullopt;
  }
  if (staff->user.role != store::Role::admin) {
    reply(error_response(req, 403, "forbidden", "for admins only"));
    return std::nullopt;
  }
  return staff;
}

std::optional<StaffParty> supervisor_only(const Request& req, ServerState& state,
                                          const Reply& reply) {
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return std::nullopt;
  }
  if (staff->user.role == store::Role::agent) {
    reply(error_response(req, 403, "forbidden", "for supervisors and admins"));
    return std::nullopt;
  }
  return staff;
}

std::optional<std::int64_t> parse_ms(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace kefu::net
