#include "knowledge_base/knowledge_base.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/bm25_rank.hpp"
#include "knowledge_base/fts5_tokenizer.hpp"
#include "knowledge_base/kb_savepoint.hpp"
#include "knowledge_base/search_queries.hpp"
#include "knowledge_base/search_settings.hpp"

namespace kefu::kb {
namespace {

// Column weights for bm25(): a word in the title says more than one in the body.
constexpr const char* kRank = "bm25(4.0, 1.0, 2.0)";

constexpr const char* kArticleColumns =
    "id, COALESCE(slug, ''), title, body, tags, locale, status, version, created_at, updated_at";

Article read_article(SQLite::Statement& q) {
  Article a;
  a.id = q.getColumn(0).getInt64();
  a.slug = q.getColumn(1).getString();
  a.title = q.getColumn(2).getString();
  a.body = q.getColumn(3).getString();
  a.tags = split_tags(q.getColumn(4).getString());
  a.locale = q.getColumn(5).getString();
  a.status = parse_status(q.getColumn(6).getString());
  a.version = q.getColumn(7).getInt();
  a.created_at = q.getColumn(8).getInt64();
  a.updated_at = q.getColumn(9).getInt64();
  return a;
}

}  // namespace

KnowledgeBase::~KnowledgeBase() = default;

SQLite::Statement& KnowledgeBase::statement(const std::string& sql) const {
  std::unique_ptr<SQLite::Statement>& cached = statements_[sql];
  if (!cached) cached = std::make_unique<SQLite::Statement>(db_, sql);
  cached->reset();
  cached->clearBindings();
  return *cached;
}

KnowledgeBase::KnowledgeBase(SQLite::Database& db, std::shared_ptr<const WordVectors> words)
    : db_(db),
      words_(std::move(words)),
      tokenizer_(std::make_shared<TextTokenizer>(ShopVocabulary::with_defaults())),
      confidence_(ConfidenceModel::shop_default()),
      clock_([] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      }),
      rank_sources_(std::make_shared<RankSources>()) {
  register_fts5_tokenizer(db_.getHandle(), tokenizer_);
  register_bm25_rank(db_.getHandle(), rank_sources_);
  create_schema();
  learned_ = std::make_unique<LearnedQuestions>(db_);
  load_vocabulary();
  // Passages numbered before passage rowids told their article, or terms of an older
  // tokenizer (kIndexVersion): index everything again.
  SQLite::Statement old(db_, "SELECT 1 FROM kb_passages WHERE id / 1024 != article_id LIMIT 1");
  SQLite::Statement version(db_, "SELECT version FROM kb_index_version");
  const bool current = version.executeStep() && version.getColumn(0).getInt() == kIndexVersion;
  version.reset();
  if (old.executeStep() || !current) {
    Savepoint tx(db_, "kb_index_version");
    rebuild_index();
    db_.exec("DELETE FROM kb_index_version");
    db_.exec("INSERT INTO kb_index_version(version) VALUES(" + std::to_string(kIndexVersion) + ")");
    tx.release();
  }
}

