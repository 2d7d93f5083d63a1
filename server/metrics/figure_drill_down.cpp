#include "server/metrics/figure_drill_down.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace kefu::metrics {
namespace {

enum class Shape { count, ratio, mean };

// How one figure is made from the facts of one kind (the formulas of docs/metrics.md).
struct FigureRule {
  std::string_view name;
  FactKind kind;
  Shape shape;
  bool business;                               // a `_bh` variant: business-hours values/flags
  std::function<bool(const Fact&)> member;     // the fact is a term of the figure
  std::function<bool(const Fact&)> numerator;  // for a ratio: the term is counted
};

bool answered(const Fact& f) {
  return (f.flags & kAnswered) != 0;
}
bool within(const Fact& f, bool business) {
  return (f.flags & (business ? kWithinTargetBusiness : kWithinTarget)) != 0;
}
bool any(const Fact&) {
  return true;
}

const std::vector<FigureRule>& rules() {
  static const std::vector<FigureRule> list{
      {"offered", FactKind::wait, Shape::count, false, any, any},
      {"answered", FactKind::wait, Shape::count, false, answered, any},
      {"abandoned", FactKind::wait, Shape::count, false, [](const Fact& f) { return !answered(f); },
       any},
      {"abandonment_rate", FactKind::wait, Shape::ratio, false, any,
       [](const Fact& f) { return !answered(f); }},
      // Answered waits and waits abandoned after T; abandons within T leave the denominator.
      {"service_level", FactKind::wait, Shape::ratio, false,
       [](const Fact& f) { return answered(f) || !within(f, false); },
       [](const Fact& f) { return answered(f) && within(f, false); }},
      {"service_level_bh", FactKind::wait, Shape::ratio, true,
       [](const Fact& f) { return answered(f) || !within(f, true); },
       [](const Fact& f) { return answered(f) && within(f, true); }},
      {"queue_wait_ms", FactKind::wait, Shape::mean, false, answered, any},
      {"queue_wait_bh_ms", FactKind::wait, Shape::mean, true, answered, any},
      {"first_response_time_ms", FactKind::first_response, Shape::mean, false, any, any},
      {"first_response_time_bh_ms", FactKind::first_response, Shape::mean, true, any, any},
      {"average_response_time_ms", FactKind::response, Shape::mean, false, any, any},
      {"average_response_time_bh_ms", FactKind::response, Shape::mean, true, any, any},
      {"handle_time_ms", FactKind::handle, Shape::mean, false, any, any},
      {"handle_time_bh_ms", FactKind::handle, Shape::mean, true, any, any},
      {"resolution_time_ms", FactKind::resolution, Shape::mean, false, any, any},
      {"resolution_time_bh_ms", FactKind::resolution, Shape::mean, true, any, any},
      {"first_contact_resolution", FactKind::closure, Shape::ratio, false, any,
       [](const Fact& f) { return (f.flags & (kReopened | kTransferred)) == 0; }},
      {"reopen_rate", FactKind::closure, Shape::ratio, false, any,
       [](const Fact& f) { return (f.flags & kReopened) != 0; }},
      {"csat", FactKind::rating, Shape::ratio, false, any,
       [](const Fact& f) { return f.value >= 4; }},
  };
  return list;
}

Shape shape_of(std::string_view figure) {
  for (const FigureRule& rule : rules()) {
    if (rule.name == figure) return rule.shape;
  }
  return Shape::count;  // backlog, waiting, oldest_wait_ms
}

bool group_has(const FigureGroup& group, const MetricsConfig& config,
               const WaitingConversation& w) {
  if (group.dimension == "total") return true;
  if (group.dimension == "queue") return w.queue == group.key;
  if (group.dimension == "team") return config.team_of_queue(w.queue) == group.key;
  if (group.dimension == "channel") return w.channel == group.key;
  if (group.dimension == "agent") return false;  // a waiting conversation has no agent
  throw std::invalid_argument("unknown group dimension '" + group.dimension + "'");
}

}  // namespace

const std::vector<std::string_view>& drill_down_figures() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const FigureRule& rule : rules()) out.push_back(rule.name);
    out.push_back("backlog");
    out.push_back("waiting");
    out.push_back("oldest_wait_ms");
    return out;
  }();
  return names;
}

