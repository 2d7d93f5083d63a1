// A fixture day of the interaction log with every KPI worked out by hand below. The day is
// Sunday 25 October 2026 in Europe/Berlin, the day summer time ends (03:00 CEST -> 02:00 CET at
// 01:00 UTC), so the local day lasts 25 hours: [24 Oct 22:00 UTC, 25 Oct 23:00 UTC).

#include <algorithm>
#include <catch2/catch.hpp>

#include "server/metrics/fact_deriver.hpp"
#include "server/metrics/history_report.hpp"
#include "server/metrics/live_aggregator.hpp"
#include "server/metrics/rollup_writer.hpp"
#include "tests/metrics_fixture_day.hpp"
#include "tests/metrics_test_support.hpp"

namespace kefu::metrics {
namespace {

using namespace fixture;

// Every KPI of the fixture day, worked out by hand from the script (metrics_fixture_day.hpp).
void check_fixture_day(const KpiBreakdown& k) {
  const KpiTotals& all = k.total;
  // Offered waits today: C2 900 s (ticket, T = 8 h), C3 15 s, C4 30 s and 10 s, C5 5 s,
  // C6 abandoned at 12 s, C7 abandoned at 60 s. C1's wait was yesterday; C5's transfer wait
  // is not an offered contact; C8 still waits.
  CHECK(all.get(KpiTotals::offered) == 7);
  CHECK(all.get(KpiTotals::answered) == 5);
  CHECK(all.get(KpiTotals::abandoned) == 2);
  CHECK(all.get(KpiTotals::answered_in_target) == 4);      // C2, C3, C4 second, C5
  CHECK(all.get(KpiTotals::abandoned_after_target) == 1);  // C7
  CHECK(all.get(KpiTotals::wait_ms) == (900 + 15 + 30 + 10 + 5) * kS);
  CHECK(all.get(KpiTotals::wait_bh_ms) == (0 + 15 + 30 + 10 + 5) * kS);  // C2 waited at night
  auto kpis = all.kpis();
  CHECK(kpis.at("service_level").as_double() == Approx(4.0 / (5 + 1)));
  CHECK(kpis.at("service_level_bh").as_double() == Approx(4.0 / (5 + 1)));
  CHECK(kpis.at("abandonment_rate").as_double() == Approx(2.0 / 7));
  CHECK(kpis.at("queue_wait_ms").as_double() == Approx(192'000));
  CHECK(kpis.at("queue_wait_bh_ms").as_double() == Approx(12'000));
  // First responses: C2 70 min across the DST change (wall clock shows 10 min), C3 90 s
  // (the bot's answer at 2 s does not count), C4 60 s and 120 s after the reopen, C5 50 s.
  CHECK(all.get(KpiTotals::first_responses) == 5);
  CHECK(all.get(KpiTotals::first_response_ms) == (4200 + 90 + 60 + 120 + 50) * kS);
  CHECK(all.get(KpiTotals::first_response_bh_ms) == (0 + 90 + 60 + 120 + 50) * kS);
  CHECK(kpis.at("first_response_time_ms").as_double() == Approx(904'000));
  // Responses: C1 300 s just after midnight, C2 4200, C3 90 and 40, C4 60 and 120, C5 50 and
  // Chen's 180 s to the message sent before the transfer.
  CHECK(all.get(KpiTotals::responses) == 8);
  CHECK(all.get(KpiTotals::response_ms) == 5040 * kS);
  CHECK(all.get(KpiTotals::response_bh_ms) == 540 * kS);
  CHECK(kpis.at("average_response_time_ms").as_double() == Approx(630'000));
  // Handle time, assignment of the resolving agent to resolution: C1 1190 s (from 23:50:10
  // yesterday), C2 3900, C3 555, C4 270 and 590, C5 660 (Chen, from the transfer).
  CHECK(all.get(KpiTotals::handled) == 6);
  CHECK(all.get(KpiTotals::handle_ms) == 7165 * kS);
  CHECK(all.get(KpiTotals::handle_bh_ms) == 2075 * kS);
  // Resolution: C1 1200, C2 4800, C3 600, C4 300 and 600, C5 900.
  CHECK(all.get(KpiTotals::resolved) == 6);
  CHECK(all.get(KpiTotals::resolution_ms) == 8400 * kS);
  CHECK(all.get(KpiTotals::resolution_bh_ms) == 2400 * kS);
  CHECK(kpis.at("resolution_time_ms").as_double() == Approx(1'400'000));
  // Closed today: C1 (01:10 local), C2, C3, C4 (reopened), C5 (transferred).
  CHECK(all.get(KpiTotals::closed) == 5);
  CHECK(kpis.at("first_contact_resolution").as_double() == Approx(3.0 / 5));
  CHECK(kpis.at("reopen_rate").as_double() == Approx(1.0 / 5));
  // CSAT: 5, 3, 4.
  CHECK(kpis.at("csat").as_double() == Approx(2.0 / 3));
  // Occupancy. Ana online 07:00-12:30 (19800 s), busy 555 + 270 + 590 + 175 = 1590 s.
  // Bo online from local midnight to 02:00 UTC (14400 s of today), busy 600 + 3900 = 4500 s,
  // all outside business hours. Chen online 09:45-12:00 (8100 s), busy 660 s.
  CHECK(all.get(KpiTotals::staffed_ms) == 42300 * kS);
  CHECK(all.get(KpiTotals::busy_ms) == 6750 * kS);
  CHECK(all.get(KpiTotals::staffed_bh_ms) == 27900 * kS);
  CHECK(all.get(KpiTotals::busy_bh_ms) == 2250 * kS);
  CHECK(kpis.at("occupancy").as_double() == Approx(6750.0 / 42300));
  CHECK(all.get(KpiTotals::backlog) == 1);  // C8

  // Per agent.
  const KpiTotals& ana = k.agents.at(1);
  CHECK(ana.get(KpiTotals::first_response_ms) == (90 + 60 + 120 + 50) * kS);
  CHECK(ana.get(KpiTotals::handle_ms) == (555 + 270 + 590) * kS);
  CHECK(ana.get(KpiTotals::ratings) == 2);
  CHECK(ana.get(KpiTotals::ratings_good) == 1);
  CHECK(ana.kpis().at("occupancy").as_double() == Approx(1590.0 / 19800));
  const KpiTotals& bo = k.agents.at(2);
  CHECK(bo.get(KpiTotals::handle_ms) == (1190 + 3900) * kS);
  CHECK(bo.get(KpiTotals::busy_ms) == 4500 * kS);
  CHECK(bo.kpis().at("occupancy_bh").is_null());  // never staffed in business hours today
  const KpiTotals& chen = k.agents.at(3);
  CHECK(chen.get(KpiTotals::handle_ms) == 660 * kS);
  CHECK(chen.get(KpiTotals::responses) == 1);
  CHECK(chen.kpis().at("csat").as_double() == Approx(1.0));
  // Per queue, team and channel.
  const KpiTotals& general = k.queues.at("general");
  CHECK(general.get(KpiTotals::offered) == 7);
  CHECK(general.get(KpiTotals::responses) == 7);
  CHECK(general.get(KpiTotals::handle_ms) == 6505 * kS);
  CHECK(general.get(KpiTotals::backlog) == 0);
  const KpiTotals& billing = k.queues.at("billing");
  CHECK(billing.get(KpiTotals::offered) == 0);
  CHECK(billing.kpis().at("service_level").is_null());
  CHECK(billing.get(KpiTotals::response_ms) == 180 * kS);
  CHECK(billing.get(KpiTotals::closed) == 1);
  CHECK(billing.get(KpiTotals::closed_first_contact) == 0);
  CHECK(billing.get(KpiTotals::backlog) == 1);
  const KpiTotals& finance = k.teams.at("finance");
  CHECK(finance.get(KpiTotals::staffed_ms) == 8100 * kS);
  CHECK(finance.get(KpiTotals::busy_ms) == 660 * kS);
  CHECK(finance.get(KpiTotals::resolution_ms) == 900 * kS);
  const KpiTotals& support = k.teams.at("support");
  CHECK(support.get(KpiTotals::staffed_ms) == (19800 + 14400) * kS);
  CHECK(support.kpis().at("service_level").as_double() == Approx(4.0 / 6));
  const KpiTotals& chat = k.channels.at("chat");
  CHECK(chat.kpis().at("service_level").as_double() == Approx(3.0 / 5));
  CHECK(chat.get(KpiTotals::first_response_ms) == 320 * kS);
  const KpiTotals& ticket = k.channels.at("ticket");
  CHECK(ticket.kpis().at("service_level").as_double() == Approx(1.0));
  CHECK(ticket.get(KpiTotals::first_response_ms) == 4200 * kS);
  CHECK(ticket.get(KpiTotals::backlog) == 1);
}

}  // namespace

TEST_CASE("fixture day: live figures match the hand-computed KPIs", "[metrics]") {
  MetricsConfig config = fixture_config();
  LiveAggregator live(config);
  for (const Event& e : fixture_day()) live.apply(e);
  check_fixture_day(live.today(kDayEnd - 1));
}

TEST_CASE("fixture day: the history report matches the hand-computed KPIs", "[metrics]") {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = fixture_day();
  test::append_events(db, events);
  RollupWriter writer(db, config);
  REQUIRE(writer.catch_up() == events.size());
  HistoryReport report(db, config);
  check_fixture_day(report.run(kDayStart, kDayEnd));
}

TEST_CASE("live and historical figures agree for the same period", "[metrics]") {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = fixture_day();
  LiveAggregator live(config);
  RollupWriter writer(db, config);
  HistoryReport report(db, config);
  // Feed the log in two parts, as the server would over the day, and compare at both points.
  std::size_t half = events.size() / 2;
  std::vector<Event> first(events.begin(), events.begin() + half);
  std::vector<Event> second(events.begin() + half, events.end());
  test::append_events(db, first);
  for (const Event& e : first) live.apply(e);
  writer.catch_up();
  // Ana is online at this point: her running span is in the live figures, not yet in the log.
  std::int64_t midday = first.back().at;
  KpiBreakdown live_midday = live.today(midday);
  KpiBreakdown history_midday = report.run(kDayStart, midday + 1);
  CHECK(live_midday.total.get(KpiTotals::responses) ==
        history_midday.total.get(KpiTotals::responses));
  CHECK(live_midday.total.get(KpiTotals::wait_ms) == history_midday.total.get(KpiTotals::wait_ms));
  test::append_events(db, second);
  for (const Event& e : second) live.apply(e);
  writer.catch_up();
  KpiBreakdown from_live = live.today(kDayEnd - 1);
  KpiBreakdown from_history = report.run(kDayStart, kDayEnd);
  CHECK(from_live.to_json() == from_history.to_json());
  CHECK(from_live == from_history);
}

namespace {

// Checks HistoryReport::run against the facts of `events` summed one by one, for each range.
void check_ranges(const std::vector<Event>& log,
                  const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges) {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = log;
  test::append_events(db, events);
  RollupWriter writer(db, config);
  writer.catch_up();
  HistoryReport report(db, config);
  FactDeriver deriver(config);
  std::vector<Fact> facts;
  for (const Event& e : events) deriver.apply(e, facts);

  for (auto [from, to] : ranges) {
    KpiBreakdown expected;
    for (const Fact& f : facts) {
      if (f.kind == FactKind::staffed) {
        Fact part = clip_staffed(f, from, to, config);
        if (part.value > 0) expected.add(part);
      } else if (f.kind != FactKind::backlog_change && f.at >= from && f.at < to) {
        expected.add(f);
      }
    }
    KpiBreakdown backlog;
    for (const Fact& f : facts) {
      if (f.kind == FactKind::backlog_change && f.at < to) backlog.add(f);
    }
    KpiBreakdown actual = report.run(from, to);
    INFO("range " << from << ".." << to);
    CHECK(actual.total.get(KpiTotals::backlog) == backlog.total.get(KpiTotals::backlog));
    for (const auto& [queue, totals] : backlog.queues) {
      CHECK(actual.queues[queue].get(KpiTotals::backlog) == totals.get(KpiTotals::backlog));
    }
    actual.total.set(KpiTotals::backlog, 0);
    for (auto& [key, totals] : actual.queues) totals.set(KpiTotals::backlog, 0);
    for (auto& [key, totals] : actual.teams) totals.set(KpiTotals::backlog, 0);
    for (auto& [key, totals] : actual.channels) totals.set(KpiTotals::backlog, 0);
    CHECK(actual.total == expected.total);
    for (const auto& [agent, totals] : expected.agents) CHECK(actual.agents[agent] == totals);
    for (const auto& [queue, totals] : expected.queues) CHECK(actual.queues[queue] == totals);
    for (const auto& [team, totals] : expected.teams) CHECK(actual.teams[team] == totals);
    for (const auto& [channel, totals] : expected.channels) {
      CHECK(actual.channels[channel] == totals);
    }
  }
}

}  // namespace

TEST_CASE("a live aggregator resumed from the kpi_ tables continues exactly", "[metrics]") {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = fixture_day();
  test::append_events(db, events);
  LiveAggregator reference(config);
  for (const Event& e : events) reference.apply(e);

  // The server stops after event 40 (Ana online, C4 reopened and waiting for its reply, C8 not
  // yet opened) and restarts: the writer had folded up to there.
  RollupWriter writer(db, config);
  writer.catch_up(40);
  LiveAggregator resumed(config);
  const std::int64_t last = resumed.resume(db, events[39].at);
  CHECK(last == events[39].id);
  for (const Event& e : events) {
    if (e.id > last) resumed.apply(e);
  }
  CHECK(resumed.today(kDayEnd - 1) == reference.today(kDayEnd - 1));
  check_fixture_day(resumed.today(kDayEnd - 1));
  CHECK(resumed.snapshot(t(15, 30)) == reference.snapshot(t(15, 30)));
  CHECK_THROWS_AS(resumed.resume(db, t(16, 0)), std::logic_error);
}

TEST_CASE("history for ragged ranges equals the facts summed one by one", "[metrics]") {
  check_ranges(fixture_day(), {
                                  {t(8, 5), t(10, 2, 30)},      // partial hours at both ends
                                  {t(9, 10), t(9, 50)},         // inside one hour
                                  {t(0, 59), t(1, 41)},         // across the DST change
                                  {yesterday(20, 7), t(3, 1)},  // across midnight
                                  {t(12, 0), t(12, 0)},         // empty
                              });
}

TEST_CASE("history over several days uses the daily rollup and still adds up", "[metrics]") {
  // Four copies of the fixture day, a day apart, with their own conversation ids.
  std::vector<Event> log;
  for (int copy = 0; copy < 4; ++copy) {
    for (Event e : fixture_day()) {
      e.at += copy * 24 * kHour;
      if (e.conversation_id) *e.conversation_id += copy * 100;
      log.push_back(e);
    }
  }
  const std::int64_t day = 24 * kHour;
  check_ranges(log, {
                        {yesterday(21, 0), t(17, 0) + 3 * day},    // everything
                        {t(0, 0), t(0, 0) + 2 * day},              // two UTC days
                        {t(8, 5, 1), t(10, 2, 30) + 2 * day},      // ragged, 2+ days
                        {t(23, 59) - day, t(0, 1) + 2 * day},      // days and edges
                        {t(1, 30) + day, t(1, 30) + 3 * day - 1},  // ends mid-hour
                    });
}

TEST_CASE("the live snapshot shows waiting, oldest wait and agents", "[metrics]") {
  MetricsConfig config = fixture_config();
  LiveAggregator live(config);
  const std::int64_t now = t(15, 30);
  for (const Event& e : fixture_day()) {
    if (e.at <= now) live.apply(e);
  }
  boost::json::object snap = live.snapshot(now);
  CHECK(snap.at("day_start").as_int64() == kDayStart);
  const auto& total = snap.at("total").as_object();
  CHECK(total.at("waiting").as_int64() == 1);
  CHECK(total.at("oldest_wait_ms").as_int64() == 30 * kMinute);
  CHECK(total.at("backlog").as_int64() == 1);
  CHECK(total.at("agents_online").as_int64() == 0);
  CHECK(total.at("agents_away").as_int64() == 1);
  const auto& billing = snap.at("queues").at("billing").as_object();
  CHECK(billing.at("waiting").as_int64() == 1);
  CHECK(snap.at("queues").at("general").at("waiting").as_int64() == 0);
  CHECK(snap.at("queues").at("general").at("oldest_wait_ms").is_null());
  CHECK(snap.at("channels").at("ticket").at("waiting").as_int64() == 1);
  CHECK(snap.at("teams").at("finance").at("waiting").as_int64() == 1);
  CHECK(snap.at("agents").at("1").at("status").as_string() == "away");
  CHECK(snap.at("total").at("service_level").as_double() == Approx(4.0 / 6));
}

TEST_CASE("the live day rolls over at local midnight", "[metrics]") {
  MetricsConfig config = fixture_config();
  LiveAggregator live(config);
  for (const Event& e : fixture_day()) live.apply(e);
  KpiBreakdown next_day = live.today(kDayEnd + kHour);
  CHECK(next_day.total.get(KpiTotals::offered) == 0);
  CHECK(next_day.total.get(KpiTotals::backlog) == 1);  // C8 is still open
}

TEST_CASE("malformed events are rejected and change nothing", "[metrics]") {
  MetricsConfig config = fixture_config();
  LiveAggregator live(config);
  std::vector<Event> events = fixture_day();
  for (std::size_t i = 0; i < 30; ++i) live.apply(events[i]);
  auto before = live.snapshot(t(9, 0));

  Event bad_json = events[30];
  bad_json.data = "{not json";
  Event no_conversation = events[30];
  no_conversation.conversation_id.reset();
  Event bad_rating;
  bad_rating.type = "survey_submitted";
  bad_rating.at = t(8, 30);
  bad_rating.conversation_id = 3;
  bad_rating.data = R"({"rating":9})";
  Event bad_status;
  bad_status.type = "agent_status_changed";
  bad_status.at = t(8, 30);
  bad_status.agent_id = 1;
  bad_status.data = R"({"status":"asleep"})";
  for (const Event& e : {bad_json, no_conversation, bad_rating, bad_status}) {
    CHECK_THROWS_AS(live.apply(e), std::invalid_argument);
  }
  CHECK(live.snapshot(t(9, 0)) == before);
}

TEST_CASE("the rollup writer skips a malformed row and carries on", "[metrics]") {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = fixture_day();
  events.insert(events.begin() + 5,
                Event{0, t(0, 1), "conversation_resolved", {}, {}, {}, {}, {}, "{}"});
  test::append_events(db, events);
  RollupWriter writer(db, config);
  CHECK(writer.catch_up() == events.size());
  CHECK(writer.skipped() == 1);
  CHECK(writer.catch_up() == 0);  // exactly once
  HistoryReport report(db, config);
  check_fixture_day(report.run(kDayStart, kDayEnd));
  CHECK_THROWS_AS(report.run(kDayEnd, kDayStart), std::invalid_argument);

  // An explicit rebuild gives the same report.
  writer.rebuild();
  CHECK(writer.last_event_id() == events.back().id);
  check_fixture_day(report.run(kDayStart, kDayEnd));
}

TEST_CASE("a restarted writer continues where the last one stopped", "[metrics]") {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = fixture_day();
  test::append_events(db, events);
  // Stop and restart after every few events: open conversations, waits and agents' spans must
  // carry over through the saved state.
  std::size_t folded = 0;
  for (std::size_t step : {7, 13, 1, 20, 9}) {
    RollupWriter writer(db, config);
    folded += writer.catch_up(step);
  }
  RollupWriter last(db, config);
  folded += last.catch_up();
  CHECK(folded == events.size());
  HistoryReport report(db, config);
  check_fixture_day(report.run(kDayStart, kDayEnd));
}

}  // namespace kefu::metrics

namespace kefu::metrics {

TEST_CASE("the report renders as JSON and CSV", "[metrics]") {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = fixture_day();
  for (Event& e : events) {
    if (e.queue == "billing") e.queue = "=billing,\"eu\"";  // a hostile queue name
  }
  test::append_events(db, events);
  RollupWriter writer(db, config);
  writer.catch_up();
  HistoryReport report(db, config);

  boost::json::object json = report.json(kDayStart, kDayEnd);
  CHECK(json.at("from").as_int64() == kDayStart);
  CHECK(json.at("total").at("service_level").as_double() == Approx(4.0 / 6));
  CHECK(json.at("agents").at("3").at("handle_time_ms").as_double() == Approx(660'000));

  std::string csv = report.csv(kDayStart, kDayEnd);
  std::vector<std::string> lines;
  for (std::size_t at = 0, next; at < csv.size(); at = next + 2) {
    next = csv.find("\r\n", at);
    REQUIRE(next != std::string::npos);
    lines.push_back(csv.substr(at, next - at));
  }
  REQUIRE(lines.size() >= 2);
  CHECK(lines[0].rfind("dimension,key,", 0) == 0);
  CHECK(lines[1].rfind("total,,", 0) == 0);
  // The service level column of the total row.
  std::size_t column = 0;
  {
    std::size_t at = 0;
    for (std::string header = lines[0] + ","; header.substr(at, 14) != "service_level,"; ++column) {
      at = header.find(',', at) + 1;
    }
  }
  std::size_t at = 0;
  for (std::size_t i = 0; i < column; ++i) at = lines[1].find(',', at) + 1;
  CHECK(std::stod(lines[1].substr(at)) == Approx(4.0 / 6).epsilon(1e-5));
  // The hostile name is quoted and cannot start a formula.
  CHECK(csv.find("\r\nqueue,\"'=billing,\"\"eu\"\"\",") != std::string::npos);
}

TEST_CASE("the KPI CSV names agents and gives times in seconds", "[metrics]") {
  MetricsConfig config = fixture_config();
  test::MetricsDatabase db;
  test::create_events_table(db);
  std::vector<Event> events = fixture_day();
  test::append_events(db, events);
  RollupWriter(db, config).catch_up();
  const std::string csv = HistoryReport(db, config).csv(kDayStart, kDayEnd, {{3, "Chen Jing"}});
  const std::string header = csv.substr(0, csv.find("\r\n"));
  CHECK(header.rfind("dimension,key,name,first_response_time_s,first_response_time_bh_s,", 0) == 0);
  CHECK(header.find("_ms") == std::string::npos);
  CHECK(header.find(",wait_s,") != std::string::npos);
  CHECK(header.find(",staffed_s,") != std::string::npos);
  // Chen: one handle of 660 s (first response 60 s: his reply 10:05 to the 10:02 message is a
  // response, not a first response; the contact's first response was Ana's).
  const std::size_t row = csv.find("\r\nagent,3,Chen Jing,");
  REQUIRE(row != std::string::npos);
  const std::string line = csv.substr(row + 2, csv.find("\r\n", row + 2) - row - 2);
  std::vector<std::string> cells, names;
  for (std::size_t at = 0;;) {
    std::size_t next = line.find(',', at);
    cells.push_back(line.substr(at, next - at));
    if (next == std::string::npos) break;
    at = next + 1;
  }
  for (std::size_t at = 0;;) {
    std::size_t next = header.find(',', at);
    names.push_back(header.substr(at, next - at));
    if (next == std::string::npos) break;
    at = next + 1;
  }
  REQUIRE(cells.size() == names.size());
  auto cell = [&](const std::string& name) {
    auto it = std::find(names.begin(), names.end(), name);
    REQUIRE(it != names.end());
    return cells[it - names.begin()];
  };
  CHECK(cell("handle_time_s") == "660.000");
  CHECK(cell("handle_s") == "660.000");
  CHECK(cell("handled") == "1");
  CHECK(cell("staffed_s") == "8100.000");
  // An agent without a name in the map keeps a readable "#id".
  CHECK(csv.find("\r\nagent,1,#1,") != std::string::npos);
}

}  // namespace kefu::metrics
