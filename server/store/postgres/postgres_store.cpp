#include "server/store/postgres/postgres_store.hpp"

#include <boost/asio/post.hpp>
#include <iostream>

#include "server/store/postgres/pg_pipeline.hpp"
#include "server/store/postgres/postgres_group.hpp"
#include "server/store/postgres/postgres_migrations.hpp"

namespace kefu::store {
namespace asio = boost::asio;

namespace {

constexpr int kRetriesPerGroup = 5;  // serialisation failures and deadlocks, between nodes

constexpr const char* kUserColumns =
    "SELECT id, login, display_name, role, password_hash, chat_capacity, ticket_capacity, "
    "created_at FROM users ";

constexpr const char* kConversationColumns =
    "SELECT c.id, c.customer_id, c.channel, c.status, c.queue, c.subject, c.agent_id, "
    "c.last_agent_id, c.created_at, c.queued_at, c.updated_at, c.resolved_at, "
    "c.priority, c.priority_by, (SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE "
    "m.conversation_id = c.id) "
    "FROM conversations c ";

}  // namespace

PostgresStore::PostgresStore(PostgresOptions options) : options_(std::move(options)) {
  {
    PgConnection db(options_.uri);
    if (options_.migrate) migrate_postgres(db);
  }
  pipeline_ = std::make_unique<PgPipeline>(io_, options_.uri, PostgresGroup::prepared_statements());
  work_.emplace(io_.get_executor());
  thread_ = std::thread([this] { io_.run(); });
}

PostgresStore::~PostgresStore() {
  close();
}

void PostgresStore::close() {
  {
    std::unique_lock lock(mutex_);
    closing_ = true;
    drained_.wait(lock, [this] { return unfinished_ == 0; });
  }
  if (thread_.joinable()) {
    work_.reset();
    io_.stop();
    thread_.join();
    pipeline_.reset();
  }
}

void PostgresStore::refuse_writes(std::string why) {
  std::lock_guard lock(mutex_);
  if (refusal_.empty()) refusal_ = why.empty() ? "refused" : std::move(why);
}

void PostgresStore::submit(WriteBatch batch, Completion on_done) {
  std::string refusal = "store closed";
  {
    std::lock_guard lock(mutex_);
    if (!refusal_.empty()) {
      refusal = "postgresql: " + refusal_;
    } else if (!closing_) {
      jobs_.push_back(Job{std::move(batch), std::move(on_done)});
      ++unfinished_;
      if (!start_posted_ && !group_running_) {
        start_posted_ = true;
        asio::post(io_, [this] { start_group(); });
      }
      return;
    }
  }
  WriteResult refused;
  refused.error = std::move(refusal);
  on_done(std::move(refused));
}

void PostgresStore::start_group() {
  {
    std::lock_guard lock(mutex_);
    start_posted_ = false;
    if (group_running_ || jobs_.empty()) return;
    group_running_ = true;
    while (!jobs_.empty() && group_jobs_.size() < options_.max_group) {
      group_jobs_.push_back(std::move(jobs_.front()));
      jobs_.pop_front();
    }
  }
  std::vector<const WriteBatch*> batches;
  batches.reserve(group_jobs_.size());
  for (const auto& job : group_jobs_) batches.push_back(&job.batch);
  group_ = std::make_unique<PostgresGroup>(std::move(batches), options_.desk_epoch);
  retries_left_ = kRetriesPerGroup;
  group_started_ = std::chrono::steady_clock::now();
  run_group();
}

void PostgresStore::run_group() {
  if (!group_->pending()) {
    finish_group();
    return;
  }
  std::string refusal;
  {
    std::lock_guard lock(mutex_);
    refusal = refusal_;
  }
  if (!refusal.empty()) {
    WriteResult refused;
    refused.error = "postgresql: " + refusal;
    for (auto& r : group_->results()) {
      if (!r.ok && r.error.empty()) r = refused;
    }
    finish_group();
    return;
  }
  const bool roll_back_first = pipeline_->transaction_status() != PQTRANS_IDLE;
  pipeline_->run(group_->statements(roll_back_first), [this](PgPipeline::Outcome outcome) {
    const auto verdict = group_->read(outcome, retries_left_);
    if (verdict == PostgresGroup::Verdict::run_again) {
      run_group();
      return;
    }
    if (verdict == PostgresGroup::Verdict::fenced) fenced();
    finish_group();
  });
}

void PostgresStore::fenced() {
  const std::string why = "the desk's epoch " + std::to_string(options_.desk_epoch) +
                          " is not the current one: another node is the desk";
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    first = refusal_.empty();
    if (first) refusal_ = why;
  }
  if (first && options_.on_fenced) options_.on_fenced(why);
}

