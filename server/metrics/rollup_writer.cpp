#include "server/metrics/rollup_writer.hpp"

#include <algorithm>
#include <stdexcept>

#include "server/metrics/event_row.hpp"
#include "server/metrics/schema.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::metrics {
namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kHoursPerDay = 24;
constexpr std::size_t kBatch = 20'000;
// The advisory lock that makes one node at a time fold the log into the rollups (PostgreSQL).
constexpr const char* kRollupLock = "1801807229";

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : (a - b + 1) / b;
}

}  // namespace

RollupWriter::RollupWriter(sql::Connection& db, const MetricsConfig& config)
    : db_(db), config_(config), deriver_(std::make_unique<FactDeriver>(config)) {
  create_schema(db_);
  last_event_id_ = load_deriver_state(db_, *deriver_);
}

std::int64_t load_deriver_state(sql::Connection& db, FactDeriver& deriver) {
  std::int64_t last_event_id = 0;
  sql::Statement progress(db, "SELECT last_event_id FROM kpi_progress WHERE id = 1");
  if (progress.step()) last_event_id = progress.column(0).int64();
  sql::Statement conversations(
      db,
      "SELECT conversation_id, queue, channel, agent, last_agent, contact_start, queued_since,"
      " queued_offered, assigned_at, unanswered_since, awaiting_first_response, open,"
      " resolved_ever, reopened_ever, transferred_ever, priority FROM kpi_open_conversations");
  while (conversations.step()) {
    ConversationState c;
    c.queue = conversations.column(1).text();
    c.channel = conversations.column(2).text();
    c.agent = conversations.column(3).int64();
    c.last_agent = conversations.column(4).int64();
    c.contact_start = conversations.column(5).int64();
    c.queued_since = conversations.column(6).int64();
    c.queued_offered = conversations.column(7).int32() != 0;
    c.assigned_at = conversations.column(8).int64();
    c.unanswered_since = conversations.column(9).int64();
    c.awaiting_first_response = conversations.column(10).int32() != 0;
    c.open = conversations.column(11).int32() != 0;
    c.resolved_ever = conversations.column(12).int32() != 0;
    c.reopened_ever = conversations.column(13).int32() != 0;
    c.transferred_ever = conversations.column(14).int32() != 0;
    c.priority = conversations.column(15).text();
    deriver.restore(conversations.column(0).int64(), c);
  }
  sql::Statement agents(db,
                        "SELECT agent_id, status, open_conversations, since FROM kpi_agent_state");
  while (agents.step()) {
    AgentState a;
    a.status = agents.column(1).text();
    a.open_conversations = agents.column(2).int32();
    a.since = agents.column(3).int64();
    deriver.restore_agent(agents.column(0).int64(), a);
  }
  return last_event_id;
}

