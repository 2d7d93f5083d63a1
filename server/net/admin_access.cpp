#include "server/net/admin_access.hpp"

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

}  // namespace kefu::net