void PostgresStore::finish_group() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - group_started_).count();
  {
    std::lock_guard lock(latency_mutex_);
    latency_.add(seconds);
  }
  auto& results = group_->results();
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
  for (std::size_t i = 0; i < group_jobs_.size(); ++i) {
    group_jobs_[i].on_done(std::move(results[i]));
  }
  const std::size_t finished = group_jobs_.size();
  group_jobs_.clear();
  group_.reset();
  bool more = false;
  {
    std::lock_guard lock(mutex_);
    unfinished_ -= finished;
    group_running_ = false;
    more = !jobs_.empty() && !start_posted_;
    if (more) start_posted_ = true;
  }
  drained_.notify_all();
  if (more) start_group();
}

CommitLatency PostgresStore::commit_latency() const {
  std::lock_guard lock(latency_mutex_);
  return latency_;
}

PostgresStore::Reader::Reader(PostgresStore& store) : store_(store) {
  {
    std::lock_guard lock(store_.readers_mutex_);
    if (!store_.idle_readers_.empty()) {
      connection_ = std::move(store_.idle_readers_.back());
      store_.idle_readers_.pop_back();
      return;
    }
  }
  connection_ = std::make_unique<PgConnection>(store_.options_.uri);
}

PgResult PostgresStore::Reader::exec(const std::string& sql, const std::vector<PgParam>& params) {
  try {
    return connection_->exec(sql, params);
  } catch (const std::exception&) {
    if (connection_->healthy()) throw;
  }
  connection_ = std::make_unique<PgConnection>(store_.options_.uri);
  return connection_->exec(sql, params);
}

PostgresStore::Reader::~Reader() {
  if (!connection_->healthy()) return;  // a broken connection is dropped, the next read reconnects
  std::lock_guard lock(store_.readers_mutex_);
  store_.idle_readers_.push_back(std::move(connection_));
}

std::optional<UserRecord> PostgresStore::read_user(Reader& db, const PgResult& row) {
  if (row.rows() == 0) return std::nullopt;
  UserRecord u;
  u.id = row.int64(0, 0);
  u.login = row.text(0, 1);
  u.display_name = row.text(0, 2);
  u.role = parse_role(row.text(0, 3)).value_or(Role::agent);
  u.password_hash = row.text(0, 4);
  u.chat_capacity = static_cast<int>(row.int64(0, 5));
  u.ticket_capacity = static_cast<int>(row.int64(0, 6));
  u.created_at = row.int64(0, 7);
  const std::vector<PgParam> id{std::to_string(u.id)};
  const auto teams = db.exec(
      "SELECT t.name FROM teams t JOIN user_teams ut ON ut.team_id = t.id "
      "WHERE ut.user_id = $1 ORDER BY t.name",
      id);
  for (int i = 0; i < teams.rows(); ++i) u.teams.push_back(teams.text(i, 0));
  const auto skills = db.exec("SELECT skill, level FROM user_skills WHERE user_id = $1", id);
  for (int i = 0; i < skills.rows(); ++i) {
    u.skills.emplace_back(skills.text(i, 0), static_cast<int>(skills.int64(i, 1)));
  }
  const auto languages = db.exec("SELECT language FROM user_languages WHERE user_id = $1", id);
  for (int i = 0; i < languages.rows(); ++i) u.languages.push_back(languages.text(i, 0));
  return u;
}

std::optional<UserRecord> PostgresStore::find_user_by_login(const std::string& login) {
  Reader db(*this);
  return read_user(db, db.exec(std::string(kUserColumns) + "WHERE login = $1", {login}));
}

std::optional<UserRecord> PostgresStore::find_user(std::int64_t id) {
  Reader db(*this);
  return read_user(db, db.exec(std::string(kUserColumns) + "WHERE id = $1", {std::to_string(id)}));
}

