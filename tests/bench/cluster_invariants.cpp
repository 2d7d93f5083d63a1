#include "tests/bench/cluster_invariants.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <set>

#include "server/store/postgres/pg_connection.hpp"

namespace kefu::load {
namespace {

std::string str(long n) {
  return std::to_string(n);
}

}  // namespace

ClusterInvariants::ClusterInvariants(std::string store_uri) : uri_(std::move(store_uri)) {}

ClusterInvariants::Check& ClusterInvariants::add(std::string name) {
  checks_.push_back(Check{std::move(name), "", {}});
  return checks_.back();
}

void ClusterInvariants::check_acknowledged(const std::vector<ClientLog>& logs) {
  auto& check = add("acknowledged messages stored exactly once, at their seq");
  store::PgConnection db(uri_);
  std::map<std::pair<std::int64_t, std::string>, std::vector<std::int64_t>> stored;
  const auto rows =
      db.exec("SELECT conversation_id, client_id, seq FROM messages WHERE client_id <> ''");
  for (int r = 0; r < rows.rows(); ++r) {
    stored[{rows.int64(r, 0), rows.text(r, 1)}].push_back(rows.int64(r, 2));
  }
  long acked = 0, lost = 0, duplicated = 0, moved = 0, stored_twice = 0;
  for (const auto& [key, seqs] : stored) {
    if (seqs.size() > 1) {
      ++stored_twice;
      check.violations.push_back("client_id " + key.second + " stored " + str(seqs.size()) +
                                 " times in conversation " + str(key.first));
    }
  }
  for (const auto& log : logs) {
    for (const auto& [id, ack] : *log.acked) {
      ++acked;
      const auto found = stored.find({ack.conversation_id, id});
      if (found == stored.end()) {
        ++lost;
        check.violations.push_back(log.who + ": " + id + " acknowledged (conversation " +
                                   str(ack.conversation_id) + " seq " + str(ack.seq) +
                                   ") but not stored");
      } else if (found->second.size() > 1) {
        ++duplicated;
      } else if (found->second.front() != ack.seq) {
        ++moved;
        check.violations.push_back(log.who + ": " + id + " acknowledged as seq " + str(ack.seq) +
                                   ", stored as seq " + str(found->second.front()));
      }
    }
  }
  lost_ = lost;
  if (duplicated > 0) {
    check.violations.push_back(str(duplicated) + " acknowledged messages stored twice");
  }
  check.counts = str(acked) + " acknowledged, " + str(static_cast<long>(rows.rows())) +
                 " stored with a client_id; " + str(lost) + " lost, " + str(duplicated) +
                 " duplicated, " + str(moved) + " at another seq, " + str(stored_twice) +
                 " client_ids stored twice";
}

void ClusterInvariants::check_seqs() {
  auto& check = add("every conversation's seq runs 1..n without gaps");
  store::PgConnection db(uri_);
  const auto rows = db.exec(
      "SELECT conversation_id, count(*), min(seq), max(seq), count(DISTINCT seq) FROM messages "
      "GROUP BY conversation_id");
  long messages = 0;
  for (int r = 0; r < rows.rows(); ++r) {
    const auto id = rows.int64(r, 0), count = rows.int64(r, 1), min = rows.int64(r, 2),
               max = rows.int64(r, 3), distinct = rows.int64(r, 4);
    messages += count;
    if (min != 1 || max != count || distinct != count) {
      check.violations.push_back("conversation " + str(id) + ": " + str(count) +
                                 " messages, seqs " + str(min) + ".." + str(max));
    }
  }
  check.counts = str(rows.rows()) + " conversations, " + str(messages) + " messages";
}

void ClusterInvariants::check_assignments() {
  auto& check = add("never two active assignees, no agent over capacity");
  store::PgConnection db(uri_);
  std::map<std::int64_t, std::int64_t> capacity;
  const auto users = db.exec("SELECT id, chat_capacity FROM users");
  for (int r = 0; r < users.rows(); ++r) capacity[users.int64(r, 0)] = users.int64(r, 1);

  // The event log, replayed in the order it was appended.
  const auto events = db.exec(
      "SELECT id, type, conversation_id, COALESCE(agent_id, 0) FROM events "
      "WHERE channel = 'chat' AND type IN ('conversation_assigned', 'conversation_queued', "
      "'conversation_resolved', 'conversation_transferred', 'conversation_abandoned', "
      "'conversation_closed') ORDER BY id");
  std::map<std::int64_t, std::int64_t> holder;  // conversation -> agent
  std::map<std::int64_t, std::int64_t> load;    // agent -> active chats
  long assigned = 0, released = 0, peak_load = 0;
  for (int r = 0; r < events.rows(); ++r) {
    const std::string type = events.text(r, 1);
    const auto conversation = events.int64(r, 2);
    const auto agent = events.int64(r, 3);
    auto& current = holder[conversation];
    if (type == "conversation_assigned") {
      ++assigned;
      if (current != 0 && current != agent) {
        check.violations.push_back("event " + str(events.int64(r, 0)) + ": conversation " +
                                   str(conversation) + " assigned to agent " + str(agent) +
                                   " while agent " + str(current) + " has it");
        --load[current];
      }
      if (current != agent) {
        current = agent;
        const auto now = ++load[agent];
        peak_load = std::max<long>(peak_load, now);
        if (now > capacity[agent]) {
          check.violations.push_back("event " + str(events.int64(r, 0)) + ": agent " + str(agent) +
                                     " holds " + str(now) + " chats, capacity " +
                                     str(capacity[agent]));
        }
      }
    } else if (current != 0) {
      ++released;
      --load[current];
      current = 0;
    }
  }
  // The desk's fenced history, when the nodes keep one: intervals per conversation and per agent.
  const auto history = db.exec(
      "SELECT conversation_id, agent_id, assigned_at, COALESCE(ended_at, 9223372036854775807) "
      "FROM assignments WHERE kind = 'chat' AND counted ORDER BY assigned_at, id");
  std::map<std::int64_t, std::int64_t> busy_until;  // conversation -> end of its last interval
  std::map<std::int64_t, std::vector<std::pair<std::int64_t, int>>> steps;  // agent -> +1/-1
  for (int r = 0; r < history.rows(); ++r) {
    const auto conversation = history.int64(r, 0), agent = history.int64(r, 1),
               from = history.int64(r, 2), to = history.int64(r, 3);
    auto found = busy_until.find(conversation);
    if (found != busy_until.end() && found->second > from) {
      check.violations.push_back("assignments: conversation " + str(conversation) +
                                 " has two active assignments at " + str(from));
    }
    busy_until[conversation] = to;
    steps[agent].emplace_back(from, +1);
    steps[agent].emplace_back(to, -1);
  }
  for (auto& [agent, list] : steps) {
    std::sort(list.begin(), list.end());  // at one instant the ends (-1) come first
    long now = 0;
    for (const auto& [at, step] : list) {
      now += step;
      if (now > capacity[agent]) {
        check.violations.push_back("assignments: agent " + str(agent) + " holds " + str(now) +
                                   " chats at " + str(at) + ", capacity " + str(capacity[agent]));
        break;
      }
    }
  }
  check.counts = str(assigned) + " assignments and " + str(released) +
                 " releases replayed from the event log (peak load " + str(peak_load) + "), " +
                 str(history.rows()) + " rows of the desk's assignment history";
}

void ClusterInvariants::check_assignee_mirror() {
  auto& check = add("assignments and agent_loads agree with conversations");
  store::PgConnection db(uri_);
  const auto conversations = db.exec(
      "SELECT COALESCE(c.id, a.conversation_id), c.status, COALESCE(c.agent_id, 0), "
      "COALESCE(a.agent_id, 0) FROM conversations c FULL JOIN "
      "(SELECT * FROM assignments WHERE ended_at IS NULL) a ON a.conversation_id = c.id "
      "WHERE (CASE WHEN c.status = 'assigned' THEN c.agent_id END) IS DISTINCT FROM a.agent_id");
  for (int r = 0; r < conversations.rows(); ++r) {
    check.violations.push_back("conversation " + str(conversations.int64(r, 0)) + " is " +
                               conversations.text(r, 1) + " with agent " +
                               str(conversations.int64(r, 2)) + ", its active assignment agent " +
                               str(conversations.int64(r, 3)));
  }
  const auto loads = db.exec(
      "SELECT agent_id, kind, COALESCE(x.n, 0), COALESCE(l.active, 0) FROM "
      "(SELECT agent_id, kind, COUNT(*) n FROM assignments WHERE ended_at IS NULL AND counted "
      "GROUP BY 1, 2) x FULL JOIN (SELECT * FROM agent_loads WHERE active > 0) l "
      "USING (agent_id, kind) WHERE x.n IS DISTINCT FROM l.active");
  for (int r = 0; r < loads.rows(); ++r) {
    check.violations.push_back("agent " + str(loads.int64(r, 0)) + ": " + str(loads.int64(r, 2)) +
                               " active " + loads.text(r, 1) + " assignments, agent_loads says " +
                               str(loads.int64(r, 3)));
  }
  check.counts =
      str(db.exec("SELECT COUNT(*) FROM assignments WHERE ended_at IS NULL").int64(0, 0)) +
      " active assignments";
}

void ClusterInvariants::check_delivered(const std::vector<ClientLog>& logs) {
  auto& check = add("every stored message delivered to its online recipient");
  store::PgConnection db(uri_);
  std::map<std::int64_t, std::int64_t> last;
  const auto rows = db.exec("SELECT conversation_id, max(seq) FROM messages GROUP BY 1");
  for (int r = 0; r < rows.rows(); ++r) last[rows.int64(r, 0)] = rows.int64(r, 1);
  long conversations = 0, seqs = 0;
  for (const auto& log : logs) {
    for (const auto conversation : log.must_hold) {
      ++conversations;
      const auto found = log.held.find(conversation);
      std::vector<std::int64_t> held;
      if (found != log.held.end()) held = found->second;
      const std::int64_t stored = last[conversation];
      seqs += static_cast<long>(held.size());
      const std::int64_t first = log.from_one || held.empty() ? 1 : held.front();
      const bool complete =
          stored == 0 || (!held.empty() && held.front() == first && held.back() == stored &&
                          static_cast<std::int64_t>(held.size()) == stored - first + 1);
      if (!complete) {
        check.violations.push_back(
            log.who + ": conversation " + str(conversation) + " holds " + str(held.size()) +
            " seqs" +
            (held.empty() ? "" : " (" + str(held.front()) + ".." + str(held.back()) + ")") +
            ", the database " + str(stored) + " from seq " + str(first));
      }
    }
  }
  check.counts = str(conversations) + " conversations of " + str(logs.size()) + " clients, " +
                 str(seqs) + " seqs held";
}

void ClusterInvariants::print() const {
  for (const auto& check : checks_) {
    std::printf("%s %s: %s\n", check.violations.empty() ? "ok    " : "FAILED", check.name.c_str(),
                check.counts.c_str());
    for (std::size_t i = 0; i < check.violations.size() && i < 20; ++i) {
      std::printf("    %s\n", check.violations[i].c_str());
    }
    if (check.violations.size() > 20) {
      std::printf("    ... and %zu more\n", check.violations.size() - 20);
    }
  }
}

long ClusterInvariants::violations() const {
  long n = 0;
  for (const auto& check : checks_) n += static_cast<long>(check.violations.size());
  return n;
}

}  // namespace kefu::load
