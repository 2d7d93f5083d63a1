#include "server/metrics/live_aggregator.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "server/metrics/history_report.hpp"
#include "server/metrics/rollup_writer.hpp"
#include "server/metrics/schema.hpp"

namespace kefu::metrics {
namespace {

// The present state of one group, merged into its JSON object.
struct LiveFields {
  std::int64_t waiting = 0;
  std::int64_t oldest_since = std::numeric_limits<std::int64_t>::max();
  std::int64_t backlog = 0;
  std::int64_t online = 0;
  std::int64_t busy = 0;
  std::int64_t away = 0;

  void wait(std::int64_t since) {
    ++waiting;
    oldest_since = std::min(oldest_since, since);
  }
  void agent(const AgentState& a) {
    if (a.status == "online") ++online;
    if (a.status == "online" && a.open_conversations > 0) ++busy;
    if (a.status == "away") ++away;
  }
  void write(boost::json::object& o, std::int64_t now, bool with_agents) const {
    o["waiting"] = waiting;
    if (waiting > 0) {
      o["oldest_wait_ms"] = now - oldest_since;
    } else {
      o["oldest_wait_ms"] = nullptr;
    }
    o["backlog"] = backlog;
    if (with_agents) {
      o["agents_online"] = online;
      o["agents_busy"] = busy;
      o["agents_away"] = away;
    }
  }
};

}  // namespace

LiveAggregator::LiveAggregator(const MetricsConfig& config)
    : deriver_(config), day_calendar_(config.report_time_zone) {}

void LiveAggregator::roll_day(std::int64_t at) {
  if (day_end_ != 0 && at < day_end_) return;
  day_start_ = day_calendar_.day_start(at);
  day_end_ = day_calendar_.next_day_start(at);
  today_ = KpiBreakdown{};
}

void LiveAggregator::add(const Fact& f) {
  if (f.kind == FactKind::backlog_change) {
    open_.add(f);
    return;
  }
  if (f.kind == FactKind::staffed) {
    Fact part = deriver_.clip(f, day_start_, day_end_);
    if (part.value > 0) today_.add(part);
    return;
  }
  if (f.at >= day_start_ && f.at < day_end_) today_.add(f);
}

std::int64_t LiveAggregator::resume(sql::Connection& db, std::int64_t now) {
  if (started_) throw std::logic_error("resume() on an aggregator that has applied events");
  started_ = true;
  create_schema(db);
  std::int64_t last = load_deriver_state(db, deriver_);
  roll_day(now);
  KpiBreakdown history = HistoryReport(db, deriver_.config()).run(day_start_, day_end_);
  // The history's backlog counters are the levels at the end: they become the open levels.
  auto split = [](auto& today_groups, auto& open_groups) {
    for (auto& [key, totals] : today_groups) {
      std::int64_t level = totals.get(KpiTotals::backlog);
      totals.set(KpiTotals::backlog, 0);
      if (level != 0) open_groups[key].set(KpiTotals::backlog, level);
    }
  };
  open_ = KpiBreakdown{};
  open_.total.set(KpiTotals::backlog, history.total.get(KpiTotals::backlog));
  history.total.set(KpiTotals::backlog, 0);
  split(history.queues, open_.queues);
  split(history.teams, open_.teams);
  split(history.channels, open_.channels);
  today_ = std::move(history);
  return last;
}

void LiveAggregator::apply(const Event& event) {
  started_ = true;
  scratch_.clear();
  deriver_.apply(event, scratch_);
  roll_day(event.at);
  for (const Fact& f : scratch_) add(f);
}

KpiBreakdown LiveAggregator::today(std::int64_t now) {
  roll_day(now);
  KpiBreakdown result = today_;
  // The backlog is a level, not a sum over the day: report the conversations open now.
  auto level = [](auto& groups, const auto& open) {
    for (auto& [key, totals] : groups) totals.set(KpiTotals::backlog, 0);
    for (const auto& [key, totals] : open) {
      if (totals.get(KpiTotals::backlog) != 0 || groups.contains(key)) {
        groups[key].set(KpiTotals::backlog, totals.get(KpiTotals::backlog));
      }
    }
  };
  result.total.set(KpiTotals::backlog, open_.total.get(KpiTotals::backlog));
  level(result.queues, open_.queues);
  level(result.teams, open_.teams);
  level(result.channels, open_.channels);
  for (const Fact& f : deriver_.running_staffed(now)) {
    Fact part = deriver_.clip(f, day_start_, day_end_);
    if (part.value > 0) result.add(part);
  }
  return result;
}

boost::json::object LiveAggregator::snapshot(std::int64_t now) {
  KpiBreakdown kpis = today(now);
  const MetricsConfig& config = deriver_.config();

  LiveFields total;
  std::map<std::string, LiveFields> queues, teams, channels;
  for (const auto& [queue, waits] : deriver_.waiting()) {
    for (const auto& [since, conversation] : waits) {
      total.wait(since);
      queues[queue].wait(since);
      std::string team = config.team_of_queue(queue);
      if (!team.empty()) teams[team].wait(since);
      auto c = deriver_.conversations().find(conversation);
      if (c != deriver_.conversations().end() && !c->second.channel.empty()) {
        channels[c->second.channel].wait(since);
      }
    }
  }
  total.backlog = open_.total.get(KpiTotals::backlog);
  for (const auto& [k, t] : open_.queues) queues[k].backlog = t.get(KpiTotals::backlog);
  for (const auto& [k, t] : open_.teams) teams[k].backlog = t.get(KpiTotals::backlog);
  for (const auto& [k, t] : open_.channels) channels[k].backlog = t.get(KpiTotals::backlog);
  for (const auto& [agent, state] : deriver_.agents()) {
    total.agent(state);
    std::string team = config.team_of_agent(agent);
    if (!team.empty()) teams[team].agent(state);
  }

  boost::json::object out = kpis.to_json();
  out["at"] = now;
  out["day_start"] = day_start_;
  total.write(out["total"].as_object(), now, true);
  auto merge = [&](const char* name, const std::map<std::string, LiveFields>& live,
                   bool with_agents) {
    boost::json::object& group = out[name].as_object();
    for (const auto& [key, fields] : live) {
      boost::json::value& slot = group[key];
      if (!slot.is_object()) slot = KpiTotals{}.kpis();
    }
    for (auto& [key, slot] : group) {
      auto found = live.find(std::string(key));
      LiveFields fields = found == live.end() ? LiveFields{} : found->second;
      fields.write(slot.as_object(), now, with_agents);
    }
  };
  merge("queues", queues, false);
  merge("teams", teams, true);
  merge("channels", channels, false);
  boost::json::object& agents = out["agents"].as_object();
  for (const auto& [agent, state] : deriver_.agents()) {
    boost::json::value& slot = agents[std::to_string(agent)];
    if (!slot.is_object()) slot = KpiTotals{}.kpis();
    slot.as_object()["status"] = state.status;
    slot.as_object()["open_conversations"] = state.open_conversations;
  }
  return out;
}

}  // namespace kefu::metrics
