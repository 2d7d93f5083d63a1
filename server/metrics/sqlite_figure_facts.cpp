#include "server/metrics/sqlite_figure_facts.hpp"

#include <stdexcept>

#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::metrics {
namespace {

// The column and value (parameter `position`) that select a group's facts; "" for the whole
// centre.
std::string group_condition(const FigureGroup& group, int position) {
  const std::string key = " = ?" + std::to_string(position);
  if (group.dimension == "total") return "";
  if (group.dimension == "queue") return " AND queue" + key;
  if (group.dimension == "team") return " AND team" + key;
  if (group.dimension == "channel") return " AND channel" + key;
  if (group.dimension == "agent") return " AND agent_id" + key;
  throw std::invalid_argument("unknown group dimension '" + group.dimension + "'");
}

void bind_group(sql::Statement& select, int position, const FigureGroup& group) {
  if (group.dimension == "total") return;
  if (group.dimension == "agent") {
    select.bind(position, static_cast<std::int64_t>(std::stoll(group.key)));
  } else {
    select.bind(position, group.key);
  }
}

}  // namespace

std::vector<Fact> SqliteFigureFacts::completed(FactKind kind, std::int64_t from, std::int64_t to,
                                               const FigureGroup& group) {
  if (kind == FactKind::staffed) throw std::invalid_argument("staffed time has no conversations");
  sql::Statement select(
      db_,
      "SELECT at, conversation_id, agent_id, queue, team, channel, value, business_ms, flags"
      " FROM kpi_facts WHERE kind = ?1 AND at >= ?2 AND at < ?3" +
          group_condition(group, 4) + " ORDER BY at, conversation_id, id");
  select.bind(1, static_cast<int>(kind));
  select.bind(2, from);
  select.bind(3, to);
  bind_group(select, 4, group);
  std::vector<Fact> facts;
  while (select.step()) {
    Fact f;
    f.kind = kind;
    f.at = select.column(0).int64();
    f.end = f.at;
    f.conversation_id = select.column(1).int64();
    f.agent_id = select.column(2).int64();
    f.queue = select.column(3).text();
    f.team = select.column(4).text();
    f.channel = select.column(5).text();
    f.value = select.column(6).int64();
    f.business_ms = select.column(7).int64();
    f.flags = select.column(8).int32();
    facts.push_back(std::move(f));
  }
  return facts;
}

std::vector<Fact> SqliteFigureFacts::open_at(std::int64_t to, const FigureGroup& group) {
  // A conversation moved between queues has -1 in the old queue and +1 in the new, so the sum
  // per conversation within the group says whether it is open there.
  sql::Statement select(
      db_,
      "SELECT conversation_id, MAX(CASE WHEN value > 0 THEN at END), SUM(value)"
      " FROM kpi_facts WHERE kind = ?1 AND at < ?2" +
          group_condition(group, 3) +
          " GROUP BY conversation_id HAVING SUM(value) > 0 ORDER BY conversation_id");
  select.bind(1, static_cast<int>(FactKind::backlog_change));
  select.bind(2, to);
  bind_group(select, 3, group);
  std::vector<Fact> facts;
  while (select.step()) {
    Fact f;
    f.kind = FactKind::backlog_change;
    f.conversation_id = select.column(0).int64();
    f.at = select.column(1).int64();
    f.end = f.at;
    f.value = select.column(2).int64();
    facts.push_back(std::move(f));
  }
  // The queue and channel it is open in now.
  sql::Statement where(db_,
                       "SELECT queue, team, channel FROM kpi_facts WHERE kind = ? AND"
                       " conversation_id = ? AND at < ? AND value > 0 ORDER BY at DESC, id DESC"
                       " LIMIT 1");
  for (Fact& f : facts) {
    where.bind(1, static_cast<int>(FactKind::backlog_change));
    where.bind(2, f.conversation_id);
    where.bind(3, to);
    if (where.step()) {
      f.queue = where.column(0).text();
      f.team = where.column(1).text();
      f.channel = where.column(2).text();
    }
    where.reset();
  }
  return facts;
}

std::vector<WaitingConversation> SqliteFigureFacts::waiting() {
  sql::Statement select(db_,
                        "SELECT conversation_id, queue, channel, queued_since, priority"
                        " FROM kpi_open_conversations WHERE queued_since >= 0"
                        " ORDER BY queued_since, conversation_id");
  std::vector<WaitingConversation> out;
  while (select.step()) {
    out.push_back({select.column(0).int64(), select.column(1).text(), select.column(2).text(),
                   select.column(3).int64(), select.column(4).text()});
  }
  return out;
}

}  // namespace kefu::metrics
