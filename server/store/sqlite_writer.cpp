#include "server/store/sqlite_writer.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "server/store/coalescing_wal_vfs.hpp"
#include "server/store/message_events.hpp"
#include "server/store/short_busy_wait.hpp"

namespace kefu::store {
namespace {

void bind_optional(SQLite::Statement& s, int index, const std::optional<std::int64_t>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);
  }
}

void bind_optional(SQLite::Statement& s, int index, const std::optional<std::string>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);
  }
}

// Characters (code points) in valid UTF-8: every byte that does not continue a sequence.
std::int64_t count_characters(const std::string& text) {
  std::int64_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// Opens the connection with the settings the statements below are compiled under.
SQLite::Database open_writer(const std::string& path, const std::string& synchronous) {
  // One thread uses the connection: SQLite's own mutexes would only cost time. When every
  // COMMIT syncs the log, the log's frames are written with one system call per group
  // (coalescing_wal_vfs.hpp); NORMAL and OFF publish a commit without a sync, so they keep
  // the default VFS.
  const bool syncs_each_commit = synchronous == "FULL" || synchronous == "EXTRA";
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 0,
                      syncs_each_commit ? coalescing_wal_vfs() : "");
  wait_briefly_when_busy(db.getHandle(), std::chrono::milliseconds(5000));
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = " + synchronous);
  db.exec("PRAGMA foreign_keys = ON");
  // A row it rewrites (a conversation with its subject, at each change) leaves no old copy in
  // the page's free space, which an erasure could not reach. Debian's SQLite is built with this
  // on; it is set here so that no other build turns it off. It costs extra I/O only for freed
  // pages, which this connection never frees (it deletes nothing).
  db.exec("PRAGMA secure_delete = ON");
  // A group of thousands of messages dirties more pages than the default 2 MiB cache holds;
  // spilling them to the WAL in the middle of the transaction doubles the writes.
  db.exec("PRAGMA cache_size = -65536");
  // Savepoint journals (the slow path of a group) stay in memory.
  db.exec("PRAGMA temp_store = MEMORY");
  return db;
}

}  // namespace

