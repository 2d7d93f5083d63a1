#pragma once

#include <optional>

#include "knowledge_base/knowledge_store.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::kb {

// KnowledgeStore on the neutral SQL layer, either engine: tables kb_articles,
// kb_article_versions, kb_vocabulary, kb_learned_questions and the counters kb_revision and
// kb_learned_state (SQLite: migration step 21, or ensure_sqlite_tables(); PostgreSQL: its
// migration step 13). Uses the connection it is given, which must outlive it; not thread safe.
class SqlKnowledgeStore final : public KnowledgeStore {
 public:
  explicit SqlKnowledgeStore(sql::Connection& db) : db_(db) {}

  // SQLite only: creates the tables when absent (a database `kefu migrate` never saw: the
  // evaluation's, a test's, `kefu kb import`'s), and drops the triggers older versions kept
  // the learned questions' counter with (the store keeps it now).
  static void ensure_sqlite_tables(sql::Connection& db);

  std::int64_t insert_article(const ArticleDraft& draft, const std::string& author,
                              std::int64_t now) override;
  void update_article(std::int64_t id, const std::string& slug, const ArticleDraft& draft,
                      const std::string& author, std::int64_t now) override;
  void set_status(std::int64_t id, ArticleStatus status, std::int64_t now) override;
  void remove_article(std::int64_t id) override;
  std::optional<Article> article(std::int64_t id) override;
  std::optional<Article> article_by_slug(const std::string& slug) override;
  std::vector<Article> articles(std::optional<ArticleStatus> status) override;
  std::vector<ArticleVersion> versions(std::int64_t id) override;

  std::vector<VocabularyEntry> vocabulary() override;
  std::int64_t add_vocabulary(VocabularyEntry::Kind kind,
                              const std::vector<std::string>& words) override;
  bool remove_synonyms(std::int64_t id) override;

  std::int64_t learn(const LearnedQuestionRow& row) override;
  std::vector<LearnedQuestionRow> learned_questions(std::int64_t article_id) override;
  std::vector<LearnedQuestionRow> published_learned_questions() override;
  bool remove_learned_question(std::int64_t article_id, std::int64_t id) override;
  void remove_learned_questions(std::int64_t article_id) override;

  std::int64_t revision() override;
  std::int64_t learned_version() override;
  std::optional<std::int64_t> foreign_commits() override;

 private:
  void store_version(std::int64_t id, const ArticleDraft& draft, const std::string& author,
                     std::int64_t now);
  void bump_revision();
  void bump_learned();
  // The first column of the first row of the cached statement `s` (prepared from `sql` on first
  // use), reset afterwards so it holds no snapshot; -1 when there is no row.
  std::int64_t read_counter(std::optional<sql::Statement>& s, const char* sql);

  sql::Connection& db_;
  std::optional<sql::Statement> article_by_id_;
  std::optional<sql::Statement> revision_;
  std::optional<sql::Statement> learned_version_;
  std::optional<sql::Statement> data_version_;
};

}  // namespace kefu::kb