void RollupWriter::save_state() {
  sql::Statement upsert(
      db_,
      "INSERT INTO kpi_open_conversations (conversation_id, queue, channel, agent,"
      " last_agent, contact_start, queued_since, queued_offered, assigned_at, unanswered_since,"
      " awaiting_first_response, open, resolved_ever, reopened_ever, transferred_ever,"
      " priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (conversation_id) DO UPDATE SET"
      " queue = excluded.queue, channel = excluded.channel, agent = excluded.agent,"
      " last_agent = excluded.last_agent, contact_start = excluded.contact_start,"
      " queued_since = excluded.queued_since, queued_offered ="
      " excluded.queued_offered, assigned_at = excluded.assigned_at, unanswered_since"
      " = excluded.unanswered_since, awaiting_first_response ="
      " excluded.awaiting_first_response, open = excluded.open, resolved_ever ="
      " excluded.resolved_ever, reopened_ever = excluded.reopened_ever,"
      " transferred_ever = excluded.transferred_ever, priority = excluded.priority");
  sql::Statement remove(db_, "DELETE FROM kpi_open_conversations WHERE conversation_id = ?");
  for (std::int64_t id : touched_) {
    auto found = deriver_->conversations().find(id);
    if (found == deriver_->conversations().end()) {
      remove.bind(1, id);
      remove.exec();
      remove.reset();
      continue;
    }
    const ConversationState& c = found->second;
    upsert.bind(1, id);
    upsert.bind(2, c.queue);
    upsert.bind(3, c.channel);
    upsert.bind(4, c.agent);
    upsert.bind(5, c.last_agent);
    upsert.bind(6, c.contact_start);
    upsert.bind(7, c.queued_since);
    upsert.bind(8, c.queued_offered ? 1 : 0);
    upsert.bind(9, c.assigned_at);
    upsert.bind(10, c.unanswered_since);
    upsert.bind(11, c.awaiting_first_response ? 1 : 0);
    upsert.bind(12, c.open ? 1 : 0);
    upsert.bind(13, c.resolved_ever ? 1 : 0);
    upsert.bind(14, c.reopened_ever ? 1 : 0);
    upsert.bind(15, c.transferred_ever ? 1 : 0);
    upsert.bind(16, c.priority);
    upsert.exec();
    upsert.reset();
  }
  touched_.clear();
  // Agents are few; all of them are saved with each batch.
  sql::Statement agent(db_,
                       "INSERT INTO kpi_agent_state (agent_id, status, open_conversations, since)"
                       " VALUES (?, ?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET"
                       " status = excluded.status,"
                       " open_conversations = excluded.open_conversations,"
                       " since = excluded.since");
  for (const auto& [id, a] : deriver_->agents()) {
    agent.bind(1, id);
    agent.bind(2, a.status);
    agent.bind(3, a.open_conversations);
    agent.bind(4, a.since);
    agent.exec();
    agent.reset();
  }
}

void RollupWriter::rebuild() {
  {
    sql::Transaction tx(db_);
    db_.exec("DELETE FROM kpi_facts");
    db_.exec("DELETE FROM kpi_rollup_hour");
    db_.exec("DELETE FROM kpi_rollup_day");
    db_.exec("DELETE FROM kpi_progress");
    db_.exec("DELETE FROM kpi_open_conversations");
    db_.exec("DELETE FROM kpi_agent_state");
    tx.commit();
  }
  deriver_ = std::make_unique<FactDeriver>(config_);
  last_event_id_ = 0;
  skipped_ = 0;
  touched_.clear();
  facts_.clear();
  hour_sums_.clear();
  day_sums_.clear();
  catch_up();
}

void RollupWriter::buffer(const Fact& fact) {
  auto add = [this](const Fact& f) {
    const std::int64_t hour = floor_div(f.at, kHour);
    const std::int64_t day = floor_div(hour, kHoursPerDay);
    for (auto [sums, period] : {std::pair{&hour_sums_, hour}, std::pair{&day_sums_, day}}) {
      (*sums)[{period, "total", ""}].add(f);
      if (!f.queue.empty()) (*sums)[{period, "queue", f.queue}].add(f);
      if (!f.team.empty()) (*sums)[{period, "team", f.team}].add(f);
      if (!f.channel.empty()) (*sums)[{period, "channel", f.channel}].add(f);
      if (f.agent_id != 0) (*sums)[{period, "agent", std::to_string(f.agent_id)}].add(f);
    }
    facts_.push_back(f);
  };
  if (fact.kind != FactKind::staffed) {
    add(fact);
    return;
  }
  // A staffed span is cut at hour edges so that each piece lies in one rollup hour.
  for (std::int64_t start = fact.at; start < fact.end;) {
    std::int64_t stop = std::min(fact.end, (floor_div(start, kHour) + 1) * kHour);
    add(clip_staffed(fact, start, stop, config_));
    start = stop;
  }
}

