#include "server/store/postgres/postgres_group.hpp"

#include <boost/json.hpp>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <type_traits>

#include "server/store/message_events.hpp"

namespace kefu::store {
namespace {

constexpr std::size_t kNoBatch = std::numeric_limits<std::size_t>::max();

// kefu_desk_fence's SQLSTATE: the epoch given is not the desk's current one.
constexpr const char* kStaleDesk = "KFD01";

PgParam number(std::int64_t n) {
  return std::to_string(n);
}

PgParam optional_number(const std::optional<std::int64_t>& n) {
  return n ? number(*n) : std::nullopt;
}

PgParam optional_text(const std::optional<std::string>& s) {
  return s ? PgParam(*s) : std::nullopt;
}

// Characters (code points) in valid UTF-8: every byte that does not continue a sequence.
std::int64_t count_characters(const std::string& text) {
  std::int64_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// A message event's data as the text before and after its seq (known only to the server),
// written exactly as SqliteWriter writes it: the given fields with "seq" and "length" set.
std::pair<std::string, std::string> data_around_seq(const std::string& data, std::int64_t length) {
  const std::string tail = ",\"length\":" + std::to_string(length) + "}";
  if (data.empty() || data == "{}") return {"{\"seq\":", tail};
  constexpr std::int64_t kMark = std::numeric_limits<std::int64_t>::max();
  boost::json::object fields = boost::json::parse(data).as_object();
  fields["seq"] = kMark;
  fields["length"] = length;
  const std::string text = boost::json::serialize(fields);
  const std::string key = "\"seq\":" + std::to_string(kMark);
  const auto at = text.find(key);
  return {text.substr(0, at + 6), text.substr(at + key.size())};
}

// True when a parameter of out[first...] holds a NUL byte.
bool holds_nul(const std::vector<PgStatement>& out, std::size_t first) {
  for (std::size_t i = first; i < out.size(); ++i) {
    for (const auto& p : out[i].params) {
      if (p && p->find('\0') != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> PostgresGroup::prepared_statements() {
  return {
      {"append_message",
       "SELECT out_seq, out_conversation_id, out_at, out_duplicate FROM kefu_append_message("
       "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"},
      {"upsert_conversation",
       "INSERT INTO conversations(id, customer_id, channel, status, queue, subject, agent_id, "
       "last_agent_id, created_at, queued_at, updated_at, resolved_at, priority, priority_by) "
       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
       "ON CONFLICT (id) DO UPDATE SET "
       "status = excluded.status, queue = excluded.queue, subject = excluded.subject, "
       "agent_id = excluded.agent_id, last_agent_id = excluded.last_agent_id, "
       "queued_at = excluded.queued_at, updated_at = excluded.updated_at, "
       "resolved_at = excluded.resolved_at, priority = excluded.priority, "
       "priority_by = excluded.priority_by"},
      {"insert_event",
       "INSERT INTO events(at, type, conversation_id, customer_id, agent_id, channel, queue, "
       "data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
      // An explicit id moves the sequence past it, as SQLite's rowid would.
      {"insert_customer",
       "WITH c AS (INSERT INTO customers(id, display_name, created_at) "
       "VALUES (COALESCE($1::bigint, nextval('customers_id_seq')), $2, $3) RETURNING id) "
       "SELECT id, set_config('kefu.last_customer_id', id::text, true), "
       "CASE WHEN $1::bigint IS NULL THEN NULL ELSE setval('customers_id_seq', "
       "GREATEST($1::bigint, (SELECT last_value FROM customers_id_seq))) END FROM c"},
      {"insert_visitor",
       "INSERT INTO visitors(id, token_hash, customer_id, created_at) VALUES ($1, $2, "
       "COALESCE($3::bigint, current_setting('kefu.last_customer_id')::bigint), $4)"},
      {"insert_staff_session",
       "INSERT INTO staff_sessions(token_hash, user_id, created_at, expires_at) "
       "VALUES ($1, $2, $3, $4)"},
      {"revoke_staff_session",
       "UPDATE staff_sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL"},
      {"insert_user",
       "INSERT INTO users(login, display_name, role, password_hash, chat_capacity, "
       "ticket_capacity, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"},
      {"insert_team", "INSERT INTO teams(name) VALUES ($1) ON CONFLICT DO NOTHING"},
      {"link_team",
       "INSERT INTO user_teams(user_id, team_id) "
       "SELECT currval('users_id_seq'), id FROM teams WHERE name = $1"},
      {"insert_user_skill",
       "INSERT INTO user_skills(user_id, skill, level) VALUES (currval('users_id_seq'), $1, $2)"},
      {"insert_user_language",
       "INSERT INTO user_languages(user_id, language) VALUES (currval('users_id_seq'), $1)"},
      {"probe",
       "INSERT INTO meta(key, value) VALUES ('health_probe', '1') "
       "ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text"},
  };
}

PostgresGroup::PostgresGroup(std::vector<const WriteBatch*> batches, std::int64_t desk_epoch)
    : batches_(std::move(batches)),
      desk_epoch_(desk_epoch),
      results_(batches_.size()),
      done_(batches_.size(), false) {
  for (std::size_t b = 0; b < batches_.size(); ++b) {
    for (const auto& m : batches_[b]->mutations) {
      const auto* message = std::get_if<AppendMessage>(&m);
      if (message == nullptr) continue;
      std::string error;
      if (!is_message_event(message->event.type)) {
        error = "a message's event cannot be '" + message->event.type + "'";
      } else {
        try {
          (void)data_around_seq(message->event.data, 0);
        } catch (const std::exception& e) {
          error = std::string("a message's event data: ") + e.what();
        }
      }
      if (!error.empty()) {
        results_[b].error = error;
        done_[b] = true;
        break;
      }
    }
  }
}

bool PostgresGroup::pending() const {
  for (bool d : done_) {
    if (!d) return true;
  }
  return false;
}

void PostgresGroup::add(std::vector<PgStatement>& out, std::size_t batch, std::size_t mutation,
                        Reads reads, const char* name, std::vector<PgParam> params) {
  out.push_back(PgStatement{name, {}, std::move(params)});
  origins_.push_back(Origin{batch, mutation, reads});
}

std::vector<PgStatement> PostgresGroup::statements(bool roll_back_first) {
  std::vector<PgStatement> out;
  origins_.clear();
  if (roll_back_first) {
    out.push_back(PgStatement{{}, "ROLLBACK", {}});
    origins_.push_back(Origin{kNoBatch, 0, Reads::nothing});
  }
  out.push_back(PgStatement{{}, "BEGIN", {}});
  origins_.push_back(Origin{kNoBatch, 0, Reads::nothing});
  if (desk_epoch_ != 0) {
    // First in the transaction: it holds the lease row FOR SHARE until COMMIT, so a new desk's
    // epoch bump waits for this group, and every later group of this epoch fails here.
    out.push_back(PgStatement{{}, "SELECT kefu_desk_fence($1)", {number(desk_epoch_)}});
    origins_.push_back(Origin{kNoBatch, 0, Reads::nothing});
  }
  for (std::size_t b = 0; b < batches_.size(); ++b) {
    if (done_[b]) continue;
    const auto& mutations = batches_[b]->mutations;
    results_[b].outcomes.assign(mutations.size(), MutationOutcome{});
    const std::size_t first = out.size();
    bool customer_before = false;
    for (std::size_t i = 0; i < mutations.size(); ++i) {
      add_mutation(out, b, i, mutations[i], customer_before);
      customer_before = customer_before || std::holds_alternative<InsertCustomer>(mutations[i]);
    }
    if (holds_nul(out, first)) {
      // PostgreSQL's text cannot hold U+0000 and libpq would cut the value there: the batch
      // fails rather than store less than it was given.
      out.resize(first);
      origins_.resize(first);
      results_[b] = WriteResult{};
      results_[b].error = "postgresql: text holding a NUL character cannot be stored";
      done_[b] = true;
    }
  }
  out.push_back(PgStatement{{}, "COMMIT", {}});
  origins_.push_back(Origin{kNoBatch, 0, Reads::nothing});
  return out;
}

void PostgresGroup::add_mutation(std::vector<PgStatement>& out, std::size_t b, std::size_t i,
                                 const Mutation& mutation, bool customer_before) {
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, AppendMessage>) {
          const auto& msg = m.message;
          const auto& e = m.event;
          auto [before, after] = data_around_seq(e.data, count_characters(msg.body));
          add(out, b, i, Reads::message, "append_message",
              {number(msg.conversation_id), std::string(to_string(msg.author_kind)),
               number(msg.author_id), msg.client_id, msg.body, number(msg.at), number(e.at), e.type,
               optional_number(e.conversation_id), optional_number(e.customer_id),
               optional_number(e.agent_id), optional_text(e.channel), optional_text(e.queue),
               std::move(before), std::move(after)});
        } else if constexpr (std::is_same_v<T, UpsertConversation>) {
          const auto& c = m.conversation;
          results_[b].outcomes[i].conversation_id = c.id;
          add(out, b, i, Reads::nothing, "upsert_conversation",
              {number(c.id), number(c.customer_id), c.channel, c.status, c.queue, c.subject,
               optional_number(c.agent_id), optional_number(c.last_agent_id), number(c.created_at),
               number(c.queued_at), number(c.updated_at), optional_number(c.resolved_at),
               c.priority, c.priority_by});
        } else if constexpr (std::is_same_v<T, AppendEvent>) {
          const auto& e = m.event;
          add(out, b, i, Reads::nothing, "insert_event",
              {number(e.at), e.type, optional_number(e.conversation_id),
               optional_number(e.customer_id), optional_number(e.agent_id),
               optional_text(e.channel), optional_text(e.queue), e.data});
        } else if constexpr (std::is_same_v<T, InsertCustomer>) {
          const auto& c = m.customer;
          add(out, b, i, Reads::value, "insert_customer",
              {c.id != 0 ? number(c.id) : std::nullopt, c.display_name, number(c.created_at)});
        } else if constexpr (std::is_same_v<T, InsertVisitor>) {
          const auto& v = m.visitor;
          // customer_id 0: the customer created earlier in the batch (none: 0, which fails).
          PgParam customer =
              v.customer_id != 0 || !customer_before ? number(v.customer_id) : std::nullopt;
          add(out, b, i, Reads::nothing, "insert_visitor",
              {v.visitor_id, v.token_hash, std::move(customer), number(v.created_at)});
        } else if constexpr (std::is_same_v<T, InsertStaffSession>) {
          const auto& s = m.session;
          add(out, b, i, Reads::nothing, "insert_staff_session",
              {s.token_hash, number(s.user_id), number(s.created_at), number(s.expires_at)});
        } else if constexpr (std::is_same_v<T, RevokeStaffSession>) {
          add(out, b, i, Reads::nothing, "revoke_staff_session", {number(m.at), m.token_hash});
        } else if constexpr (std::is_same_v<T, InsertUser>) {
          const auto& u = m.user;
          add(out, b, i, Reads::value, "insert_user",
              {u.login, u.display_name, std::string(to_string(u.role)), u.password_hash,
               number(u.chat_capacity), number(u.ticket_capacity), number(u.created_at)});
          for (const auto& team : u.teams) {
            add(out, b, i, Reads::nothing, "insert_team", {team});
            add(out, b, i, Reads::nothing, "link_team", {team});
          }
          for (const auto& [skill, level] : u.skills) {
            add(out, b, i, Reads::nothing, "insert_user_skill", {skill, number(level)});
          }
          for (const auto& language : u.languages) {
            add(out, b, i, Reads::nothing, "insert_user_language", {language});
          }
        } else if constexpr (std::is_same_v<T, Probe>) {
          add(out, b, i, Reads::nothing, "probe", {});
        }
      },
      mutation);
}

void PostgresGroup::fail_pending(const std::string& error) {
  for (std::size_t b = 0; b < batches_.size(); ++b) {
    if (done_[b]) continue;
    results_[b] = WriteResult{};
    results_[b].error = error;
    done_[b] = true;
  }
}

PostgresGroup::Verdict PostgresGroup::read(const PgPipeline::Outcome& outcome, int& retries_left) {
  if (!outcome.broken.empty()) {
    fail_pending("postgresql: " + outcome.broken);
    return Verdict::broken;
  }
  const auto& results = outcome.results;
  if (results.size() != origins_.size()) {
    fail_pending("postgresql: " + std::to_string(results.size()) + " results for " +
                 std::to_string(origins_.size()) + " statements");
    return Verdict::finished;
  }
  for (std::size_t s = 0; s < results.size(); ++s) {
    const PgResult& r = results[s];
    if (r.ok() || r.status() == PGRES_PIPELINE_ABORTED) continue;
    const Origin& origin = origins_[s];
    if (r.sqlstate().rfind("40", 0) == 0 && retries_left > 0) {
      --retries_left;  // a serialisation failure or deadlock: the same group again
      return Verdict::run_again;
    }
    if (origin.batch == kNoBatch) {
      fail_pending("postgresql: " + r.error());
      return r.sqlstate() == kStaleDesk ? Verdict::fenced : Verdict::finished;
    }
    results_[origin.batch] = WriteResult{};
    results_[origin.batch].error = "postgresql: " + r.error();
    done_[origin.batch] = true;
    return pending() ? Verdict::run_again : Verdict::finished;
  }
  for (std::size_t s = 0; s < results.size(); ++s) {
    const Origin& origin = origins_[s];
    if (origin.batch == kNoBatch || origin.reads == Reads::nothing) continue;
    const PgResult& r = results[s];
    MutationOutcome& out = results_[origin.batch].outcomes[origin.mutation];
    if (origin.reads == Reads::value) {
      out.value = r.int64(0, 0);
    } else {
      out.value = r.int64(0, 0);
      out.conversation_id = r.int64(0, 1);
      out.at = r.optional_int64(0, 2).value_or(0);
      out.duplicate = r.boolean(0, 3);
    }
  }
  for (std::size_t b = 0; b < batches_.size(); ++b) {
    if (done_[b]) continue;
    results_[b].ok = true;
    done_[b] = true;
  }
  return Verdict::finished;
}

}  // namespace kefu::store