void KnowledgeBase::create_schema() {
  Savepoint tx(db_, "kb_schema");
  db_.exec(R"(
    CREATE TABLE IF NOT EXISTS kb_articles(
      id INTEGER PRIMARY KEY,
      slug TEXT UNIQUE,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      tags TEXT NOT NULL,
      locale TEXT NOT NULL CHECK (locale IN ('zh', 'en')),
      status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
      version INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS kb_article_versions(
      article_id INTEGER NOT NULL REFERENCES kb_articles(id),
      version INTEGER NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      tags TEXT NOT NULL,
      locale TEXT NOT NULL,
      author TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (article_id, version));
    CREATE TABLE IF NOT EXISTS kb_passages(
      id INTEGER PRIMARY KEY,
      article_id INTEGER NOT NULL REFERENCES kb_articles(id),
      text TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS kb_passages_article ON kb_passages(article_id);
    CREATE INDEX IF NOT EXISTS kb_articles_status ON kb_articles(status);
    CREATE TABLE IF NOT EXISTS kb_index_version(version INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS kb_vocabulary(
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('word', 'synonyms')),
      words TEXT NOT NULL);
  )");
  const bool fresh = !db_.tableExists("kb_articles_fts");
  db_.exec(std::string(R"(
    CREATE VIRTUAL TABLE IF NOT EXISTS kb_articles_fts USING fts5(
      title, body, tags, content='kb_articles', content_rowid='id', tokenize=')") +
           kTokenizerName + "');" +
           "CREATE VIRTUAL TABLE IF NOT EXISTS kb_articles_terms USING fts5vocab("
           "kb_articles_fts, row);" +
           "CREATE VIRTUAL TABLE IF NOT EXISTS kb_passages_terms USING fts5vocab("
           "kb_passages_fts, row);" +
           "CREATE VIRTUAL TABLE IF NOT EXISTS kb_passages_fts USING fts5(text, "
           "content='kb_passages', content_rowid='id', tokenize='" +
           kTokenizerName + "');");
  if (fresh) {
    db_.exec(std::string("INSERT INTO kb_articles_fts(kb_articles_fts, rank) VALUES('rank', '") +
             kRank + "')");
  }
  tx.release();
}

void KnowledgeBase::store_version(std::int64_t id, const ArticleDraft& d, const std::string& author,
                                  std::int64_t now) {
  SQLite::Statement& q = statement(
      "INSERT INTO kb_article_versions(article_id, version, title, body, tags, "
      "locale, author, created_at) VALUES(?, (SELECT version FROM kb_articles "
      "WHERE id = ?), ?, ?, ?, ?, ?, ?)");
  q.bind(1, id);
  q.bind(2, id);
  q.bind(3, d.title);
  q.bind(4, d.body);
  q.bind(5, join_tags(d.tags));
  q.bind(6, d.locale);
  q.bind(7, author);
  q.bind(8, now);
  q.exec();
}

std::int64_t KnowledgeBase::insert(const ArticleDraft& draft, const std::string& author,
                                   std::int64_t now) {
  if (!draft.slug.empty() && get_by_slug(draft.slug)) {
    throw std::invalid_argument("slug '" + draft.slug + "' is already in use");
  }
  SQLite::Statement& q = statement(
      "INSERT INTO kb_articles(slug, title, body, tags, locale, status, version, "
      "created_at, updated_at) VALUES(?, ?, ?, ?, ?, 'draft', 1, ?, ?)");
  if (draft.slug.empty()) {
    q.bind(1);
  } else {
    q.bind(1, draft.slug);
  }
  q.bind(2, draft.title);
  q.bind(3, draft.body);
  q.bind(4, join_tags(draft.tags));
  q.bind(5, draft.locale);
  q.bind(6, now);
  q.bind(7, now);
  q.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  if (draft.slug.empty()) {
    SQLite::Statement& s = statement("UPDATE kb_articles SET slug = ? WHERE id = ?");
    s.bind(1, "article-" + std::to_string(id));
    s.bind(2, id);
    s.exec();
  }
  store_version(id, draft, author, now);
  return id;
}

std::int64_t KnowledgeBase::create(const ArticleDraft& draft, const std::string& author,
                                   std::int64_t now) {
  validate(draft);
  check_author(author);
  Savepoint sp(db_, "kb_create");
  const std::int64_t id = insert(draft, author, now);
  sp.release();
  return id;
}

Article KnowledgeBase::require(std::int64_t id) const {
  auto a = get(id);
  if (!a) throw std::invalid_argument("no article " + std::to_string(id));
  return *a;
}

void KnowledgeBase::update(std::int64_t id, const ArticleDraft& draft, const std::string& author,
                           std::int64_t now) {
  validate(draft);
  check_author(author);
  Savepoint sp(db_, "kb_update");
  const Article old = require(id);
  if (!draft.slug.empty() && draft.slug != old.slug && get_by_slug(draft.slug)) {
    throw std::invalid_argument("slug '" + draft.slug + "' is already in use");
  }
  const bool published = old.status == ArticleStatus::kPublished;
  if (published) unindex(old);
  SQLite::Statement q(db_,
                      "UPDATE kb_articles SET slug = ?, title = ?, body = ?, tags = ?, locale = ?, "
                      "version = version + 1, updated_at = ? WHERE id = ?");
  q.bind(1, draft.slug.empty() ? old.slug : draft.slug);
  q.bind(2, draft.title);
  q.bind(3, draft.body);
  q.bind(4, join_tags(draft.tags));
  q.bind(5, draft.locale);
  q.bind(6, now);
  q.bind(7, id);
  q.exec();
  store_version(id, draft, author, now);
  if (published) index(require(id));
  sp.release();
}

void KnowledgeBase::publish(std::int64_t id, std::int64_t now) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  Savepoint sp(db_, "kb_publish");
  const Article a = require(id);
  if (a.status == ArticleStatus::kPublished) return;
  mark_published(a, now);
  sp.release();
}

void KnowledgeBase::mark_published(const Article& a, std::int64_t now) {
  SQLite::Statement& q =
      statement("UPDATE kb_articles SET status = 'published', updated_at = ? WHERE id = ?");
  q.bind(1, now);
  q.bind(2, a.id);
  q.exec();
  index(a);
}

std::vector<std::int64_t> KnowledgeBase::create_many(const std::vector<ArticleDraft>& drafts,
                                                     const std::string& author, std::int64_t now,
                                                     ArticleStatus status) {
  check_author(author);
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    try {
      validate(drafts[i]);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("article " + std::to_string(i + 1) + ": " + e.what());
    }
  }
  // One savepoint for all: FTS5 writes its pending terms out at every savepoint, so one per
  // article would leave thousands of small segments to merge.
  Savepoint sp(db_, "kb_create_many");
  std::vector<std::int64_t> ids;
  ids.reserve(drafts.size());
  for (const ArticleDraft& d : drafts) {
    ids.push_back(insert(d, author, now));
    if (status == ArticleStatus::kPublished) mark_published(require(ids.back()), now);
  }
  if (status == ArticleStatus::kPublished) optimize_index();
  sp.release();
  return ids;
}

void KnowledgeBase::unpublish(std::int64_t id, std::int64_t now) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  Savepoint sp(db_, "kb_unpublish");
  Article a = require(id);
  if (a.status == ArticleStatus::kDraft) return;
  unindex(a);
  SQLite::Statement q(db_, "UPDATE kb_articles SET status = 'draft', updated_at = ? WHERE id = ?");
  q.bind(1, now);
  q.bind(2, id);
  q.exec();
  sp.release();
}

void KnowledgeBase::remove(std::int64_t id) {
  Savepoint sp(db_, "kb_remove");
  const Article a = require(id);
  if (a.status == ArticleStatus::kPublished) unindex(a);
  learned_->remove_article(id);
  for (const char* sql : {"DELETE FROM kb_article_versions WHERE article_id = ?",
                          "DELETE FROM kb_articles WHERE id = ?"}) {
    SQLite::Statement q(db_, sql);
    q.bind(1, id);
    q.exec();
  }
  sp.release();
}

std::int64_t KnowledgeBase::learn(std::int64_t id, const std::string& question,
                                  EvidenceSource source, const std::string& who, std::int64_t now) {
  const std::optional<Article> a = get(id);
  if (!a || a->status != ArticleStatus::kPublished) {
    throw std::invalid_argument("no published article " + std::to_string(id));
  }
  // Folded as the search reads it: case, width, script and inflection do not make another
  // question.
  std::string key;
  for (const std::string& term : tokenizer_->terms(question))
    key += (key.empty() ? "" : " ") + term;
  return learned_->learn(id, question, key, source, who, now);
}

std::vector<LearnedQuestion> KnowledgeBase::learned_questions(std::int64_t id,
                                                              std::int64_t now) const {
  return learned_->of_article(id, now);
}

bool KnowledgeBase::remove_learned_question(std::int64_t id, std::int64_t learned_id) {
  return learned_->remove(id, learned_id);
}

std::optional<Article> KnowledgeBase::get(std::int64_t id) const {
  SQLite::Statement& q =
      statement(std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE id = ?");
  q.bind(1, id);
  std::optional<Article> found;
  if (q.executeStep()) found = read_article(q);
  q.reset();
  return found;
}

std::optional<Article> KnowledgeBase::get_by_slug(const std::string& slug) const {
  SQLite::Statement q(
      db_, std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE slug = ?");
  q.bind(1, slug);
  if (!q.executeStep()) return std::nullopt;
  return read_article(q);
}

std::vector<Article> KnowledgeBase::list(std::optional<ArticleStatus> status) const {
  SQLite::Statement q(db_, std::string("SELECT ") + kArticleColumns +
                               " FROM kb_articles WHERE ?1 IS NULL OR status = ?1 ORDER BY id");
  if (status) q.bind(1, to_string(*status));
  std::vector<Article> out;
  while (q.executeStep()) out.push_back(read_article(q));
  return out;
}

std::vector<ArticleVersion> KnowledgeBase::versions(std::int64_t id) const {
  SQLite::Statement q(db_,
                      "SELECT article_id, version, title, body, tags, locale, author, created_at "
                      "FROM kb_article_versions WHERE article_id = ? ORDER BY version");
  q.bind(1, id);
  std::vector<ArticleVersion> out;
  while (q.executeStep()) {
    ArticleVersion v;
    v.article_id = q.getColumn(0).getInt64();
    v.version = q.getColumn(1).getInt();
    v.title = q.getColumn(2).getString();
    v.body = q.getColumn(3).getString();
    v.tags = split_tags(q.getColumn(4).getString());
    v.locale = q.getColumn(5).getString();
    v.author = q.getColumn(6).getString();
    v.created_at = q.getColumn(7).getInt64();
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace kefu::kb
