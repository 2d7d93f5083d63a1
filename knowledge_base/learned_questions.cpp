#include "knowledge_base/learned_questions.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

namespace kefu::kb {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

const char* source_name(EvidenceSource s) {
  return s == EvidenceSource::kAgent ? "agent" : "customer";
}

double decayed(double weight, std::int64_t last_seen_at, std::int64_t now) {
  const double age = static_cast<double>(std::max<std::int64_t>(0, now - last_seen_at));
  return weight * std::pow(0.5, age / LearnedQuestions::kHalfLifeMs);
}

}  // namespace

double gram_cosine(const CharacterGrams& a, const CharacterGrams& b) {
  if (a.norm() <= 0 || b.norm() <= 0) return 0;
  const auto& x = a.grams();
  const auto& y = b.grams();
  double dot = 0;
  std::size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i].hash < y[j].hash) {
      ++i;
    } else if (y[j].hash < x[i].hash) {
      ++j;
    } else {
      dot += static_cast<double>(x[i].count) * y[j].count;
      ++i;
      ++j;
    }
  }
  return std::min(1.0, dot / (a.norm() * b.norm()));
}

LearnedQuestions::LearnedQuestions(SQLite::Database& db) : db_(db) {
  db_.exec(R"(
    CREATE TABLE IF NOT EXISTS kb_learned_questions(
      id INTEGER PRIMARY KEY,
      article_id INTEGER NOT NULL REFERENCES kb_articles(id),
      question TEXT NOT NULL,
      folded TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('agent', 'customer')),
      evidence_from TEXT NOT NULL,
      weight REAL NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      UNIQUE (article_id, folded, evidence_from));
    CREATE TABLE IF NOT EXISTS kb_learned_state(
      id INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL);
    INSERT OR IGNORE INTO kb_learned_state(id, version) VALUES(1, 0);
    CREATE TRIGGER IF NOT EXISTS kb_learned_added AFTER INSERT ON kb_learned_questions
      BEGIN UPDATE kb_learned_state SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS kb_learned_seen AFTER UPDATE ON kb_learned_questions
      BEGIN UPDATE kb_learned_state SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS kb_learned_removed AFTER DELETE ON kb_learned_questions
      BEGIN UPDATE kb_learned_state SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS kb_learned_article_added AFTER INSERT ON kb_articles
      BEGIN UPDATE kb_learned_state SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS kb_learned_article_changed AFTER UPDATE OF status, locale
      ON kb_articles
      BEGIN UPDATE kb_learned_state SET version = version + 1 WHERE id = 1; END;
    CREATE TRIGGER IF NOT EXISTS kb_learned_article_removed AFTER DELETE ON kb_articles
      BEGIN UPDATE kb_learned_state SET version = version + 1 WHERE id = 1; END;
  )");
}

LearnedQuestions::~LearnedQuestions() = default;

std::int64_t LearnedQuestions::data_version() const {
  if (!data_version_query_) {
    data_version_query_ = std::make_unique<SQLite::Statement>(db_, "PRAGMA data_version");
  }
  SQLite::Statement& q = *data_version_query_;
  q.reset();
  q.executeStep();
  const std::int64_t v = q.getColumn(0).getInt64();
  q.reset();
  return v;
}

std::int64_t LearnedQuestions::stored_version() const {
  if (!stored_version_query_) {
    stored_version_query_ = std::make_unique<SQLite::Statement>(
        db_, "SELECT version FROM kb_learned_state WHERE id = 1");
  }
  SQLite::Statement& q = *stored_version_query_;
  q.reset();
  const std::int64_t v = q.executeStep() ? q.getColumn(0).getInt64() : -1;
  q.reset();
  return v;
}

std::int64_t LearnedQuestions::learn(std::int64_t article_id, const std::string& question,
                                     const std::string& key, EvidenceSource source,
                                     const std::string& who, std::int64_t now) {
  if (key.empty()) throw std::invalid_argument("the question has no words");
  if (who.empty()) throw std::invalid_argument("evidence needs who gave it");
  if (question.size() > kMaxQuestionBytes) throw std::invalid_argument("question too long");
  const double weight = source == EvidenceSource::kAgent ? kAgentWeight : kCustomerWeight;
  SQLite::Transaction tx(db_);
  // The same person's same evidence again: seen again, never counted twice. An agent's word
  // outweighs the customer's when the same person gave both.
  SQLite::Statement upsert(
      db_,
      "INSERT INTO kb_learned_questions(article_id, question, folded, source, evidence_from, "
      "weight, created_at, last_seen_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
      "ON CONFLICT(article_id, folded, evidence_from) DO UPDATE SET last_seen_at = "
      "max(last_seen_at, excluded.last_seen_at), weight = max(weight, excluded.weight), "
      "source = CASE WHEN excluded.weight > weight THEN excluded.source ELSE source END "
      "RETURNING id");
  upsert.bind(1, article_id);
  upsert.bind(2, question);
  upsert.bind(3, key);
  upsert.bind(4, source_name(source));
  upsert.bind(5, who);
  upsert.bind(6, weight);
  upsert.bind(7, now);
  upsert.executeStep();
  const std::int64_t id = upsert.getColumn(0).getInt64();
  upsert.reset();
  // Over the cap: the weakest (decayed to now) go, oldest first among equals.
  std::vector<LearnedQuestion> all = of_article(article_id, now);
  for (std::size_t k = kPerArticle; k < all.size(); ++k) {
    SQLite::Statement drop(db_, "DELETE FROM kb_learned_questions WHERE id = ?");
    drop.bind(1, all[k].id);
    drop.exec();
  }
  tx.commit();
  stale_ = true;
  return id;
}

