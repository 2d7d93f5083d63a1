#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "knowledge_base/article.hpp"

namespace kefu::kb {

// One word or synonym group an admin added to the shop vocabulary (kb_vocabulary), as stored.
struct VocabularyEntry {
  enum class Kind { kWord, kSynonyms };
  std::int64_t id = 0;
  Kind kind = Kind::kWord;
  std::vector<std::string> words;  // one word for kWord

  bool operator==(const VocabularyEntry&) const = default;
};

// One row of kb_learned_questions: a question (folded as `folded`) that `evidence_from` said
// belongs to an article, with its undecayed weight (LearnedQuestions decays it).
struct LearnedQuestionRow {
  std::int64_t id = 0;
  std::int64_t article_id = 0;
  std::string question;
  std::string folded;
  std::string source;         // "agent" or "customer"
  std::string evidence_from;  // who said it (only written, never read back)
  double weight = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::string locale;  // of the article (only in published_learned_questions())
};

// The knowledge base's truth: articles with every version, the words and synonym groups admins
// added, the learned questions, and two change counters that tell a node's derived state (its
// search index, its learned questions in memory) when to read again. The search index is not
// here: each node builds its own from these rows (KnowledgeBase).
//
// Every method is one statement or a few on the store's connection; the caller groups them in
// a transaction on that connection. Every write of an article or of the vocabulary adds 1 to
// revision(); every write of a learned question, and of an article's status, locale or
// existence (which decide whose questions count), adds 1 to learned_version(). Throws
// sql::Error when the database refuses (e.g. Kind::duplicate for a slug in use).
class KnowledgeStore {
 public:
  virtual ~KnowledgeStore() = default;

  // Stores a new draft as version 1 (slug "article-<id>" when the draft has none); returns the
  // id.
  virtual std::int64_t insert_article(const ArticleDraft& draft, const std::string& author,
                                      std::int64_t now) = 0;
  // Stores the next version of article `id` with `slug`.
  virtual void update_article(std::int64_t id, const std::string& slug, const ArticleDraft& draft,
                              const std::string& author, std::int64_t now) = 0;
  virtual void set_status(std::int64_t id, ArticleStatus status, std::int64_t now) = 0;
  // Deletes the article with its versions and learned questions.
  virtual void remove_article(std::int64_t id) = 0;

  virtual std::optional<Article> article(std::int64_t id) = 0;
  virtual std::optional<Article> article_by_slug(const std::string& slug) = 0;
  // Ordered by id, optionally only those with `status`.
  virtual std::vector<Article> articles(std::optional<ArticleStatus> status) = 0;
  // Oldest first.
  virtual std::vector<ArticleVersion> versions(std::int64_t id) = 0;

  // Oldest first.
  virtual std::vector<VocabularyEntry> vocabulary() = 0;
  // Stores a word or group (words kept comma-joined: none may hold a comma); returns its id.
  virtual std::int64_t add_vocabulary(VocabularyEntry::Kind kind,
                                      const std::vector<std::string>& words) = 0;
  // False when there is no synonym group `id`.
  virtual bool remove_synonyms(std::int64_t id) = 0;

  // Stores the evidence, or refreshes the row of the same (article, folded, evidence_from):
  // last_seen_at and weight the larger, the source of the larger weight. Returns the row's id.
  virtual std::int64_t learn(const LearnedQuestionRow& row) = 0;
  virtual std::vector<LearnedQuestionRow> learned_questions(std::int64_t article_id) = 0;
  // The learned questions of published articles, with the article's locale.
  virtual std::vector<LearnedQuestionRow> published_learned_questions() = 0;
  // False when article `article_id` has no learned question `id`.
  virtual bool remove_learned_question(std::int64_t article_id, std::int64_t id) = 0;
  virtual void remove_learned_questions(std::int64_t article_id) = 0;

  virtual std::int64_t revision() = 0;
  virtual std::int64_t learned_version() = 0;
  // A number that changes when another connection commits (SQLite's PRAGMA data_version, no
  // I/O), so that a cache can skip reading the counters; nullopt where the engine cannot tell
  // (PostgreSQL): the caller reads them at its poll interval.
  virtual std::optional<std::int64_t> foreign_commits() = 0;
};

}  // namespace kefu::kb
