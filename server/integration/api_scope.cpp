#include "server/integration/api_scope.hpp"

namespace kefu::integration {

std::string_view to_string(ApiScope scope) {
  switch (scope) {
    case ApiScope::orders_write:
      return "orders:write";
    case ApiScope::tickets_write:
      return "tickets:write";
    case ApiScope::customers_read:
      return "customers:read";
    case ApiScope::conversations_read:
      return "conversations:read";
    case ApiScope::reports_read:
      return "reports:read";
    case ApiScope::events_read:
      return "events:read";
    case ApiScope::webhooks_manage:
      return "webhooks:manage";
  }
  return "";
}

std::optional<ApiScope> scope_from_string(std::string_view name) {
  for (ApiScope scope : kAllScopes) {
    if (to_string(scope) == name) return scope;
  }
  return std::nullopt;
}

}  // namespace kefu::integration