SqliteWriter::SqliteWriter(const std::string& path, const std::string& synchronous,
                           std::size_t client_ids_written_every)
    : db_(open_writer(path, synchronous)),
      begin_(db_, "BEGIN IMMEDIATE"),
      commit_(db_, "COMMIT"),
      savepoint_(db_, "SAVEPOINT batch"),
      release_(db_, "RELEASE batch"),
      rollback_to_(db_, "ROLLBACK TO batch"),
      first_message_at_(db_,
                        "SELECT created_at FROM messages WHERE conversation_id = ? AND seq = ?"),
      max_seq_(db_, "SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation_id = ?"),
      insert_message_(db_,
                      "INSERT INTO messages(conversation_id, seq, author_kind, author_id, "
                      "client_id, body, created_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
      insert_event_(db_,
                    "INSERT INTO events(at, type, conversation_id, customer_id, agent_id, "
                    "channel, queue, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
      upsert_conversation_(
          db_,
          "INSERT INTO conversations(id, customer_id, channel, status, queue, subject, agent_id, "
          "last_agent_id, created_at, queued_at, updated_at, resolved_at, priority, priority_by) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
          "status = excluded.status, queue = excluded.queue, subject = excluded.subject, "
          "agent_id = excluded.agent_id, last_agent_id = excluded.last_agent_id, "
          "queued_at = excluded.queued_at, updated_at = excluded.updated_at, "
          "resolved_at = excluded.resolved_at, priority = excluded.priority, "
          "priority_by = excluded.priority_by"),
      ledger_(db_, client_ids_written_every) {}

void SqliteWriter::run(SQLite::Statement& statement) {
  statement.tryReset();
  statement.exec();
  statement.reset();
}

std::vector<WriteResult> SqliteWriter::commit_group(std::vector<WriteBatch*>& batches) {
  std::vector<WriteResult> results(batches.size());
  touched_.clear();
  try {
    run(begin_);
  } catch (const std::exception& e) {
    for (auto& r : results) r.error = e.what();
    return results;
  }
  try {
    ledger_.flush_if_due();
  } catch (const std::exception& e) {
    roll_back();
    for (auto& r : results) r.error = e.what();
    return results;
  }
  // Fast path: no savepoints. Batches rarely fail; when one does, the whole group is run again
  // with a savepoint per batch, so that it fails alone.
  bool failed = false;
  for (std::size_t i = 0; i < batches.size() && !failed; ++i) {
    try {
      apply_batch(*batches[i], results[i]);
    } catch (const std::exception&) {
      failed = true;
    }
  }
  if (failed) {
    roll_back();
    results.assign(batches.size(), WriteResult{});
    try {
      run(begin_);
    } catch (const std::exception& e) {
      for (auto& r : results) r.error = e.what();
      return results;
    }
    apply_isolated(batches, results);
  }
  commit(results);
  return results;
}

void SqliteWriter::apply_batch(const WriteBatch& batch, WriteResult& result) {
  std::int64_t last_customer_id = 0;
  result.outcomes.reserve(batch.mutations.size());
  for (const auto& mutation : batch.mutations) {
    auto outcome = apply(mutation, last_customer_id);
    if (std::holds_alternative<InsertCustomer>(mutation)) last_customer_id = outcome.value;
    result.outcomes.push_back(outcome);
  }
  result.ok = true;
}

void SqliteWriter::apply_isolated(std::vector<WriteBatch*>& batches,
                                  std::vector<WriteResult>& results) {
  for (std::size_t i = 0; i < batches.size(); ++i) {
    const std::size_t mark = touched_.size();
    const std::size_t ledger_mark = ledger_.mark();
    run(savepoint_);
    try {
      apply_batch(*batches[i], results[i]);
      run(release_);
    } catch (const std::exception& e) {
      reset_statements();
      run(rollback_to_);
      run(release_);
      while (touched_.size() > mark) {
        last_seq_[touched_.back().first] = touched_.back().second;
        touched_.pop_back();
      }
      ledger_.forget_since(ledger_mark);
      results[i].ok = false;
      results[i].outcomes.clear();
      results[i].error = e.what();
    }
  }
}

void SqliteWriter::commit(std::vector<WriteResult>& results) {
  try {
    run(commit_);
    ledger_.committed();
  } catch (const std::exception& e) {
    roll_back();
    for (auto& r : results) {
      r.ok = false;
      r.outcomes.clear();
      r.error = e.what();
    }
  }
}

void SqliteWriter::roll_back() {
  try {
    db_.exec("ROLLBACK");
  } catch (const std::exception&) {
    // The connection may already have rolled back; the cache is dropped below either way.
  }
  reset_statements();
  ledger_.rolled_back();
  last_seq_.clear();
  touched_.clear();
}

void SqliteWriter::reset_statements() {
  // A statement stopped by an error reports it again at its next reset(): clear it here.
  for (SQLite::Statement* s :
       {&begin_, &commit_, &savepoint_, &release_, &rollback_to_, &first_message_at_, &max_seq_,
        &insert_message_, &insert_event_, &upsert_conversation_}) {
    s->tryReset();
  }
}

MutationOutcome SqliteWriter::apply(const Mutation& mutation, std::int64_t last_customer_id) {
  MutationOutcome outcome;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, AppendMessage>) {
          outcome = append_message(m);
        } else if constexpr (std::is_same_v<T, UpsertConversation>) {
          upsert_conversation(m.conversation);
          outcome.conversation_id = m.conversation.id;
        } else if constexpr (std::is_same_v<T, AppendEvent>) {
          insert_event(m.event);
        } else if constexpr (std::is_same_v<T, InsertCustomer>) {
          outcome.value = insert_customer(m.customer);
        } else if constexpr (std::is_same_v<T, InsertVisitor>) {
          insert_visitor(m.visitor, last_customer_id);
        } else if constexpr (std::is_same_v<T, InsertStaffSession>) {
          SQLite::Statement s(db_,
                              "INSERT INTO staff_sessions(token_hash, user_id, created_at, "
                              "expires_at) VALUES (?, ?, ?, ?)");
          s.bind(1, m.session.token_hash);
          s.bind(2, m.session.user_id);
          s.bind(3, m.session.created_at);
          s.bind(4, m.session.expires_at);
          s.exec();
        } else if constexpr (std::is_same_v<T, RevokeStaffSession>) {
          SQLite::Statement s(db_,
                              "UPDATE staff_sessions SET revoked_at = ? "
                              "WHERE token_hash = ? AND revoked_at IS NULL");
          s.bind(1, m.at);
          s.bind(2, m.token_hash);
          s.exec();
        } else if constexpr (std::is_same_v<T, InsertUser>) {
          outcome.value = insert_user(m.user);
        } else if constexpr (std::is_same_v<T, Probe>) {
          db_.exec(
              "INSERT INTO meta(key, value) VALUES ('health_probe', '1') "
              "ON CONFLICT(key) DO UPDATE SET value = value + 1");
        }
      },
      mutation);
  return outcome;
}

