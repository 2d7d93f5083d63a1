#include "server/back_office/quality_desk.hpp"

#include <boost/json.hpp>
#include <vector>

#include "server/metrics/event_row.hpp"
#include "server/metrics/quality_input_builder.hpp"
#include "server/metrics/quality_store.hpp"
#include "server/metrics/schema.hpp"
#include "server/metrics/survey_store.hpp"
#include "server/metrics/utf8.hpp"
#include "server/store/message_events.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu {
namespace json = boost::json;

namespace {

// How many customer messages are asked whether the KB answers them confidently.
constexpr int kKbChecks = 3;
constexpr int kTranscriptLimit = 2000;

std::size_t count_characters(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// What the quality work needs of a conversation row.
struct ConversationFacts {
  std::int64_t customer_id = 0;
  std::string status;
  std::string channel;
  std::string queue;
  std::optional<std::int64_t> agent_id;  // agent_id, else last_agent_id
  std::optional<std::int64_t> resolved_at;
  std::int64_t created_at = 0;
};

std::optional<ConversationFacts> find_conversation(sql::Connection& db, std::int64_t id) {
  sql::Statement s(db,
                   "SELECT customer_id, status, channel, queue, COALESCE(agent_id, last_agent_id),"
                   " resolved_at, created_at FROM conversations WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  ConversationFacts c;
  c.customer_id = s.column(0).int64();
  c.status = s.column(1).text();
  c.channel = s.column(2).text();
  c.queue = s.column(3).text();
  if (!s.column(4).is_null()) c.agent_id = s.column(4).int64();
  if (!s.column(5).is_null()) c.resolved_at = s.column(5).int64();
  c.created_at = s.column(6).int64();
  return c;
}

// True when the customer's personal data was erased (DELETE /api/customers/{id}): nothing of
// theirs is stored again. False on a database without the customers library's columns.
bool customer_erased(sql::Connection& db, std::int64_t customer_id) {
  if (!db.has_column("customers", "erased_at")) return false;
  sql::Statement erased(db, "SELECT 1 FROM customers WHERE id = ? AND erased_at IS NOT NULL");
  erased.bind(1, customer_id);
  return erased.step();
}

bool is_resolved(const ConversationFacts& c) {
  return c.status == "resolved" || c.status == "closed";
}

std::string user_name(sql::Connection& db, std::int64_t id) {
  sql::Statement s(db, "SELECT display_name FROM users WHERE id = ?");
  s.bind(1, id);
  return s.step() ? s.column(0).text() : std::string();
}

json::value optional_value(const sql::Column& column) {
  if (column.is_null()) return nullptr;
  if (column.is_integer()) return column.int64();
  return column.real();
}

std::vector<Event> conversation_events(sql::Connection& db, std::int64_t id) {
  // The log's index by conversation leaves out message events (migrations.cpp, step 3):
  // those are reached through their messages.
  sql::Statement s(
      db,
      std::string("SELECT ") + metrics::kEventRowColumns +
          " FROM (SELECT * FROM events WHERE conversation_id = ?1 AND " +
          store::sql_not_message_event() +
          " UNION ALL SELECT e.* FROM messages m JOIN events e"
          " ON e.id = m.event_id WHERE m.conversation_id = ?1) AS conversation_log ORDER BY id");
  s.bind(1, id);
  std::vector<Event> out;
  while (s.step()) {
    metrics::read_event_row(s, out.emplace_back());
  }
  return out;
}

}  // namespace

QualityDesk::QualityDesk(sql::Connection& db, ConfidentAnswer confident)
    : db_(db), confident_(std::move(confident)) {
  metrics::create_schema(db_);
  settings_ = metrics::load_quality_settings(db_);
}

void QualityDesk::replace_settings(const json::value& settings) {
  metrics::QualitySettings parsed;
  try {
    parsed = metrics::QualitySettings::from_json(settings);
  } catch (const std::invalid_argument& refused) {
    throw QualityRefused("bad_field", refused.what());
  }
  metrics::save_quality_settings(db_, parsed);
  settings_ = std::move(parsed);
}

void QualityDesk::reload_settings() {
  settings_ = metrics::load_quality_settings(db_);
}

void QualityDesk::append_event(std::int64_t at, const std::string& type,
                               std::int64_t conversation_id,
                               std::optional<std::int64_t> customer_id, std::int64_t agent_id,
                               const std::string& data) {
  auto c = find_conversation(db_, conversation_id);
  sql::Statement insert(db_,
                        "INSERT INTO events(at, type, conversation_id, customer_id, agent_id,"
                        " channel, queue, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, at);
  insert.bind(2, type);
  insert.bind(3, conversation_id);
  if (customer_id) insert.bind(4, *customer_id);
  insert.bind(5, agent_id);
  if (c) {
    insert.bind(6, c->channel);
    insert.bind(7, c->queue);
  }
  insert.bind(8, data);
  insert.exec();
}

SurveyReceipt QualityDesk::submit_survey(std::int64_t customer_id, std::int64_t conversation_id,
                                         int rating, const std::string& comment,
                                         const std::string& client_id, std::int64_t now) {
  if (rating < 1 || rating > 5) throw QualityRefused("bad_field", "'rating' must be 1 to 5");
  if (count_characters(comment) > kMaxSurveyCommentChars ||
      comment.size() > metrics::SurveyStore::kMaxCommentBytes) {
    throw QualityRefused("too_long", "'comment' is over 500 characters");
  }
  if (!metrics::is_valid_utf8(comment)) throw QualityRefused("bad_field", "'comment' is not UTF-8");
  auto c = find_conversation(db_, conversation_id);
  if (!c || c->customer_id != customer_id || customer_erased(db_, customer_id)) {
    throw QualityRefused("not_found", "no such conversation");
  }
  metrics::SurveyStore surveys(db_);
  if (auto earlier = surveys.find(conversation_id)) {
    if (!client_id.empty() && earlier->client_id == client_id) {
      return SurveyReceipt{conversation_id, earlier->at, true};
    }
    throw QualityRefused("already_rated", "this conversation has been rated already");
  }
  if (!is_resolved(*c) || !c->agent_id) {
    throw QualityRefused("conflict", "only a resolved conversation can be rated");
  }
  metrics::Survey survey;
  survey.conversation_id = conversation_id;
  survey.agent_id = *c->agent_id;
  survey.at = now;
  survey.rating = rating;
  survey.comment = comment;
  survey.client_id = client_id;
  surveys.submit(survey);
  const Event e = survey.to_event();
  append_event(now, e.type, conversation_id, customer_id, survey.agent_id, e.data);
  score_conversation(conversation_id, now);
  return SurveyReceipt{conversation_id, now, false};
}

std::optional<SurveyDue> QualityDesk::survey_due(std::int64_t conversation_id) {
  auto c = find_conversation(db_, conversation_id);
  if (!c || !is_resolved(*c) || !c->agent_id) return std::nullopt;
  if (metrics::SurveyStore(db_).find(conversation_id)) return std::nullopt;
  return SurveyDue{conversation_id, c->customer_id, *c->agent_id, user_name(db_, *c->agent_id)};
}

std::optional<SurveyDue> QualityDesk::pending_survey_of(std::int64_t customer_id, std::int64_t now,
                                                        std::int64_t within_ms) {
  sql::Statement s(db_,
                   "SELECT id, resolved_at FROM conversations WHERE customer_id = ?"
                   " ORDER BY id DESC LIMIT 1");
  s.bind(1, customer_id);
  if (!s.step() || s.column(1).is_null()) return std::nullopt;
  const std::int64_t id = s.column(0).int64();
  if (now - s.column(1).int64() > within_ms) return std::nullopt;
  s.reset();
  return survey_due(id);
}

std::optional<metrics::QualityScore> QualityDesk::score_conversation(std::int64_t conversation_id,
                                                                     std::int64_t now) {
  auto c = find_conversation(db_, conversation_id);
  if (!c) return std::nullopt;
  const auto events = conversation_events(db_, conversation_id);
  metrics::QualityInput input =
      sla_clocks_
          ? metrics::quality_input_from_events(events, *sla_clocks_)
          : metrics::quality_input_from_events(events, settings_.first_response_target(c->channel),
                                               settings_.reply_target(c->channel));
  if (input.agent_id == 0) return std::nullopt;  // never resolved
  input.conversation_id = conversation_id;
  bool article_inserted = false;
  for (const Event& e : events) article_inserted = article_inserted || e.type == "kb_article_used";
  input.kb_answer_used = input.kb_answer_used || article_inserted;
  input.confident_kb_answer_existed =
      input.kb_answer_used && !article_inserted;  // the bot answered
  {
    sql::Statement customer(db_,
                            "SELECT body FROM messages WHERE conversation_id = ? AND"
                            " author_kind = 'customer' ORDER BY seq LIMIT ?");
    customer.bind(1, conversation_id);
    customer.bind(2, kKbChecks);
    while (!input.confident_kb_answer_existed && customer.step()) {
      input.confident_kb_answer_existed = confident_ && confident_(customer.column(0).text());
    }
  }
  {
    sql::Statement agent(db_,
                         "SELECT body FROM messages WHERE conversation_id = ? AND"
                         " author_kind = 'agent' ORDER BY seq");
    agent.bind(1, conversation_id);
    while (agent.step()) input.agent_texts.push_back(agent.column(0).text());
  }
  const metrics::QualityScore score = metrics::QualityScorer(settings_.weights).score(input);
  metrics::QualityStore(db_).save_score(score, c->resolved_at.value_or(now));
  return score;
}

json::array QualityDesk::scored_conversations(const ScoredFilter& filter) {
  sql::Statement s(
      db_,
      "SELECT q.conversation_id, q.agent_id, u.display_name, c.queue, c.channel, c.status, q.at,"
      " q.score, q.breakdown, sv.rating,"
      " (SELECT COUNT(*) FROM kpi_reviews r WHERE r.conversation_id = q.conversation_id),"
      " (SELECT score FROM kpi_reviews r WHERE r.conversation_id = q.conversation_id"
      "  ORDER BY r.id DESC LIMIT 1),"
      " COALESCE(cu.display_name, ''), c.created_at, c.resolved_at"
      " FROM kpi_quality_scores q JOIN conversations c ON c.id = q.conversation_id"
      " LEFT JOIN customers cu ON cu.id = c.customer_id"
      " LEFT JOIN users u ON u.id = q.agent_id"
      " LEFT JOIN kpi_surveys sv ON sv.conversation_id = q.conversation_id"
      " WHERE (CAST(?1 AS BIGINT) IS NULL OR q.agent_id = ?1)"
      " AND (CAST(?2 AS TEXT) IS NULL OR c.queue = ?2)"
      " AND q.at >= ?3 AND q.at < ?4 ORDER BY q.at DESC, q.conversation_id DESC LIMIT ?5");
  if (filter.agent_id) s.bind(1, *filter.agent_id);
  if (filter.queue) s.bind(2, *filter.queue);
  s.bind(3, filter.from);
  s.bind(4, filter.to);
  s.bind(5, filter.limit);
  json::array out;
  while (s.step()) {
    json::object o{{"conversation_id", s.column(0).int64()},
                   {"agent_id", s.column(1).int64()},
                   {"agent_name", s.column(2).is_null() ? "" : s.column(2).text()},
                   {"queue", s.column(3).text()},
                   {"channel", s.column(4).text()},
                   {"status", s.column(5).text()},
                   {"scored_at", s.column(6).int64()},
                   {"score", s.column(7).real()}};
    json::value breakdown = json::parse(s.column(8).text());
    o["items"] = breakdown.as_object()["items"];
    o["csat"] = optional_value(s.column(9));
    o["reviews"] = s.column(10).int64();
    o["review_score"] = optional_value(s.column(11));
    o["customer_name"] = s.column(12).text();
    o["created_at"] = s.column(13).int64();
    o["resolved_at"] = optional_value(s.column(14));
    out.push_back(std::move(o));
  }
  return out;
}

json::array QualityDesk::agents() {
  sql::Statement s(db_,
                   "SELECT id, display_name FROM users WHERE role = 'agent' ORDER BY "
                   "display_name, id");
  json::array out;
  while (s.step()) {
    out.push_back(json::object{{"id", s.column(0).int64()}, {"name", s.column(1).text()}});
  }
  return out;
}

std::optional<std::int64_t> QualityDesk::agent_of(std::int64_t conversation_id) {
  sql::Statement s(db_, "SELECT agent_id FROM kpi_quality_scores WHERE conversation_id = ?");
  s.bind(1, conversation_id);
  if (s.step()) return s.column(0).int64();
  auto c = find_conversation(db_, conversation_id);
  return c ? c->agent_id : std::nullopt;
}

json::object QualityDesk::conversation_detail(std::int64_t conversation_id) {
  auto c = find_conversation(db_, conversation_id);
  if (!c) throw QualityRefused("not_found", "no such conversation");
  const auto agent = agent_of(conversation_id);
  json::object conversation{
      {"id", conversation_id},
      {"status", c->status},
      {"channel", c->channel},
      {"queue", c->queue},
      {"created_at", c->created_at},
      {"resolved_at", c->resolved_at ? json::value(*c->resolved_at) : nullptr},
      {"agent_id", agent ? json::value(*agent) : nullptr},
      {"agent_name", agent ? user_name(db_, *agent) : ""}};
  json::array messages;
  {
    sql::Statement m(db_,
                     "SELECT m.seq, m.created_at, m.author_kind, m.author_id, m.body,"
                     " CASE m.author_kind WHEN 'agent' THEN u.display_name"
                     " WHEN 'customer' THEN cu.display_name END"
                     " FROM messages m LEFT JOIN users u ON u.id = m.author_id"
                     " LEFT JOIN customers cu ON cu.id = m.author_id"
                     " WHERE m.conversation_id = ? ORDER BY m.seq LIMIT ?");
    m.bind(1, conversation_id);
    m.bind(2, kTranscriptLimit);
    while (m.step()) {
      messages.push_back(json::object{
          {"seq", m.column(0).int64()},
          {"at", m.column(1).int64()},
          {"author", json::object{{"kind", m.column(2).text()},
                                  {"id", m.column(3).int64()},
                                  {"name", m.column(5).is_null() ? "" : m.column(5).text()}}},
          {"text", m.column(4).text()}});
    }
  }
  json::value automatic = nullptr;
  {
    sql::Statement q(db_, "SELECT breakdown, at FROM kpi_quality_scores WHERE conversation_id = ?");
    q.bind(1, conversation_id);
    if (q.step()) {
      json::object score = json::parse(q.column(0).text()).as_object();
      score["scored_at"] = q.column(1).int64();
      automatic = std::move(score);
    }
  }
  json::value survey = nullptr;
  if (auto s = metrics::SurveyStore(db_).find(conversation_id)) {
    survey = json::object{{"rating", s->rating}, {"comment", s->comment}, {"at", s->at}};
  }
  json::array reviews;
  for (auto& r : this->reviews(std::nullopt)) {
    if (r.as_object().at("conversation_id").as_int64() == conversation_id) reviews.push_back(r);
  }
  return json::object{{"conversation", std::move(conversation)},
                      {"messages", std::move(messages)},
                      {"automatic", std::move(automatic)},
                      {"survey", std::move(survey)},
                      {"reviews", std::move(reviews)}};
}

json::object QualityDesk::add_review(std::int64_t conversation_id, std::int64_t reviewer_id,
                                     const std::map<std::string, double>& marks,
                                     const std::string& comment, std::int64_t now) {
  auto c = find_conversation(db_, conversation_id);
  if (!c) throw QualityRefused("not_found", "no such conversation");
  if (!is_resolved(*c))
    throw QualityRefused("conflict", "only a resolved conversation is reviewed");
  const auto agent = agent_of(conversation_id);
  if (!agent) throw QualityRefused("conflict", "the conversation never had an agent");
  if (count_characters(comment) > kMaxReviewCommentChars) {
    throw QualityRefused("too_long", "'comment' is over 1000 characters");
  }
  metrics::Review review;
  review.conversation_id = conversation_id;
  review.agent_id = *agent;
  review.reviewer_id = reviewer_id;
  review.at = now;
  review.marks = marks;
  review.comment = comment;
  try {
    review = metrics::QualityStore(db_).add_review(std::move(review),
                                                   metrics::ReviewScorecard(settings_.scorecard));
  } catch (const std::invalid_argument& refused) {
    throw QualityRefused("bad_field", refused.what());
  }
  append_event(now, "review_submitted", conversation_id, std::nullopt, review.agent_id,
               json::serialize(json::object{{"review_id", review.id}, {"score", review.score}}));
  for (auto& r : reviews(review.agent_id)) {
    if (r.as_object().at("id").as_int64() == review.id) return r.as_object();
  }
  throw std::logic_error("a stored review was not found");
}

json::array QualityDesk::reviews(std::optional<std::int64_t> agent_id) {
  sql::Statement s(db_,
                   "SELECT r.id, r.conversation_id, r.agent_id, a.display_name, r.reviewer_id,"
                   " rv.display_name, r.at, r.score, r.marks, r.comment, q.score"
                   " FROM kpi_reviews r LEFT JOIN users a ON a.id = r.agent_id"
                   " LEFT JOIN users rv ON rv.id = r.reviewer_id"
                   " LEFT JOIN kpi_quality_scores q ON q.conversation_id = r.conversation_id"
                   " WHERE (CAST(?1 AS BIGINT) IS NULL OR r.agent_id = ?1) ORDER BY r.at DESC, "
                   "r.id DESC LIMIT 500");
  if (agent_id) s.bind(1, *agent_id);
  json::array out;
  while (s.step()) {
    out.push_back(json::object{{"id", s.column(0).int64()},
                               {"conversation_id", s.column(1).int64()},
                               {"agent_id", s.column(2).int64()},
                               {"agent_name", s.column(3).is_null() ? "" : s.column(3).text()},
                               {"reviewer_id", s.column(4).int64()},
                               {"reviewer_name", s.column(5).is_null() ? "" : s.column(5).text()},
                               {"at", s.column(6).int64()},
                               {"score", s.column(7).real()},
                               {"marks", json::parse(s.column(8).text())},
                               {"comment", s.column(9).text()},
                               {"automatic_score", optional_value(s.column(10))}});
  }
  return out;
}

json::array QualityDesk::calibration(std::int64_t from, std::int64_t to) {
  json::array out;
  for (const auto& c : metrics::QualityStore(db_).calibration(from, to)) {
    out.push_back(json::object{
        {"agent_id", c.agent_id},
        {"agent_name", user_name(db_, c.agent_id)},
        {"reviews", c.reviews},
        {"review_mean", c.review_mean},
        {"compared", c.compared},
        {"automatic_mean", c.automatic_mean ? json::value(*c.automatic_mean) : nullptr},
        {"difference", c.difference ? json::value(*c.difference) : nullptr}});
  }
  return out;
}

}  // namespace kefu
