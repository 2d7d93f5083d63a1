#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include "server/metrics/business_calendar.hpp"
#include "server/metrics/sla_clock.hpp"

namespace kefu::metrics {

// The settings every KPI depends on: which team owns each queue and agent, each team's business
// calendar, the service-level target per channel and the time zone that defines "today".
// A plain value; the owner builds it from the admin settings and passes it down.
struct MetricsConfig {
  // Service-level threshold T per channel, in ms (default chat 20 s, ticket 8 h, email 24 h).
  std::map<std::string, std::int64_t> service_level_threshold_ms{
      {"chat", 20'000}, {"ticket", 8 * 3'600'000}, {"email", 24 * 3'600'000}};
  // Service-level goal per channel, as a fraction (default 80 %); shown next to the figure.
  std::map<std::string, double> service_level_goal{{"chat", 0.8}, {"ticket", 0.8}, {"email", 0.8}};
  std::map<std::string, std::string> queue_team;   // queue name -> team name
  std::map<std::int64_t, std::string> agent_team;  // agent id -> home team
  std::map<std::string, BusinessCalendar> team_calendar;
  BusinessCalendar default_calendar = BusinessCalendar::always_open();
  // The zone whose midnight starts "today" for the live figures.
  std::string report_time_zone = "UTC";
  // The admin's SLA policies (admin::SlaBook, owned by the server and outliving this config);
  // none: the thresholds above, in calendar time.
  const SlaClocks* sla_clocks = nullptr;

  // The SLA clock of a conversation on `channel` in `queue` for a customer of `priority`
  // ("vip", "at_risk", "normal", or "" when unknown): the policies' when set, else the
  // channel's threshold as every target, in calendar time.
  SlaClock sla_clock(const std::string& channel, const std::string& queue,
                     const std::string& priority = {}) const {
    if (sla_clocks) return sla_clocks->clock_for(channel, queue, priority);
    const std::int64_t t = threshold_ms(channel);
    return SlaClock(SlaTargets{t, t, 86'400'000, false, channel});
  }
  // When a wait that started at `since` breaches its first-response target (INT64_MAX when the
  // team's hours never open within a year).
  std::int64_t breach_at(const std::string& channel, const std::string& queue, std::int64_t since,
                         const std::string& priority = {}) const {
    const SlaClock clock = sla_clock(channel, queue, priority);
    return clock.due_at(since, clock.targets().first_response_ms)
        .value_or(std::numeric_limits<std::int64_t>::max());
  }

  // The service-level threshold of a channel (20 s when the channel is not configured).
  std::int64_t threshold_ms(const std::string& channel) const {
    auto it = service_level_threshold_ms.find(channel);
    return it == service_level_threshold_ms.end() ? 20'000 : it->second;
  }
  // The team owning a queue, or "" when none is configured.
  std::string team_of_queue(const std::string& queue) const {
    auto it = queue_team.find(queue);
    return it == queue_team.end() ? std::string() : it->second;
  }
  // The home team of an agent, or "" when none is configured.
  std::string team_of_agent(std::int64_t agent) const {
    auto it = agent_team.find(agent);
    return it == agent_team.end() ? std::string() : it->second;
  }
  // The business calendar of a team (the default calendar for "" or an unknown team).
  const BusinessCalendar& calendar(const std::string& team) const {
    auto it = team_calendar.find(team);
    return it == team_calendar.end() ? default_calendar : it->second;
  }
};

}  // namespace kefu::metrics