std::int64_t SqliteWriter::next_seq(std::int64_t conversation_id) {
  auto it = last_seq_.find(conversation_id);
  std::int64_t last = 0;
  if (it != last_seq_.end()) {
    last = it->second;
  } else {
    max_seq_.reset();
    max_seq_.bind(1, conversation_id);
    max_seq_.executeStep();
    last = max_seq_.getColumn(0).getInt64();
    // A statement left open would keep an old snapshot on this connection, and once another
    // connection (the back office) had written, BEGIN IMMEDIATE here would fail for good.
    max_seq_.reset();
    it = last_seq_.emplace(conversation_id, last).first;
  }
  touched_.emplace_back(conversation_id, last);
  it->second = last + 1;
  return last + 1;
}

MutationOutcome SqliteWriter::append_message(const AppendMessage& m) {
  const auto& msg = m.message;
  if (!is_message_event(m.event.type)) {
    throw std::invalid_argument("a message's event cannot be '" + m.event.type + "'");
  }
  const std::string kind(to_string(msg.author_kind));
  if (auto first = ledger_.find(kind, msg.author_id, msg.client_id)) {
    // The same author already stored this client_id: answer with the first.
    MutationOutcome outcome;
    outcome.conversation_id = first->conversation_id;
    outcome.value = first->seq;
    outcome.duplicate = true;
    first_message_at_.reset();
    first_message_at_.bind(1, first->conversation_id);
    first_message_at_.bind(2, first->seq);
    if (first_message_at_.executeStep()) outcome.at = first_message_at_.getColumn(0).getInt64();
    first_message_at_.reset();
    return outcome;
  }
  const std::int64_t seq = next_seq(msg.conversation_id);

  std::string data;
  if (m.event.data.empty() || m.event.data == "{}") {
    data = "{\"seq\":" + std::to_string(seq) +
           ",\"length\":" + std::to_string(count_characters(msg.body)) + "}";
  } else {
    boost::json::object fields = boost::json::parse(m.event.data).as_object();
    fields["seq"] = seq;
    fields["length"] = count_characters(msg.body);
    data = boost::json::serialize(fields);
  }
  insert_event(m.event, data);
  const std::int64_t event_id = db_.getLastInsertRowid();

  insert_message_.reset();
  insert_message_.bind(1, msg.conversation_id);
  insert_message_.bind(2, seq);
  insert_message_.bindNoCopy(3, kind);
  insert_message_.bind(4, msg.author_id);
  insert_message_.bindNoCopy(5, msg.client_id);
  insert_message_.bindNoCopy(6, msg.body);
  insert_message_.bind(7, msg.at);
  insert_message_.bind(8, event_id);
  insert_message_.exec();
  ledger_.remember(kind, msg.author_id, msg.client_id, {msg.conversation_id, seq}, event_id);

  MutationOutcome outcome;
  outcome.value = seq;
  outcome.conversation_id = msg.conversation_id;
  outcome.at = msg.at;
  return outcome;
}

