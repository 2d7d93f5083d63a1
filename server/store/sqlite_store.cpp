#include "server/store/sqlite_store.hpp"

#include <SQLiteCpp/Statement.h>

#include <cctype>
#include <chrono>
#include <iostream>
#include <stdexcept>

#include "server/store/migrations.hpp"
#include "server/store/sqlite_writer.hpp"
#include "server/store/wal_checkpointer.hpp"

namespace kefu::store {
namespace {

std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

constexpr const char* kConversationColumns =
    "SELECT c.id, c.customer_id, c.channel, c.status, c.queue, c.subject, c.agent_id, "
    "c.last_agent_id, c.created_at, c.queued_at, c.updated_at, c.resolved_at, "
    "c.priority, c.priority_by, (SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE "
    "m.conversation_id = c.id) "
    "FROM conversations c ";

// The level in capitals, or an error for anything SQLite's PRAGMA would not take as a level:
// the value is spliced into PRAGMA statements, and the writer picks its VFS by it.
std::string synchronous_level(const std::string& level) {
  std::string upper;
  for (char c : level) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper != "OFF" && upper != "NORMAL" && upper != "FULL" && upper != "EXTRA") {
    throw std::invalid_argument("synchronous must be OFF, NORMAL, FULL or EXTRA, not '" + level +
                                "'");
  }
  return upper;
}

}  // namespace

SqliteStore::SqliteStore(SqliteOptions options) : options_(std::move(options)) {
  options_.synchronous = synchronous_level(options_.synchronous);
  {
    SQLite::Database db(options_.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.setBusyTimeout(5000);
    db.exec("PRAGMA journal_mode = WAL");
    if (options_.migrate) {
      migrate(db);
      if (options_.also_migrate) options_.also_migrate(db);
    }
  }
  checkpointer_ = std::make_unique<WalCheckpointer>(options_.path, options_.synchronous,
                                                    options_.checkpoint_pages);
  writer_ = std::make_unique<SqliteWriter>(options_.path, options_.synchronous);
  checkpointer_->watch(writer_->database().getHandle());
  writer_thread_ = std::thread([this] { run_writer(); });
}

SqliteStore::~SqliteStore() {
  close();
}

void SqliteStore::close() {
  {
    std::lock_guard lock(mutex_);
    if (closing_ && !writer_thread_.joinable()) return;
    closing_ = true;
  }
  wake_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  checkpointer_->stop();
}

void SqliteStore::submit(WriteBatch batch, Completion on_done) {
  {
    std::lock_guard lock(mutex_);
    if (!closing_) {
      jobs_.push_back(Job{std::move(batch), std::move(on_done)});
      wake_.notify_one();
      return;
    }
  }
  WriteResult refused;
  refused.error = "store closed";
  on_done(std::move(refused));
}

void SqliteStore::run_writer() {
  std::vector<Job> group;
  std::vector<WriteBatch*> batches;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
      if (jobs_.empty() && closing_) return;
      while (!jobs_.empty() && group.size() < options_.max_group) {
        group.push_back(std::move(jobs_.front()));
        jobs_.pop_front();
      }
    }
    batches.clear();
    for (auto& job : group) batches.push_back(&job.batch);
    const auto start = std::chrono::steady_clock::now();
    auto results = writer_->commit_group(batches);
    {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::lock_guard lock(latency_mutex_);
      latency_.add(seconds);
    }
    bool any_ok = false;
    bool all_failed = true;
    for (const auto& r : results) {
      any_ok = any_ok || r.ok;
      all_failed = all_failed && !r.ok;
    }
    for (const auto& r : results) {
      if (!r.ok) {
        std::cerr << "kefu: store: a write failed: " << r.error << "\n";
        break;
      }
    }
    if (any_ok) writable_ = true;
    if (all_failed) writable_ = false;
    for (std::size_t i = 0; i < group.size(); ++i) group[i].on_done(std::move(results[i]));
    group.clear();
  }
}