std::optional<StaffSessionRecord> PostgresStore::find_staff_session(const std::string& token_hash) {
  Reader db(*this);
  const auto s = db.exec(
      "SELECT token_hash, user_id, created_at, expires_at, revoked_at "
      "FROM staff_sessions WHERE token_hash = $1",
      {token_hash});
  if (s.rows() == 0) return std::nullopt;
  StaffSessionRecord r;
  r.token_hash = s.text(0, 0);
  r.user_id = s.int64(0, 1);
  r.created_at = s.int64(0, 2);
  r.expires_at = s.int64(0, 3);
  r.revoked_at = s.optional_int64(0, 4);
  return r;
}

std::optional<VisitorRecord> PostgresStore::find_visitor(const std::string& token_hash) {
  Reader db(*this);
  const auto s =
      db.exec("SELECT id, token_hash, customer_id, created_at FROM visitors WHERE token_hash = $1",
              {token_hash});
  if (s.rows() == 0) return std::nullopt;
  VisitorRecord r;
  r.visitor_id = s.text(0, 0);
  r.token_hash = s.text(0, 1);
  r.customer_id = s.int64(0, 2);
  r.created_at = s.int64(0, 3);
  return r;
}

std::optional<CustomerRecord> PostgresStore::find_customer(std::int64_t id) {
  Reader db(*this);
  const auto s = db.exec("SELECT id, display_name, created_at FROM customers WHERE id = $1",
                         {std::to_string(id)});
  if (s.rows() == 0) return std::nullopt;
  return CustomerRecord{s.int64(0, 0), s.text(0, 1), s.int64(0, 2)};
}

std::vector<ConversationRecord> PostgresStore::read_conversations(const PgResult& s) {
  std::vector<ConversationRecord> out;
  out.reserve(static_cast<std::size_t>(s.rows()));
  for (int i = 0; i < s.rows(); ++i) {
    ConversationRecord c;
    c.id = s.int64(i, 0);
    c.customer_id = s.int64(i, 1);
    c.channel = s.text(i, 2);
    c.status = s.text(i, 3);
    c.queue = s.text(i, 4);
    c.subject = s.text(i, 5);
    c.agent_id = s.optional_int64(i, 6);
    c.last_agent_id = s.optional_int64(i, 7);
    c.created_at = s.int64(i, 8);
    c.queued_at = s.int64(i, 9);
    c.updated_at = s.int64(i, 10);
    c.resolved_at = s.optional_int64(i, 11);
    c.priority = s.text(i, 12);
    c.priority_by = s.text(i, 13);
    c.last_seq = s.int64(i, 14);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<ConversationRecord> PostgresStore::load_open_conversations() {
  Reader db(*this);
  return read_conversations(db.exec(std::string(kConversationColumns) +
                                    "WHERE status IN ('queued', 'assigned', 'resolved') "
                                    "ORDER BY queued_at, id"));
}

std::vector<ConversationRecord> PostgresStore::recent_conversations_of_customer(
    std::int64_t customer_id, int limit) {
  Reader db(*this);
  return read_conversations(db.exec(
      std::string(kConversationColumns) + "WHERE c.customer_id = $1 ORDER BY c.id DESC LIMIT $2",
      {std::to_string(customer_id), std::to_string(limit)}));
}

std::optional<ConversationRecord> PostgresStore::find_conversation(std::int64_t id) {
  Reader db(*this);
  auto found = read_conversations(
      db.exec(std::string(kConversationColumns) + "WHERE c.id = $1", {std::to_string(id)}));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::int64_t PostgresStore::max_conversation_id() {
  Reader db(*this);
  return db.exec("SELECT COALESCE(MAX(id), 0) FROM conversations").int64(0, 0);
}

std::vector<MessageRecord> PostgresStore::read_messages(std::int64_t conversation_id,
                                                        std::int64_t after_seq,
                                                        std::int64_t up_to_seq, int limit) {
  Reader db(*this);
  const auto s = db.exec(
      "SELECT seq, author_kind, author_id, client_id, body, created_at FROM messages "
      "WHERE conversation_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4",
      {std::to_string(conversation_id), std::to_string(after_seq), std::to_string(up_to_seq),
       std::to_string(limit)});
  std::vector<MessageRecord> out;
  out.reserve(static_cast<std::size_t>(s.rows()));
  for (int i = 0; i < s.rows(); ++i) {
    MessageRecord m;
    m.conversation_id = conversation_id;
    m.seq = s.int64(i, 0);
    m.author_kind = parse_author_kind(s.text(i, 1));
    m.author_id = s.int64(i, 2);
    m.client_id = s.text(i, 3);
    m.body = s.text(i, 4);
    m.at = s.int64(i, 5);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace kefu::store
