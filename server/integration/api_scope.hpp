#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kefu::integration {

// What an API key may do; each scope opens the endpoints listed in docs/protocol.md, "API keys".
enum class ApiScope {
  orders_write,        // "orders:write"
  tickets_write,       // "tickets:write"
  customers_read,      // "customers:read"
  conversations_read,  // "conversations:read"
  reports_read,        // "reports:read"
  events_read,         // "events:read"
  webhooks_manage,     // "webhooks:manage"
};

// Every scope, in the order above.
inline constexpr std::array kAllScopes = {ApiScope::orders_write,   ApiScope::tickets_write,
                                          ApiScope::customers_read, ApiScope::conversations_read,
                                          ApiScope::reports_read,   ApiScope::events_read,
                                          ApiScope::webhooks_manage};

// The scope's name as clients write it, e.g. "events:read".
std::string_view to_string(ApiScope scope);
// The scope named `name` exactly (case-sensitive); nullopt for any other text.
std::optional<ApiScope> scope_from_string(std::string_view name);

}  // namespace kefu::integration
