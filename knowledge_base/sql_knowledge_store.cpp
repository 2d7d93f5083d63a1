#include "knowledge_base/sql_knowledge_store.hpp"

#include "knowledge_base/article_fields.hpp"
#include "server/store/knowledge_base_tables.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::kb {
namespace {

constexpr const char* kArticleColumns =
    "id, COALESCE(slug, ''), title, body, tags, locale, status, version, created_at, updated_at";

Article read_article(const sql::Statement& q) {
  Article a;
  a.id = q.column(0).int64();
  a.slug = q.column(1).text();
  a.title = q.column(2).text();
  a.body = q.column(3).text();
  a.tags = split_tags(q.column(4).text());
  a.locale = q.column(5).text();
  a.status = parse_status(q.column(6).text());
  a.version = q.column(7).int32();
  a.created_at = q.column(8).int64();
  a.updated_at = q.column(9).int64();
  return a;
}

LearnedQuestionRow read_learned(const sql::Statement& q) {
  LearnedQuestionRow r;
  r.id = q.column(0).int64();
  r.article_id = q.column(1).int64();
  r.question = q.column(2).text();
  r.folded = q.column(3).text();
  r.source = q.column(4).text();
  r.weight = q.column(5).real();
  r.created_at = q.column(6).int64();
  r.last_seen_at = q.column(7).int64();
  return r;
}

constexpr const char* kLearnedColumns =
    "l.id, l.article_id, l.question, l.folded, l.source, l.weight, l.created_at, l.last_seen_at";

}  // namespace

void SqlKnowledgeStore::ensure_sqlite_tables(sql::Connection& db) {
  db.exec(store::kKnowledgeBaseTables);
}

void SqlKnowledgeStore::bump_revision() {
  sql::Statement(db_, "UPDATE kb_revision SET revision = revision + 1 WHERE id = 1").exec();
}

void SqlKnowledgeStore::bump_learned() {
  sql::Statement(db_, "UPDATE kb_learned_state SET version = version + 1 WHERE id = 1").exec();
}

void SqlKnowledgeStore::store_version(std::int64_t id, const ArticleDraft& d,
                                      const std::string& author, std::int64_t now) {
  sql::Statement q(db_,
                   "INSERT INTO kb_article_versions(article_id, version, title, body, tags, "
                   "locale, author, created_at) VALUES(?, (SELECT version FROM kb_articles "
                   "WHERE id = ?), ?, ?, ?, ?, ?, ?)");
  q.bind(1, id).bind(2, id).bind(3, d.title).bind(4, d.body).bind(5, join_tags(d.tags));
  q.bind(6, d.locale).bind(7, author).bind(8, now);
  q.exec();
}

std::int64_t SqlKnowledgeStore::insert_article(const ArticleDraft& draft, const std::string& author,
                                               std::int64_t now) {
  sql::Statement q(db_,
                   "INSERT INTO kb_articles(slug, title, body, tags, locale, status, version, "
                   "created_at, updated_at) VALUES(?, ?, ?, ?, ?, 'draft', 1, ?, ?) RETURNING id");
  if (draft.slug.empty()) {
    q.bind_null(1);
  } else {
    q.bind(1, draft.slug);
  }
  q.bind(2, draft.title).bind(3, draft.body).bind(4, join_tags(draft.tags));
  q.bind(5, draft.locale).bind(6, now).bind(7, now);
  const std::int64_t id = q.insert_returning_id().value();
  if (draft.slug.empty()) {
    sql::Statement s(db_, "UPDATE kb_articles SET slug = ? WHERE id = ?");
    s.bind(1, "article-" + std::to_string(id)).bind(2, id);
    s.exec();
  }
  store_version(id, draft, author, now);
  bump_revision();
  bump_learned();
  return id;
}

void SqlKnowledgeStore::update_article(std::int64_t id, const std::string& slug,
                                       const ArticleDraft& draft, const std::string& author,
                                       std::int64_t now) {
  sql::Statement q(db_,
                   "UPDATE kb_articles SET slug = ?, title = ?, body = ?, tags = ?, locale = ?, "
                   "version = version + 1, updated_at = ? WHERE id = ?");
  q.bind(1, slug).bind(2, draft.title).bind(3, draft.body).bind(4, join_tags(draft.tags));
  q.bind(5, draft.locale).bind(6, now).bind(7, id);
  q.exec();
  store_version(id, draft, author, now);
  bump_revision();
  bump_learned();
}

