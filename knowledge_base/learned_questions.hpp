#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge_base/character_grams.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

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

// The shop's own questions as evidence for its articles (table kb_learned_questions): what
// customers asked when an agent inserted an article, or when they said it helped. The search
// reads them as extra lines of the article (evidence_for), so it comes to speak the shop's
// language. Each row is one (article, folded question, who): the same visitor or agent giving
// the same evidence again only refreshes it, so one person's repeated clicks count once. An agent's
// evidence weighs kAgentWeight, a customer's kCustomerWeight, halving every kHalfLifeMs since it
// was last seen; an article keeps at most kPerArticle rows, the weakest going first. Times are
// ms since the epoch, passed in. Not thread safe: one per connection, as the KnowledgeBase.
class LearnedQuestions {
 public:
  static constexpr double kAgentWeight = 1.0;
  static constexpr double kCustomerWeight = 0.5;
  static constexpr double kHalfLifeMs = 90.0 * 24 * 3600 * 1000;
  static constexpr int kPerArticle = 50;
  static constexpr std::size_t kMaxQuestionBytes = 500;

  // Creates the tables and triggers in `db` (which must outlive this) when absent; kb_articles
  // must exist.
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
  // connection) or a day passed since they were read; returns how many times they were read,
  // which tells a cache of searches that they may have changed. Checking costs no query of the
  // rows: a change through this object (or changed()) is known in memory, and a commit through
  // another connection shows in `PRAGMA data_version`, after which one row,
  // kb_learned_state's version (bumped by triggers on every change), tells whether it touched
  // them.
  std::uint64_t refresh(std::int64_t now) const;

  // Tells that articles changed through this connection (published, unpublished, deleted): the
  // next refresh reads the questions again.
  void changed() { stale_ = true; }

 private:
  struct Entry {
    std::int64_t article_id = 0;
    std::string locale;
    CharacterGrams grams;
    double weight = 0;
  };

  std::int64_t data_version() const;
  std::int64_t stored_version() const;

  SQLite::Database& db_;
  mutable std::unique_ptr<SQLite::Statement> data_version_query_;    // prepared on first use
  mutable std::unique_ptr<SQLite::Statement> stored_version_query_;  // prepared on first use
  mutable std::vector<Entry> entries_;
  mutable bool stale_ = true;               // changed through this connection since read
  mutable std::int64_t data_version_ = -1;  // PRAGMA data_version when last checked
  mutable std::int64_t version_ = -1;       // kb_learned_state's version when entries_ were read
  mutable std::int64_t read_at_ = -1;
  mutable std::uint64_t reads_ = 0;
};

// Cosine of two texts' character grams, in [0, 1].
double gram_cosine(const CharacterGrams& a, const CharacterGrams& b);

}  // namespace kefu::kb
