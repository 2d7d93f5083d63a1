#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge_base/character_grams.hpp"
#include "knowledge_base/knowledge_store.hpp"
#include "knowledge_base/store_watch.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kefu::sql {
class Connection;
}  // namespace kefu::sql

namespace kefu::kb {

// Who said that a question belongs to an article: an agent inserted the article while answering
// it, or the customer said the article helped.
enum class EvidenceSource { kAgent, kCustomer };

// One question learnt for an article, as the admin sees it.
struct LearnedQuestion {
  std::int64_t id = 0;
  std::int64_t article_id = 0;
  std::string question;
  EvidenceSource source = EvidenceSource::kAgent;
  double weight = 0;  // decayed to the time asked for
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
};

// The shop's own questions as evidence for its articles (KnowledgeStore's learned questions): what
// customers asked when an agent inserted an article, or when they said it helped. The search
// reads them as extra lines of the article (evidence_for), so it comes to speak the shop's
// language. Each row is one (article, folded question, who): the same visitor or agent giving
// the same evidence again only refreshes it, so one person's repeated clicks count once. An agent's
// evidence weighs kAgentWeight, a customer's kCustomerWeight, halving every kHalfLifeMs since it
// was last seen; an article keeps at most kPerArticle rows, the weakest going first. Times are
// ms since the epoch, passed in. Not thread safe: one per store, as the KnowledgeBase.
class LearnedQuestions {
 public:
  static constexpr double kAgentWeight = 1.0;
  static constexpr double kCustomerWeight = 0.5;
  static constexpr double kHalfLifeMs = 90.0 * 24 * 3600 * 1000;
  static constexpr int kPerArticle = 50;
  static constexpr std::size_t kMaxQuestionBytes = 500;

  // Reads and writes the questions in `store`, which must outlive this.
  explicit LearnedQuestions(KnowledgeStore& store);
  // On the SQLite database `db` (which must outlive this), its tables created when absent.
  explicit LearnedQuestions(SQLite::Database& db);
  ~LearnedQuestions();

  // Records that `question` (folded as `key`, non-empty) belongs to `article_id`, said by `who`
  // (an opaque id of the agent or visitor, used only to count each person once). Returns the
  // row's id. The caller checks that the article exists and is published. Throws
  // std::invalid_argument for an empty key or who, or a question over kMaxQuestionBytes.
  std::int64_t learn(std::int64_t article_id, const std::string& question, const std::string& key,
                     EvidenceSource source, const std::string& who, std::int64_t now);

  // The article's learnt questions, strongest first, weights decayed to `now`.
  std::vector<LearnedQuestion> of_article(std::int64_t article_id, std::int64_t now) const;

  // Removes learnt question `id` of `article_id`; false (and nothing changes) when there is no
  // such row of that article.
  bool remove(std::int64_t article_id, std::int64_t id);
  // Removes every learnt question of an article (when the article is deleted).
  void remove_article(std::int64_t article_id);

  // For each published article (of `locale`, when given) with a learnt question near `query`:
  // the nearest one's character-gram cosine (at least kNearEnough) times the evidence for it
  // (its rows' decayed weights summed, at most 1).
  std::unordered_map<std::int64_t, double> evidence_for(std::string_view query,
                                                        const std::optional<std::string>& locale,
                                                        std::int64_t now) const;

  static constexpr double kNearEnough = 0.65;

  // Reads the questions again when a row or an article's status or locale changed (through any
  // connection or node) or a day passed since they were read; returns how many times they were
  // read, which tells a cache of searches that they may have changed. Checking costs no query of
  // the rows: a change through this object (or changed()) is known in memory, and one through
  // another connection shows in the store's learned_version(), read when the StoreWatch says
  // (SQLite: after another connection committed; PostgreSQL: once per poll interval).
  std::uint64_t refresh(std::int64_t now) const;

  // Tells that articles changed through this connection (published, unpublished, deleted): the
  // next refresh reads the questions again.
  void changed() { stale_ = true; }

  // How often a store that cannot tell of other nodes' commits (PostgreSQL) is asked.
  void set_poll_interval(std::chrono::milliseconds poll) { watch_.set_poll_interval(poll); }

 private:
  struct Entry {
    std::int64_t article_id = 0;
    std::string locale;
    CharacterGrams grams;
    double weight = 0;
  };

  std::unique_ptr<sql::Connection> own_connection_;  // only for the SQLite::Database constructor
  std::unique_ptr<KnowledgeStore> own_store_;        // likewise
  KnowledgeStore& store_;
  mutable StoreWatch watch_;
  mutable std::vector<Entry> entries_;
  mutable bool stale_ = true;          // changed through this object since read
  mutable std::int64_t version_ = -1;  // the store's learned_version() when entries_ were read
  mutable std::int64_t read_at_ = -1;
  mutable std::uint64_t reads_ = 0;
};

// Cosine of two texts' character grams, in [0, 1].
double gram_cosine(const CharacterGrams& a, const CharacterGrams& b);

}  // namespace kefu::kb
