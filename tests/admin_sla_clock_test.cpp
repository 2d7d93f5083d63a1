#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "server/admin/business_hours_book.hpp"
#include "server/admin/sla_book.hpp"
#include "server/admin/team_hours.hpp"

// The SLA clock (server/admin/sla_book.hpp, server/metrics/sla_clock.hpp): the most specific
// policy wins, and business time stops over a night, a weekend and a holiday and runs on a
// make-up working day, in the team's ICU time zone. All instants are fixed: nothing here reads
// the wall clock.

namespace json = boost::json;
using kefu::admin::SlaPolicy;

namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
// 2026-09-28 is a Monday; Asia/Shanghai is UTC+8 all year.
constexpr std::int64_t kMonday0928 = 1790524800000;  // 2026-09-28 00:00 +08:00

// Monday to Friday 09:00-18:00 in Shanghai; Thursday 10-01 a holiday; Saturday 09-26 a make-up
// working day (Monday's hours).
kefu::admin::TeamHours support_hours() {
  json::object week;
  for (const char* day : {"mon", "tue", "wed", "thu", "fri"}) {
    week[day] = json::array{json::array{"09:00", "18:00"}};
  }
  return kefu::admin::read_hours("support",
                                 json::object{{"time_zone", "Asia/Shanghai"},
                                              {"week", std::move(week)},
                                              {"holidays", json::array{"2026-10-01"}},
                                              {"working_days", json::array{"2026-09-26"}}});
}

SlaPolicy policy(std::string channel, std::string queue, std::string priority,
                 std::int64_t first_seconds, std::string time) {
  SlaPolicy p = kefu::admin::default_sla(channel);
  p.queue = std::move(queue);
  p.priority = std::move(priority);
  p.first_response_seconds = first_seconds;
  p.next_response_seconds = first_seconds * 2;
  p.resolution_seconds = first_seconds * 10;
  p.time = std::move(time);
  return p;
}

}  // namespace

TEST_CASE("the most specific SLA policy wins: queue and priority, queue, channel, default") {
  const std::vector<SlaPolicy> policies{policy("chat", "", "", 60, "calendar"),
                                        policy("chat", "billing", "", 600, "business"),
                                        policy("chat", "billing", "vip", 120, "business")};
  using kefu::admin::resolve_sla;
  CHECK(resolve_sla(policies, "chat", "billing", "vip").first_response_seconds == 120);
  CHECK(resolve_sla(policies, "chat", "billing", "normal").first_response_seconds == 600);
  CHECK(resolve_sla(policies, "chat", "billing", "").first_response_seconds == 600);
  CHECK(resolve_sla(policies, "chat", "presale", "vip").first_response_seconds == 60);
  CHECK(resolve_sla(policies, "ticket", "tickets", "vip").first_response_seconds == 8 * 3600);
  // A channel without any policy, e-mail, gets its default (hours, not seconds).
  CHECK(resolve_sla(policies, "email", "mail", "").first_response_seconds == 24 * 3600);
  CHECK(kefu::admin::sla_key(policies[2]) == "queue:billing:vip");
}

TEST_CASE("business time stops over a night, a weekend and a holiday and runs on a make-up day") {
  kefu::admin::BusinessHoursBook hours;
  hours.set(support_hours());
  kefu::admin::SlaBook book(hours);
  book.set_policies({policy("chat", "", "", 2 * 3600, "calendar"),
                     policy("chat", "billing", "", 2 * 3600, "business")});
  book.set_queue_teams({{"billing", "support"}});
  const auto business = book.clock_for("chat", "billing", "normal");
  const auto calendar = book.clock_for("chat", "general", "normal");
  REQUIRE(business.targets().business_time);
  REQUIRE(business.targets().first_response_ms == 2 * kHour);
  REQUIRE(business.targets().policy == "queue:billing");
  REQUIRE_FALSE(calendar.targets().business_time);

  // A night: Monday 17:00 + 2 h of business time is Tuesday 10:00.
  const std::int64_t monday_17 = kMonday0928 + 17 * kHour;
  CHECK(business.due_at(monday_17, 2 * kHour) == kMonday0928 + kDay + 10 * kHour);
  CHECK(business.elapsed_ms(monday_17, kMonday0928 + kDay + 9 * kHour) == kHour);
  CHECK(calendar.due_at(monday_17, 2 * kHour) == monday_17 + 2 * kHour);

  // A holiday: Wednesday 09-30 17:00 + 2 h skips Thursday 10-01 to Friday 10:00.
  const std::int64_t wednesday_17 = kMonday0928 + 2 * kDay + 17 * kHour;
  CHECK(business.due_at(wednesday_17, 2 * kHour) == kMonday0928 + 4 * kDay + 10 * kHour);
  CHECK(business.elapsed_ms(wednesday_17, kMonday0928 + 4 * kDay) == kHour);

  // A weekend: Friday 10-02 17:00 + 2 h is Monday 10-05 10:00.
  const std::int64_t friday_17 = kMonday0928 + 4 * kDay + 17 * kHour;
  CHECK(business.due_at(friday_17, 2 * kHour) == kMonday0928 + 7 * kDay + 10 * kHour);
  CHECK(business.risk(friday_17, 2 * kHour, kMonday0928 + 6 * kDay) == "ok");  // Sunday
  CHECK(business.risk(friday_17, 2 * kHour, kMonday0928 + 7 * kDay + 9 * kHour + 30 * kMinute) ==
        "at_risk");
  CHECK(business.risk(friday_17, 2 * kHour, kMonday0928 + 7 * kDay + 10 * kHour) == "breached");
  CHECK(business.at_risk_at(friday_17, 2 * kHour) ==
        kMonday0928 + 7 * kDay + 9 * kHour + 30 * kMinute);

  // A make-up working day: Friday 09-25 17:00 + 2 h is Saturday 09-26 10:00, not Monday.
  const std::int64_t friday_0925_17 = kMonday0928 - 3 * kDay + 17 * kHour;
  CHECK(business.due_at(friday_0925_17, 2 * kHour) == kMonday0928 - 2 * kDay + 10 * kHour);

  // The hours change: the next clock counts them at once (now open on Saturdays too).
  auto longer = support_hours();
  longer.week[6] = {kefu::metrics::OpeningHours{9 * 60, 18 * 60}};
  hours.set(longer);
  const std::int64_t saturday_1003 = kMonday0928 + 5 * kDay;
  CHECK(book.clock_for("chat", "billing", "").due_at(friday_17, 2 * kHour) ==
        saturday_1003 + 10 * kHour);
  // A policy change counts from the next decision too.
  book.set_policies({policy("chat", "billing", "", 3600, "calendar")});
  CHECK(book.clock_for("chat", "billing", "").due_at(friday_17, kHour) == friday_17 + kHour);
}