void SqlKnowledgeStore::set_status(std::int64_t id, ArticleStatus status, std::int64_t now) {
  sql::Statement q(db_, "UPDATE kb_articles SET status = ?, updated_at = ? WHERE id = ?");
  q.bind(1, to_string(status)).bind(2, now).bind(3, id);
  q.exec();
  bump_revision();
  bump_learned();
}

void SqlKnowledgeStore::remove_article(std::int64_t id) {
  for (const char* text : {"DELETE FROM kb_learned_questions WHERE article_id = ?",
                           "DELETE FROM kb_article_versions WHERE article_id = ?",
                           "DELETE FROM kb_articles WHERE id = ?"}) {
    sql::Statement q(db_, text);
    q.bind(1, id);
    q.exec();
  }
  bump_revision();
  bump_learned();
}

std::optional<Article> SqlKnowledgeStore::article(std::int64_t id) {
  if (!article_by_id_) {
    article_by_id_.emplace(
        db_, std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE id = ?");
  }
  sql::Statement& q = *article_by_id_;
  q.reset();
  q.bind(1, id);
  std::optional<Article> found;
  if (q.step()) found = read_article(q);
  q.reset();  // holds no read snapshot
  return found;
}

std::optional<Article> SqlKnowledgeStore::article_by_slug(const std::string& slug) {
  sql::Statement q(db_,
                   std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE slug = ?");
  q.bind(1, slug);
  if (!q.step()) return std::nullopt;
  return read_article(q);
}

std::vector<Article> SqlKnowledgeStore::articles(std::optional<ArticleStatus> status) {
  sql::Statement q(db_, std::string("SELECT ") + kArticleColumns +
                            " FROM kb_articles WHERE CAST(? AS TEXT) IS NULL OR status = ? "
                            "ORDER BY id");
  if (status) q.bind(1, to_string(*status)).bind(2, to_string(*status));
  std::vector<Article> out;
  while (q.step()) out.push_back(read_article(q));
  return out;
}

std::vector<ArticleVersion> SqlKnowledgeStore::versions(std::int64_t id) {
  sql::Statement q(db_,
                   "SELECT article_id, version, title, body, tags, locale, author, created_at "
                   "FROM kb_article_versions WHERE article_id = ? ORDER BY version");
  q.bind(1, id);
  std::vector<ArticleVersion> out;
  while (q.step()) {
    ArticleVersion v;
    v.article_id = q.column(0).int64();
    v.version = q.column(1).int32();
    v.title = q.column(2).text();
    v.body = q.column(3).text();
    v.tags = split_tags(q.column(4).text());
    v.locale = q.column(5).text();
    v.author = q.column(6).text();
    v.created_at = q.column(7).int64();
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<VocabularyEntry> SqlKnowledgeStore::vocabulary() {
  sql::Statement q(db_, "SELECT id, kind, words FROM kb_vocabulary ORDER BY id");
  std::vector<VocabularyEntry> out;
  while (q.step()) {
    VocabularyEntry e;
    e.id = q.column(0).int64();
    e.kind = q.column(1).text() == "word" ? VocabularyEntry::Kind::kWord
                                          : VocabularyEntry::Kind::kSynonyms;
    if (e.kind == VocabularyEntry::Kind::kWord) {
      e.words.push_back(q.column(2).text());
    } else {
      e.words = split_tags(q.column(2).text());
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::int64_t SqlKnowledgeStore::add_vocabulary(VocabularyEntry::Kind kind,
                                               const std::vector<std::string>& words) {
  sql::Statement q(db_, "INSERT INTO kb_vocabulary(kind, words) VALUES(?, ?) RETURNING id");
  q.bind(1, kind == VocabularyEntry::Kind::kWord ? "word" : "synonyms");
  q.bind(2, kind == VocabularyEntry::Kind::kWord ? words.at(0) : join_tags(words));
  const std::int64_t id = q.insert_returning_id().value();
  bump_revision();
  return id;
}

bool SqlKnowledgeStore::remove_synonyms(std::int64_t id) {
  sql::Statement q(db_, "DELETE FROM kb_vocabulary WHERE kind = 'synonyms' AND id = ?");
  q.bind(1, id);
  if (q.exec() == 0) return false;
  bump_revision();
  return true;
}

std::int64_t SqlKnowledgeStore::learn(const LearnedQuestionRow& r) {
  // The same person's same evidence again: seen again, never counted twice. An agent's word
  // outweighs the customer's when the same person gave both.
  sql::Statement upsert(
      db_,
      "INSERT INTO kb_learned_questions(article_id, question, folded, source, evidence_from, "
      "weight, created_at, last_seen_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(article_id, folded, evidence_from) DO UPDATE SET "
      "last_seen_at = CASE WHEN excluded.last_seen_at > kb_learned_questions.last_seen_at "
      "THEN excluded.last_seen_at ELSE kb_learned_questions.last_seen_at END, "
      "weight = CASE WHEN excluded.weight > kb_learned_questions.weight "
      "THEN excluded.weight ELSE kb_learned_questions.weight END, "
      "source = CASE WHEN excluded.weight > kb_learned_questions.weight "
      "THEN excluded.source ELSE kb_learned_questions.source END "
      "RETURNING id");
  upsert.bind(1, r.article_id).bind(2, r.question).bind(3, r.folded).bind(4, r.source);
  upsert.bind(5, r.evidence_from).bind(6, r.weight).bind(7, r.created_at).bind(8, r.last_seen_at);
  const std::int64_t id = upsert.insert_returning_id().value();
  bump_learned();
  return id;
}

std::vector<LearnedQuestionRow> SqlKnowledgeStore::learned_questions(std::int64_t article_id) {
  sql::Statement q(db_, std::string("SELECT ") + kLearnedColumns +
                            " FROM kb_learned_questions l WHERE l.article_id = ?");
  q.bind(1, article_id);
  std::vector<LearnedQuestionRow> out;
  while (q.step()) out.push_back(read_learned(q));
  return out;
}

std::vector<LearnedQuestionRow> SqlKnowledgeStore::published_learned_questions() {
  sql::Statement q(db_, std::string("SELECT ") + kLearnedColumns +
                            ", a.locale FROM kb_learned_questions l JOIN kb_articles a "
                            "ON a.id = l.article_id WHERE a.status = 'published'");
  std::vector<LearnedQuestionRow> out;
  while (q.step()) {
    out.push_back(read_learned(q));
    out.back().locale = q.column(8).text();
  }
  return out;
}

bool SqlKnowledgeStore::remove_learned_question(std::int64_t article_id, std::int64_t id) {
  sql::Statement q(db_, "DELETE FROM kb_learned_questions WHERE id = ? AND article_id = ?");
  q.bind(1, id).bind(2, article_id);
  if (q.exec() == 0) return false;
  bump_learned();
  return true;
}

void SqlKnowledgeStore::remove_learned_questions(std::int64_t article_id) {
  sql::Statement q(db_, "DELETE FROM kb_learned_questions WHERE article_id = ?");
  q.bind(1, article_id);
  if (q.exec() > 0) bump_learned();
}

std::int64_t SqlKnowledgeStore::read_counter(std::optional<sql::Statement>& s, const char* text) {
  if (!s) s.emplace(db_, text);
  s->reset();
  const std::int64_t value = s->step() ? s->column(0).int64() : -1;
  s->reset();
  return value;
}

std::int64_t SqlKnowledgeStore::revision() {
  return read_counter(revision_, "SELECT revision FROM kb_revision WHERE id = 1");
}

std::int64_t SqlKnowledgeStore::learned_version() {
  return read_counter(learned_version_, "SELECT version FROM kb_learned_state WHERE id = 1");
}

std::optional<std::int64_t> SqlKnowledgeStore::foreign_commits() {
  if (db_.engine() != sql::Engine::sqlite) return std::nullopt;
  return read_counter(data_version_, "PRAGMA data_version");
}

}  // namespace kefu::kb