void RollupWriter::write_sums(const char* table, const Sums& sums) {
  const auto& names = KpiTotals::counter_names();
  std::string upsert = "INSERT INTO " + std::string(table) + " (period, dimension, key";
  for (auto n : names) upsert += ", " + std::string(n);
  upsert += ") VALUES (?, ?, ?";
  for (std::size_t i = 0; i < names.size(); ++i) upsert += ", ?";
  upsert += ") ON CONFLICT (period, dimension, key) DO UPDATE SET ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string n(names[i]);
    upsert += (i ? ", " : "") + n + " = " + table + "." + n + " + excluded." + n;
  }
  sql::Statement add_sums(db_, upsert);
  for (const auto& [key, totals] : sums) {
    add_sums.bind(1, std::get<0>(key));
    add_sums.bind(2, std::get<1>(key));
    add_sums.bind(3, std::get<2>(key));
    for (int i = 0; i < KpiTotals::kCounterCount; ++i) {
      add_sums.bind(4 + i, totals.get(static_cast<KpiTotals::Counter>(i)));
    }
    add_sums.exec();
    add_sums.reset();
  }
}

void RollupWriter::flush() {
  sql::Transaction tx(db_);
  sql::Statement insert_fact(
      db_,
      "INSERT INTO kpi_facts (kind, at, end_at, conversation_id, agent_id, queue, team, channel,"
      " value, business_ms, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const Fact& f : facts_) {
    insert_fact.bind(1, static_cast<int>(f.kind));
    insert_fact.bind(2, f.at);
    insert_fact.bind(3, f.end);
    insert_fact.bind(4, f.conversation_id);
    insert_fact.bind(5, f.agent_id);
    insert_fact.bind(6, f.queue);
    insert_fact.bind(7, f.team);
    insert_fact.bind(8, f.channel);
    insert_fact.bind(9, f.value);
    insert_fact.bind(10, f.business_ms);
    insert_fact.bind(11, f.flags);
    insert_fact.exec();
    insert_fact.reset();
  }
  write_sums("kpi_rollup_hour", hour_sums_);
  write_sums("kpi_rollup_day", day_sums_);
  save_state();
  sql::Statement progress(db_,
                          "INSERT INTO kpi_progress (id, last_event_id) VALUES (1, ?)"
                          " ON CONFLICT (id) DO UPDATE SET last_event_id = excluded.last_event_id");
  progress.bind(1, last_event_id_);
  progress.exec();
  tx.commit();
  facts_.clear();
  hour_sums_.clear();
  day_sums_.clear();
}

void RollupWriter::claim(std::optional<sql::Transaction>& batch) {
  if (db_.engine() != sql::Engine::postgresql) return;
  batch.emplace(db_);
  // An advisory lock rather than a row lock: it takes no transaction id, so this transaction
  // holds back no reader of the log (sql::EventLogReader reads below the oldest one running).
  sql::Statement(db_, std::string("SELECT pg_advisory_xact_lock(") + kRollupLock + ")").step();
  std::int64_t stored = 0;
  sql::Statement progress(db_, "SELECT last_event_id FROM kpi_progress WHERE id = 1");
  if (progress.step()) stored = progress.column(0).int64();
  if (stored != last_event_id_) {
    // Another node folded events meanwhile: continue from what it saved.
    deriver_ = std::make_unique<FactDeriver>(config_);
    last_event_id_ = load_deriver_state(db_, *deriver_);
    touched_.clear();
  }
}

std::size_t RollupWriter::catch_up(std::size_t limit) {
  std::size_t read = 0;
  std::vector<Fact> out;
  Event e;  // one for every row: its strings keep their buffers
  while (read < limit) {
    std::optional<sql::Transaction> claimed;
    claim(claimed);
    sql::Statement select(db_, event_rows_after_query(db_));
    select.bind(1, last_event_id_);
    select.bind(2, static_cast<std::int64_t>(std::min(kBatch, limit - read)));
    std::size_t in_batch = 0;
    while (select.step()) {
      read_event_row(select, e);
      out.clear();
      try {
        deriver_->apply(e, out);
      } catch (const std::invalid_argument&) {
        ++skipped_;
      }
      for (const Fact& f : out) buffer(f);
      if (e.conversation_id) touched_.insert(*e.conversation_id);
      last_event_id_ = e.id;
      ++in_batch;
    }
    read += in_batch;
    if (in_batch > 0) flush();
    if (claimed) claimed->commit();
    if (in_batch < kBatch) break;
  }
  return read;
}

}  // namespace kefu::metrics