CommitLatency SqliteStore::commit_latency() const {
  std::lock_guard lock(latency_mutex_);
  return latency_;
}

SqliteStore::Reader::Reader(SqliteStore& store) : store_(store) {
  {
    std::lock_guard lock(store_.readers_mutex_);
    if (!store_.idle_readers_.empty()) {
      db_ = std::move(store_.idle_readers_.back());
      store_.idle_readers_.pop_back();
      return;
    }
  }
  db_ = std::make_unique<SQLite::Database>(store_.options_.path,
                                           SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
  db_->setBusyTimeout(5000);
}

SqliteStore::Reader::~Reader() {
  std::lock_guard lock(store_.readers_mutex_);
  store_.idle_readers_.push_back(std::move(db_));
}

std::optional<UserRecord> SqliteStore::read_user(SQLite::Database& db, SQLite::Statement& row) {
  if (!row.executeStep()) return std::nullopt;
  UserRecord u;
  u.id = row.getColumn(0).getInt64();
  u.login = row.getColumn(1).getString();
  u.display_name = row.getColumn(2).getString();
  u.role = parse_role(row.getColumn(3).getString()).value_or(Role::agent);
  u.password_hash = row.getColumn(4).getString();
  u.chat_capacity = row.getColumn(5).getInt();
  u.ticket_capacity = row.getColumn(6).getInt();
  u.created_at = row.getColumn(7).getInt64();
  SQLite::Statement teams(db,
                          "SELECT t.name FROM teams t JOIN user_teams ut ON ut.team_id = t.id "
                          "WHERE ut.user_id = ? ORDER BY t.name");
  teams.bind(1, u.id);
  while (teams.executeStep()) u.teams.push_back(teams.getColumn(0).getString());
  SQLite::Statement skills(db, "SELECT skill, level FROM user_skills WHERE user_id = ?");
  skills.bind(1, u.id);
  while (skills.executeStep()) {
    u.skills.emplace_back(skills.getColumn(0).getString(), skills.getColumn(1).getInt());
  }
  SQLite::Statement languages(db, "SELECT language FROM user_languages WHERE user_id = ?");
  languages.bind(1, u.id);
  while (languages.executeStep()) u.languages.push_back(languages.getColumn(0).getString());
  return u;
}

std::optional<UserRecord> SqliteStore::find_user_by_login(const std::string& login) {
  Reader db(*this);
  SQLite::Statement s(*db,
                      "SELECT id, login, display_name, role, password_hash, chat_capacity, "
                      "ticket_capacity, created_at FROM users WHERE login = ?");
  s.bind(1, login);
  return read_user(*db, s);
}

std::optional<UserRecord> SqliteStore::find_user(std::int64_t id) {
  Reader db(*this);
  SQLite::Statement s(*db,
                      "SELECT id, login, display_name, role, password_hash, chat_capacity, "
                      "ticket_capacity, created_at FROM users WHERE id = ?");
  s.bind(1, id);
  return read_user(*db, s);
}

std::optional<StaffSessionRecord> SqliteStore::find_staff_session(const std::string& token_hash) {
  Reader db(*this);
  SQLite::Statement s(*db,
                      "SELECT token_hash, user_id, created_at, expires_at, revoked_at "
                      "FROM staff_sessions WHERE token_hash = ?");
  s.bind(1, token_hash);
  if (!s.executeStep()) return std::nullopt;
  StaffSessionRecord r;
  r.token_hash = s.getColumn(0).getString();
  r.user_id = s.getColumn(1).getInt64();
  r.created_at = s.getColumn(2).getInt64();
  r.expires_at = s.getColumn(3).getInt64();
  r.revoked_at = optional_int(s.getColumn(4));
  return r;
}

std::optional<VisitorRecord> SqliteStore::find_visitor(const std::string& token_hash) {
  Reader db(*this);
  SQLite::Statement s(*db,
                      "SELECT id, token_hash, customer_id, created_at FROM visitors "
                      "WHERE token_hash = ?");
  s.bind(1, token_hash);
  if (!s.executeStep()) return std::nullopt;
  VisitorRecord r;
  r.visitor_id = s.getColumn(0).getString();
  r.token_hash = s.getColumn(1).getString();
  r.customer_id = s.getColumn(2).getInt64();
  r.created_at = s.getColumn(3).getInt64();
  return r;
}

std::optional<CustomerRecord> SqliteStore::find_customer(std::int64_t id) {
  Reader db(*this);
  SQLite::Statement s(*db, "SELECT id, display_name, created_at FROM customers WHERE id = ?");
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return CustomerRecord{s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                        s.getColumn(2).getInt64()};
}

std::vector<ConversationRecord> SqliteStore::read_conversations(SQLite::Statement& s) {
  std::vector<ConversationRecord> out;
  while (s.executeStep()) {
    ConversationRecord c;
    c.id = s.getColumn(0).getInt64();
    c.customer_id = s.getColumn(1).getInt64();
    c.channel = s.getColumn(2).getString();
    c.status = s.getColumn(3).getString();
    c.queue = s.getColumn(4).getString();
    c.subject = s.getColumn(5).getString();
    c.agent_id = optional_int(s.getColumn(6));
    c.last_agent_id = optional_int(s.getColumn(7));
    c.created_at = s.getColumn(8).getInt64();
    c.queued_at = s.getColumn(9).getInt64();
    c.updated_at = s.getColumn(10).getInt64();
    c.resolved_at = optional_int(s.getColumn(11));
    c.priority = s.getColumn(12).getString();
    c.priority_by = s.getColumn(13).getString();
    c.last_seq = s.getColumn(14).getInt64();
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<ConversationRecord> SqliteStore::load_open_conversations() {
  Reader db(*this);
  SQLite::Statement s(*db, std::string(kConversationColumns) +
                               "WHERE c.status IN ('queued', 'assigned', 'resolved') "
                               "ORDER BY c.queued_at, c.id");
  return read_conversations(s);
}

std::vector<ConversationRecord> SqliteStore::recent_conversations_of_customer(
    std::int64_t customer_id, int limit) {
  Reader db(*this);
  SQLite::Statement s(*db, std::string(kConversationColumns) +
                               "WHERE c.customer_id = ? ORDER BY c.id DESC LIMIT ?");
  s.bind(1, customer_id);
  s.bind(2, limit);
  return read_conversations(s);
}

std::optional<ConversationRecord> SqliteStore::find_conversation(std::int64_t id) {
  Reader db(*this);
  SQLite::Statement s(*db, std::string(kConversationColumns) + "WHERE c.id = ?");
  s.bind(1, id);
  auto found = read_conversations(s);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::int64_t SqliteStore::max_conversation_id() {
  Reader db(*this);
  return db->execAndGet("SELECT COALESCE(MAX(id), 0) FROM conversations").getInt64();
}

std::vector<MessageRecord> SqliteStore::read_messages(std::int64_t conversation_id,
                                                      std::int64_t after_seq,
                                                      std::int64_t up_to_seq, int limit) {
  Reader db(*this);
  SQLite::Statement s(*db,
                      "SELECT seq, author_kind, author_id, client_id, body, created_at "
                      "FROM messages WHERE conversation_id = ? AND seq > ? AND seq <= ? "
                      "ORDER BY seq LIMIT ?");
  s.bind(1, conversation_id);
  s.bind(2, after_seq);
  s.bind(3, up_to_seq);
  s.bind(4, limit);
  std::vector<MessageRecord> out;
  while (s.executeStep()) {
    MessageRecord m;
    m.conversation_id = conversation_id;
    m.seq = s.getColumn(0).getInt64();
    m.author_kind = parse_author_kind(s.getColumn(1).getString());
    m.author_id = s.getColumn(2).getInt64();
    m.client_id = s.getColumn(3).getString();
    m.body = s.getColumn(4).getString();
    m.at = s.getColumn(5).getInt64();
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace kefu::store