std::vector<LearnedQuestion> LearnedQuestions::of_article(std::int64_t article_id,
                                                          std::int64_t now) const {
  SQLite::Statement q(db_,
                      "SELECT id, question, source, weight, created_at, last_seen_at "
                      "FROM kb_learned_questions WHERE article_id = ?");
  q.bind(1, article_id);
  std::vector<LearnedQuestion> out;
  while (q.executeStep()) {
    LearnedQuestion l;
    l.id = q.getColumn(0).getInt64();
    l.article_id = article_id;
    l.question = q.getColumn(1).getString();
    l.source =
        q.getColumn(2).getString() == "agent" ? EvidenceSource::kAgent : EvidenceSource::kCustomer;
    l.created_at = q.getColumn(4).getInt64();
    l.last_seen_at = q.getColumn(5).getInt64();
    l.weight = decayed(q.getColumn(3).getDouble(), l.last_seen_at, now);
    out.push_back(std::move(l));
  }
  std::sort(out.begin(), out.end(), [](const LearnedQuestion& a, const LearnedQuestion& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.last_seen_at != b.last_seen_at) return a.last_seen_at > b.last_seen_at;
    return a.id > b.id;
  });
  return out;
}

bool LearnedQuestions::remove(std::int64_t article_id, std::int64_t id) {
  SQLite::Statement q(db_, "DELETE FROM kb_learned_questions WHERE id = ? AND article_id = ?");
  q.bind(1, id);
  q.bind(2, article_id);
  stale_ = true;
  return q.exec() > 0;
}

void LearnedQuestions::remove_article(std::int64_t article_id) {
  SQLite::Statement q(db_, "DELETE FROM kb_learned_questions WHERE article_id = ?");
  q.bind(1, article_id);
  stale_ = true;
  q.exec();
}

std::uint64_t LearnedQuestions::refresh(std::int64_t now) const {
  const bool fresh = !stale_ && read_at_ >= 0 && now >= read_at_ && now - read_at_ < kDayMs;
  const std::int64_t data = data_version();
  if (fresh && data == data_version_) return reads_;  // no commit through another connection
  data_version_ = data;
  const std::int64_t version = stored_version();
  if (fresh && version == version_) return reads_;  // another connection changed other tables
  // One entry per (article, folded question): its rows' weights summed, at most 1.
  std::map<std::pair<std::int64_t, std::string>, Entry> grouped;
  SQLite::Statement q(db_,
                      "SELECT l.article_id, l.folded, l.question, l.weight, l.last_seen_at, "
                      "a.locale FROM kb_learned_questions l JOIN kb_articles a "
                      "ON a.id = l.article_id WHERE a.status = 'published'");
  while (q.executeStep()) {
    const std::int64_t article = q.getColumn(0).getInt64();
    Entry& e = grouped[{article, q.getColumn(1).getString()}];
    if (e.grams.empty()) {
      e.article_id = article;
      e.grams = CharacterGrams::of(q.getColumn(2).getString());
      e.locale = q.getColumn(5).getString();
    }
    e.weight = std::min(
        1.0, e.weight + decayed(q.getColumn(3).getDouble(), q.getColumn(4).getInt64(), now));
  }
  entries_.clear();
  for (auto& [key, e] : grouped) entries_.push_back(std::move(e));
  version_ = version;
  stale_ = false;
  read_at_ = now;
  return ++reads_;
}

std::unordered_map<std::int64_t, double> LearnedQuestions::evidence_for(
    std::string_view query, const std::optional<std::string>& locale, std::int64_t now) const {
  refresh(now);
  std::unordered_map<std::int64_t, double> out;
  if (entries_.empty()) return out;
  const CharacterGrams asked = CharacterGrams::of(query);
  for (const Entry& e : entries_) {
    if (locale && e.locale != *locale) continue;
    const double near = gram_cosine(asked, e.grams);
    if (near < kNearEnough) continue;
    double& best = out[e.article_id];
    best = std::max(best, near * e.weight);
  }
  return out;
}

}  // namespace kefu::kb
