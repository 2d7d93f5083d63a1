#pragma once

#include "server/auth/rate_budget.hpp"
#include "server/net/serve_settings.hpp"

namespace kefu::net {

// The budgets of requests per person and per address (docs/security/limits.md), built from
// the settings. Each is thread-safe; the keys are the ids named below, as decimal text.
struct RequestLimits {
  explicit RequestLimits(const ServeSettings& s)
      : customer_commands(s.customer_commands_per_second, 2 * s.customer_commands_per_second),
        staff_commands(s.staff_commands_per_second, 2 * s.staff_commands_per_second),
        tickets(s.tickets_per_visitor_hour / 3600, s.tickets_per_visitor_hour),
        kb_feedback(s.kb_feedback_per_visitor_hour / 3600, s.kb_feedback_per_visitor_hour),
        new_visitors(s.visitors_per_address_minute / 60, s.visitors_per_address_minute) {}

  auth::RateBudget customer_commands;  // socket commands per customer id, all sockets together
  auth::RateBudget staff_commands;     // socket commands per staff user id
  auth::RateBudget tickets;            // POST /api/tickets per customer id (visitor token)
  auth::RateBudget kb_feedback;        // POST /api/kb/feedback per customer id
  auth::RateBudget new_visitors;       // new tokens from POST /api/widget/visitor per address
};

}  // namespace kefu::net