bool is_live_figure(std::string_view figure) {
  return figure == "waiting" || figure == "oldest_wait_ms";
}

std::optional<double> FigureList::value() const {
  const Shape shape = shape_of(figure);
  if (figure == "oldest_wait_ms") {
    if (entries.empty()) return std::nullopt;
    return static_cast<double>(entries.front().value_ms.value_or(0));
  }
  if (shape == Shape::count) return static_cast<double>(entries.size());
  if (entries.empty()) return std::nullopt;
  if (shape == Shape::ratio) {
    return static_cast<double>(counted()) / static_cast<double>(entries.size());
  }
  double sum = 0;
  for (const FigureEntry& e : entries) sum += static_cast<double>(e.value_ms.value_or(0));
  return sum / static_cast<double>(entries.size());
}

std::int64_t FigureList::counted() const {
  return std::count_if(entries.begin(), entries.end(),
                       [](const FigureEntry& e) { return e.counted; });
}

boost::json::object FigureList::to_json() const {
  auto optional = [](const std::optional<std::int64_t>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  };
  boost::json::array list;
  for (const FigureEntry& e : entries) {
    list.push_back(boost::json::object{{"conversation_id", e.conversation_id},
                                       {"at", e.at},
                                       {"agent_id", e.agent_id != 0 ? boost::json::value(e.agent_id)
                                                                    : boost::json::value(nullptr)},
                                       {"queue", e.queue},
                                       {"channel", e.channel},
                                       {"value_ms", optional(e.value_ms)},
                                       {"rating", optional(e.rating)},
                                       {"counted", e.counted},
                                       {"breach_at", optional(e.breach_at)}});
  }
  const auto v = value();
  return boost::json::object{
      {"figure", figure},
      {"from", from},
      {"to", to},
      {"group", boost::json::object{{"dimension", group.dimension}, {"key", group.key}}},
      {"count", static_cast<std::int64_t>(entries.size())},
      {"counted", counted()},
      {"value", v ? boost::json::value(*v) : boost::json::value(nullptr)},
      {"conversations", std::move(list)}};
}

FigureList drill_down(FigureFacts& facts, const MetricsConfig& config, std::string_view figure,
                      std::int64_t from, std::int64_t to, const FigureGroup& group) {
  if (to < from) throw std::invalid_argument("the range ends before it starts");
  FigureList list;
  list.figure = std::string(figure);
  list.from = from;
  list.to = to;
  list.group = group;
  if (is_live_figure(figure)) {
    for (const WaitingConversation& w : facts.waiting()) {
      if (!group_has(group, config, w)) continue;
      FigureEntry e;
      e.conversation_id = w.conversation_id;
      e.at = w.since;
      e.queue = w.queue;
      e.channel = w.channel;
      e.value_ms = std::max<std::int64_t>(0, to - w.since);
      e.breach_at = config.breach_at(w.channel, w.queue, w.since, w.priority);
      list.entries.push_back(std::move(e));
    }
    return list;
  }
  if (figure == "backlog") {
    for (const Fact& f : facts.open_at(to, group)) {
      FigureEntry e;
      e.conversation_id = f.conversation_id;
      e.at = f.at;
      e.queue = f.queue;
      e.channel = f.channel;
      list.entries.push_back(std::move(e));
    }
    return list;
  }
  auto rule = std::find_if(rules().begin(), rules().end(),
                           [&](const FigureRule& r) { return r.name == figure; });
  if (rule == rules().end()) {
    throw std::invalid_argument("no figure named '" + std::string(figure) + "'");
  }
  for (const Fact& f : facts.completed(rule->kind, from, to, group)) {
    if (!rule->member(f)) continue;
    FigureEntry e;
    e.conversation_id = f.conversation_id;
    e.at = f.at;
    e.agent_id = f.agent_id;
    e.queue = f.queue;
    e.channel = f.channel;
    if (f.kind == FactKind::rating) {
      e.rating = f.value;
    } else if (f.kind != FactKind::closure) {
      e.value_ms = rule->business ? f.business_ms : f.value;
    }
    e.counted = rule->numerator(f);
    list.entries.push_back(std::move(e));
  }
  return list;
}

}  // namespace kefu::metrics
