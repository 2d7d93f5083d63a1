#include "server/metrics/sqlite_figure_facts.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <stdexcept>

namespace kefu::metrics {
namespace {

// The column and value that select a group's facts; "" for the whole centre.
std::string group_condition(const FigureGroup& group) {
  if (group.dimension == "total") return "";
  if (group.dimension == "queue") return " AND queue = :key";
  if (group.dimension == "team") return " AND team = :key";
  if (group.dimension == "channel") return " AND channel = :key";
  if (group.dimension == "agent") return " AND agent_id = :key";
  throw std::invalid_argument("unknown group dimension '" + group.dimension + "'");
}

void bind_group(SQLite::Statement& select, const FigureGroup& group) {
  if (group.dimension == "total") return;
  if (group.dimension == "agent") {
    select.bind(":key", static_cast<std::int64_t>(std::stoll(group.key)));
  } else {
    select.bind(":key", group.key);
  }
}

}  // namespace

std::vector<Fact> SqliteFigureFacts::completed(FactKind kind, std::int64_t from, std::int64_t to,
                                               const FigureGroup& group) {
  if (kind == FactKind::staffed) throw std::invalid_argument("staffed time has no conversations");
  SQLite::Statement select(
      db_,
      "SELECT at, conversation_id, agent_id, queue, team, channel, value, business_ms, flags"
      " FROM kpi_facts WHERE kind = :kind AND at >= :from AND at < :to" +
          group_condition(group) + " ORDER BY at, conversation_id, id");
  select.bind(":kind", static_cast<int>(kind));
  select.bind(":from", from);
  select.bind(":to", to);
  bind_group(select, group);
  std::vector<Fact> facts;
  while (select.executeStep()) {
    Fact f;
    f.kind = kind;
    f.at = select.getColumn(0).getInt64();
    f.end = f.at;
    f.conversation_id = select.getColumn(1).getInt64();
    f.agent_id = select.getColumn(2).getInt64();
    f.queue = select.getColumn(3).getString();
    f.team = select.getColumn(4).getString();
    f.channel = select.getColumn(5).getString();
    f.value = select.getColumn(6).getInt64();
    f.business_ms = select.getColumn(7).getInt64();
    f.flags = select.getColumn(8).getInt();
    facts.push_back(std::move(f));
  }
  return facts;
}

std::vector<Fact> SqliteFigureFacts::open_at(std::int64_t to, const FigureGroup& group) {
  // A conversation moved between queues has -1 in the old queue and +1 in the new, so the sum
  // per conversation within the group says whether it is open there.
  SQLite::Statement select(
      db_,
      "SELECT conversation_id, MAX(CASE WHEN value > 0 THEN at END), SUM(value)"
      " FROM kpi_facts WHERE kind = :kind AND at < :to" +
          group_condition(group) +
          " GROUP BY conversation_id HAVING SUM(value) > 0 ORDER BY conversation_id");
  select.bind(":kind", static_cast<int>(FactKind::backlog_change));
  select.bind(":to", to);
  bind_group(select, group);
  std::vector<Fact> facts;
  while (select.executeStep()) {
    Fact f;
    f.kind = FactKind::backlog_change;
    f.conversation_id = select.getColumn(0).getInt64();
    f.at = select.getColumn(1).getInt64();
    f.end = f.at;
    f.value = select.getColumn(2).getInt64();
    facts.push_back(std::move(f));
  }
  // The queue and channel it is open in now.
  SQLite::Statement where(db_,
                          "SELECT queue, team, channel FROM kpi_facts WHERE kind = ? AND"
                          " conversation_id = ? AND at < ? AND value > 0 ORDER BY at DESC, id DESC"
                          " LIMIT 1");
  for (Fact& f : facts) {
    where.bind(1, static_cast<int>(FactKind::backlog_change));
    where.bind(2, f.conversation_id);
    where.bind(3, to);
    if (where.executeStep()) {
      f.queue = where.getColumn(0).getString();
      f.team = where.getColumn(1).getString();
      f.channel = where.getColumn(2).getString();
    }
    where.reset();
  }
  return facts;
}

std::vector<WaitingConversation> SqliteFigureFacts::waiting() {
  SQLite::Statement select(db_,
                           "SELECT conversation_id, queue, channel, queued_since"
                           " FROM kpi_open_conversations WHERE queued_since >= 0"
                           " ORDER BY queued_since, conversation_id");
  std::vector<WaitingConversation> out;
  while (select.executeStep()) {
    out.push_back({select.getColumn(0).getInt64(), select.getColumn(1).getString(),
                   select.getColumn(2).getString(), select.getColumn(3).getInt64()});
  }
  return out;
}

}  // namespace kefu::metrics
