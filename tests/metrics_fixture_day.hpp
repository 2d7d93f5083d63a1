#pragma once
// A fixture day of the interaction log whose KPIs are worked out by hand in
// metrics_fixture_test.cpp (and whose drill-down lists in metrics_figure_test.cpp). The day is
// Sunday 25 October 2026 in Europe/Berlin, the day summer time ends (03:00 CEST -> 02:00 CET at
// 01:00 UTC), so the local day lasts 25 hours: [24 Oct 22:00 UTC, 25 Oct 23:00 UTC).
#include <cstdint>
#include <string>
#include <vector>

#include "server/domain/event.hpp"
#include "server/metrics/metrics_config.hpp"
#include "tests/metrics_test_support.hpp"

namespace kefu::metrics::fixture {

using test::kHour;
using test::kMinute;
using test::kSecond;
using test::utc;

inline constexpr std::int64_t kS = kSecond;

inline std::int64_t t(int hh, int mm, int ss = 0) {
  return utc(2026, 10, 25, hh, mm, ss);
}
inline std::int64_t yesterday(int hh, int mm, int ss = 0) {
  return utc(2026, 10, 24, hh, mm, ss);
}

inline const std::int64_t kDayStart = yesterday(22, 0);  // 00:00 CEST
inline const std::int64_t kDayEnd = t(23, 0);            // 00:00 CET on the 26th

inline MetricsConfig fixture_config() {
  MetricsConfig config;
  config.report_time_zone = "Europe/Berlin";
  config.queue_team = {{"general", "support"}, {"billing", "finance"}};
  config.agent_team = {{1, "support"}, {2, "support"}, {3, "finance"}};
  BusinessCalendar hours("Europe/Berlin");  // 08:00-20:00 local, every day
  for (int day = 0; day < 7; ++day) hours.set_hours(day, {{8 * 60, 20 * 60}});
  config.team_calendar.emplace("support", hours);
  config.team_calendar.emplace("finance", hours);
  return config;
}

inline std::vector<Event> fixture_day() {
  test::EventScript s;
  const std::string reason_new = R"({"reason":"new"})";
  // Agents. Ana (1) and Bo (2) are in support, Chen (3) in finance.
  s.status(yesterday(21, 40), 2, "online");  // 23:40 local, the evening before
  // C1 spans midnight: opened 23:50 local yesterday, answered again and resolved after midnight.
  s.conv(yesterday(21, 50), "conversation_opened", 1, "chat", "general")
      .conv(yesterday(21, 50), "message_received", 1, "chat", "general")
      .conv(yesterday(21, 50), "conversation_queued", 1, "chat", "general", {}, reason_new)
      .conv(yesterday(21, 50, 10), "conversation_assigned", 1, "chat", "general", 2)
      .conv(yesterday(21, 51), "message_sent", 1, "chat", "general", 2)
      .conv(yesterday(21, 58), "message_received", 1, "chat", "general")
      .conv(yesterday(22, 3), "message_sent", 1, "chat", "general", 2)  // 00:03 local
      .conv(yesterday(22, 10), "conversation_resolved", 1, "chat", "general", 2)
      .conv(yesterday(23, 10), "conversation_closed", 1, "chat", "general");
  // C2, a ticket, spans the DST change: opened 02:30 CEST, answered 02:40 CET (70 min later).
  s.conv(t(0, 30), "conversation_opened", 2, "ticket", "general")
      .conv(t(0, 30), "message_received", 2, "ticket", "general")
      .conv(t(0, 30), "conversation_queued", 2, "ticket", "general", {}, reason_new)
      .conv(t(0, 45), "conversation_assigned", 2, "ticket", "general", 2)
      .conv(t(1, 40), "message_sent", 2, "ticket", "general", 2)
      .conv(t(1, 50), "conversation_resolved", 2, "ticket", "general", 2);
  s.status(t(2, 0), 2, "offline");
  s.conv(t(2, 50), "conversation_closed", 2, "ticket", "general");
  s.status(t(7, 0), 1, "online");
  // C3: the bot answers first; first response time still runs until Ana's reply.
  s.conv(t(8, 0), "conversation_opened", 3, "chat", "general")
      .conv(t(8, 0), "message_received", 3, "chat", "general")
      .conv(t(8, 0, 2), "bot_message_sent", 3, "chat", "general", {}, R"({"seq":2,"article_id":7})")
      .conv(t(8, 0, 30), "message_received", 3, "chat", "general")
      .conv(t(8, 0, 30), "conversation_queued", 3, "chat", "general", {}, reason_new)
      .conv(t(8, 0, 45), "conversation_assigned", 3, "chat", "general", 1)
      .conv(t(8, 1, 30), "message_sent", 3, "chat", "general", 1)
      .conv(t(8, 3), "message_received", 3, "chat", "general")
      .conv(t(8, 3, 40), "message_sent", 3, "chat", "general", 1)
      .conv(t(8, 10), "conversation_resolved", 3, "chat", "general", 1)
      .conv(t(8, 11), "survey_submitted", 3, "chat", "general", 1, R"({"rating":5})")
      .conv(t(9, 10), "conversation_closed", 3, "chat", "general");
  // C4 is resolved, reopened by the customer, and resolved again.
  s.conv(t(9, 0), "conversation_opened", 4, "chat", "general")
      .conv(t(9, 0), "message_received", 4, "chat", "general")
      .conv(t(9, 0), "conversation_queued", 4, "chat", "general", {}, reason_new)
      .conv(t(9, 0, 30), "conversation_assigned", 4, "chat", "general", 1)
      .conv(t(9, 1), "message_sent", 4, "chat", "general", 1)
      .conv(t(9, 5), "conversation_resolved", 4, "chat", "general", 1)
      .conv(t(9, 20), "message_received", 4, "chat", "general")
      .conv(t(9, 20), "conversation_reopened", 4, "chat", "general")
      .conv(t(9, 20), "conversation_queued", 4, "chat", "general", {}, R"({"reason":"reopened"})")
      .conv(t(9, 20, 10), "conversation_assigned", 4, "chat", "general", 1,
            R"({"reason":"sticky"})")
      .conv(t(9, 22), "message_sent", 4, "chat", "general", 1)
      .conv(t(9, 30), "conversation_resolved", 4, "chat", "general", 1)
      .conv(t(9, 31), "survey_submitted", 4, "chat", "general", 1, R"({"rating":3})");
  s.status(t(9, 45), 3, "online");
  // C5 is transferred from Ana (general) to the billing queue and taken by Chen.
  s.conv(t(10, 0), "conversation_opened", 5, "chat", "general")
      .conv(t(10, 0), "message_received", 5, "chat", "general")
      .conv(t(10, 0), "conversation_queued", 5, "chat", "general", {}, reason_new)
      .conv(t(10, 0, 5), "conversation_assigned", 5, "chat", "general", 1)
      .conv(t(10, 0, 50), "message_sent", 5, "chat", "general", 1)
      .conv(t(10, 2), "message_received", 5, "chat", "general")
      .conv(t(10, 3), "conversation_transferred", 5, "chat", "general", 1,
            R"({"from_agent":1,"to_agent":null,"to_queue":"billing"})")
      .conv(t(10, 3), "conversation_queued", 5, "chat", "billing", {}, R"({"reason":"transfer"})")
      .conv(t(10, 4), "conversation_assigned", 5, "chat", "billing", 3, R"({"reason":"transfer"})")
      .conv(t(10, 5), "message_sent", 5, "chat", "billing", 3)
      .conv(t(10, 15), "conversation_resolved", 5, "chat", "billing", 3)
      .conv(t(10, 16), "survey_submitted", 5, "chat", "billing", 3, R"({"rating":4})");
  s.conv(t(10, 30), "conversation_closed", 4, "chat", "general");
  // C6 abandons within the 20 s target, C7 after it.
  s.conv(t(11, 0), "conversation_opened", 6, "chat", "general")
      .conv(t(11, 0), "conversation_queued", 6, "chat", "general", {}, reason_new)
      .conv(t(11, 0, 12), "conversation_abandoned", 6, "chat", "general", {},
            R"({"wait_ms":12000})");
  s.conv(t(11, 15), "conversation_closed", 5, "chat", "billing");
  s.status(t(12, 0), 3, "offline");
  s.conv(t(12, 0), "conversation_opened", 7, "chat", "general")
      .conv(t(12, 0), "conversation_queued", 7, "chat", "general", {}, reason_new)
      .conv(t(12, 1), "conversation_abandoned", 7, "chat", "general", {}, R"({"wait_ms":60000})");
  s.status(t(12, 30), 1, "away");
  // C8, a ticket, is still waiting at the end of the day.
  s.conv(t(15, 0), "conversation_opened", 8, "ticket", "billing")
      .conv(t(15, 0), "message_received", 8, "ticket", "billing")
      .conv(t(15, 0), "conversation_queued", 8, "ticket", "billing", {}, reason_new);
  s.status(t(17, 0), 1, "offline");
  return s.events;
}

}  // namespace kefu::metrics::fixture
