#include "server/metrics/quality_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "server/metrics/schema.hpp"
#include "server/metrics/utf8.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::metrics {

QualityStore::QualityStore(sql::Connection& db) : db_(db) {
  create_schema(db_);
}

void QualityStore::save_score(const QualityScore& score, std::int64_t at) {
  sql::Statement upsert(
      db_,
      "INSERT INTO kpi_quality_scores (conversation_id, agent_id, at, score, breakdown)"
      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET"
      " agent_id = excluded.agent_id, at = excluded.at, score = excluded.score,"
      " breakdown = excluded.breakdown");
  upsert.bind(1, score.conversation_id);
  upsert.bind(2, score.agent_id);
  upsert.bind(3, at);
  upsert.bind(4, score.score);
  upsert.bind(5, boost::json::serialize(score.to_json()));
  upsert.exec();
}

std::optional<double> QualityStore::automatic_score(std::int64_t conversation_id) const {
  sql::Statement select(db_, "SELECT score FROM kpi_quality_scores WHERE conversation_id = ?");
  select.bind(1, conversation_id);
  if (!select.step()) return std::nullopt;
  return select.column(0).real();
}

Review QualityStore::add_review(Review review, const ReviewScorecard& card) {
  if (review.conversation_id <= 0 || review.agent_id <= 0 || review.reviewer_id <= 0) {
    throw std::invalid_argument("a review needs a conversation, an agent and a reviewer");
  }
  if (review.comment.size() > kMaxCommentBytes) throw std::invalid_argument("comment too long");
  if (!is_valid_utf8(review.comment)) throw std::invalid_argument("comment is not UTF-8");
  review.score = card.score(review);
  boost::json::object marks;
  for (const auto& [name, mark] : review.marks) marks[name] = mark;
  sql::Statement insert(db_,
                        "INSERT INTO kpi_reviews (conversation_id, agent_id, reviewer_id, at,"
                        " score, marks, comment) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, review.conversation_id);
  insert.bind(2, review.agent_id);
  insert.bind(3, review.reviewer_id);
  insert.bind(4, review.at);
  insert.bind(5, review.score);
  insert.bind(6, boost::json::serialize(marks));
  insert.bind(7, review.comment);
  review.id = insert.insert_returning_id().value();
  return review;
}

std::vector<Review> QualityStore::reviews_for_agent(std::int64_t agent_id) const {
  sql::Statement select(db_,
                        "SELECT id, conversation_id, agent_id, reviewer_id, at, score, marks,"
                        " comment FROM kpi_reviews WHERE agent_id = ? ORDER BY at DESC, id DESC");
  select.bind(1, agent_id);
  std::vector<Review> out;
  while (select.step()) {
    Review r;
    r.id = select.column(0).int64();
    r.conversation_id = select.column(1).int64();
    r.agent_id = select.column(2).int64();
    r.reviewer_id = select.column(3).int64();
    r.at = select.column(4).int64();
    r.score = select.column(5).real();
    boost::json::value marks = boost::json::parse(select.column(6).text());
    for (const auto& [name, mark] : marks.as_object()) r.marks[name] = mark.to_number<double>();
    r.comment = select.column(7).text();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Calibration> QualityStore::calibration(std::int64_t from, std::int64_t to) const {
  sql::Statement select(
      db_,
      "SELECT r.agent_id, COUNT(*), AVG(r.score), COUNT(q.score), AVG(q.score),"
      " AVG(CASE WHEN q.score IS NOT NULL THEN r.score END)"
      " FROM kpi_reviews r LEFT JOIN kpi_quality_scores q ON q.conversation_id = r.conversation_id"
      " WHERE r.at >= ? AND r.at < ? GROUP BY r.agent_id ORDER BY r.agent_id");
  select.bind(1, from);
  select.bind(2, to);
  std::vector<Calibration> out;
  while (select.step()) {
    Calibration c;
    c.agent_id = select.column(0).int64();
    c.reviews = select.column(1).int32();
    c.review_mean = select.column(2).real();
    c.compared = select.column(3).int32();
    if (c.compared > 0) {
      c.automatic_mean = select.column(4).real();
      c.difference = select.column(5).real() - *c.automatic_mean;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace kefu::metrics