void SqliteWriter::upsert_conversation(const ConversationRecord& c) {
  auto& s = upsert_conversation_;
  s.reset();
  s.bind(1, c.id);
  s.bind(2, c.customer_id);
  s.bind(3, c.channel);
  s.bind(4, c.status);
  s.bind(5, c.queue);
  s.bind(6, c.subject);
  bind_optional(s, 7, c.agent_id);
  bind_optional(s, 8, c.last_agent_id);
  s.bind(9, c.created_at);
  s.bind(10, c.queued_at);
  s.bind(11, c.updated_at);
  bind_optional(s, 12, c.resolved_at);
  s.bind(13, c.priority);
  s.bind(14, c.priority_by);
  s.exec();
}

void SqliteWriter::insert_event(const Event& e) {
  insert_event(e, e.data);
}

void SqliteWriter::insert_event(const Event& e, const std::string& data) {
  auto& s = insert_event_;
  s.reset();
  s.bind(1, e.at);
  s.bindNoCopy(2, e.type);
  bind_optional(s, 3, e.conversation_id);
  bind_optional(s, 4, e.customer_id);
  bind_optional(s, 5, e.agent_id);
  bind_optional(s, 6, e.channel);
  bind_optional(s, 7, e.queue);
  s.bindNoCopy(8, data);
  s.exec();
}

std::int64_t SqliteWriter::insert_customer(const CustomerRecord& c) {
  SQLite::Statement s(db_, "INSERT INTO customers(id, display_name, created_at) VALUES (?, ?, ?)");
  if (c.id != 0) {
    s.bind(1, c.id);
  } else {
    s.bind(1);
  }
  s.bind(2, c.display_name);
  s.bind(3, c.created_at);
  s.exec();
  return db_.getLastInsertRowid();
}

void SqliteWriter::insert_visitor(const VisitorRecord& v, std::int64_t last_customer_id) {
  SQLite::Statement s(db_,
                      "INSERT INTO visitors(id, token_hash, customer_id, created_at) "
                      "VALUES (?, ?, ?, ?)");
  s.bind(1, v.visitor_id);
  s.bind(2, v.token_hash);
  s.bind(3, v.customer_id != 0 ? v.customer_id : last_customer_id);
  s.bind(4, v.created_at);
  s.exec();
}

std::int64_t SqliteWriter::insert_user(const UserRecord& u) {
  SQLite::Statement s(db_,
                      "INSERT INTO users(login, display_name, role, password_hash, chat_capacity, "
                      "ticket_capacity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, u.login);
  s.bind(2, u.display_name);
  s.bind(3, std::string(to_string(u.role)));
  s.bind(4, u.password_hash);
  s.bind(5, u.chat_capacity);
  s.bind(6, u.ticket_capacity);
  s.bind(7, u.created_at);
  s.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  for (const auto& team : u.teams) {
    SQLite::Statement t(db_, "INSERT OR IGNORE INTO teams(name) VALUES (?)");
    t.bind(1, team);
    t.exec();
    SQLite::Statement link(db_,
                           "INSERT INTO user_teams(user_id, team_id) "
                           "SELECT ?, id FROM teams WHERE name = ?");
    link.bind(1, id);
    link.bind(2, team);
    link.exec();
  }
  for (const auto& [skill, level] : u.skills) {
    SQLite::Statement k(db_, "INSERT INTO user_skills(user_id, skill, level) VALUES (?, ?, ?)");
    k.bind(1, id);
    k.bind(2, skill);
    k.bind(3, level);
    k.exec();
  }
  for (const auto& language : u.languages) {
    SQLite::Statement l(db_, "INSERT INTO user_languages(user_id, language) VALUES (?, ?)");
    l.bind(1, id);
    l.bind(2, language);
    l.exec();
  }
  return id;
}

}  // namespace kefu::store
