#include "knowledge_base/learned_questions.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

#include "knowledge_base/sql_knowledge_store.hpp"
#include "server/store/sql/sqlite_connection.hpp"

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

LearnedQuestions::LearnedQuestions(KnowledgeStore& store) : store_(store), watch_(store_) {}

namespace {

std::unique_ptr<sql::Connection> tables_in(SQLite::Database& db) {
  auto connection = std::make_unique<sql::SqliteConnection>(db);
  SqlKnowledgeStore::ensure_sqlite_tables(*connection);
  return connection;
}

}  // namespace

LearnedQuestions::LearnedQuestions(SQLite::Database& db)
    : own_connection_(tables_in(db)),
      own_store_(std::make_unique<SqlKnowledgeStore>(*own_connection_)),
      store_(*own_store_),
      watch_(store_) {}

LearnedQuestions::~LearnedQuestions() = default;

std::int64_t LearnedQuestions::learn(std::int64_t article_id, const std::string& question,
                                     const std::string& key, EvidenceSource source,
                                     const std::string& who, std::int64_t now) {
  if (key.empty()) throw std::invalid_argument("the question has no words");
  if (who.empty()) throw std::invalid_argument("evidence needs who gave it");
  if (question.size() > kMaxQuestionBytes) throw std::invalid_argument("question too long");
  LearnedQuestionRow row;
  row.article_id = article_id;
  row.question = question;
  row.folded = key;
  row.source = source_name(source);
  row.evidence_from = who;
  row.weight = source == EvidenceSource::kAgent ? kAgentWeight : kCustomerWeight;
  row.created_at = now;
  row.last_seen_at = now;
  const std::int64_t id = store_.learn(row);
  // Over the cap: the weakest (decayed to now) go, oldest first among equals.
  std::vector<LearnedQuestion> all = of_article(article_id, now);
  for (std::size_t k = kPerArticle; k < all.size(); ++k) {
    store_.remove_learned_question(article_id, all[k].id);
  }
  stale_ = true;
  return id;
}

std::vector<LearnedQuestion> LearnedQuestions::of_article(std::int64_t article_id,
                                                          std::int64_t now) const {
  std::vector<LearnedQuestion> out;
  for (const LearnedQuestionRow& row : store_.learned_questions(article_id)) {
    LearnedQuestion l;
    l.id = row.id;
    l.article_id = article_id;
    l.question = row.question;
    l.source = row.source == "agent" ? EvidenceSource::kAgent : EvidenceSource::kCustomer;
    l.created_at = row.created_at;
    l.last_seen_at = row.last_seen_at;
    l.weight = decayed(row.weight, l.last_seen_at, now);
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
  stale_ = true;
  return store_.remove_learned_question(article_id, id);
}

void LearnedQuestions::remove_article(std::int64_t article_id) {
  stale_ = true;
  store_.remove_learned_questions(article_id);
}

std::uint64_t LearnedQuestions::refresh(std::int64_t now) const {
  const bool fresh = !stale_ && read_at_ >= 0 && now >= read_at_ && now - read_at_ < kDayMs;
  const bool due = watch_.due();
  if (fresh && !due) return reads_;  // no commit through another connection
  const std::int64_t version = store_.learned_version();
  if (fresh && version == version_) return reads_;  // another connection changed other tables
  // One entry per (article, folded question): its rows' weights summed, at most 1.
  std::map<std::pair<std::int64_t, std::string>, Entry> grouped;
  for (const LearnedQuestionRow& row : store_.published_learned_questions()) {
    Entry& e = grouped[{row.article_id, row.folded}];
    if (e.grams.empty()) {
      e.article_id = row.article_id;
      e.grams = CharacterGrams::of(row.question);
      e.locale = row.locale;
    }
    e.weight = std::min(1.0, e.weight + decayed(row.weight, row.last_seen_at, now));
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
