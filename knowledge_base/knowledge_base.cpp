#include "knowledge_base/knowledge_base.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/article_index.hpp"
#include "knowledge_base/bm25_rank.hpp"
#include "knowledge_base/fts5_tokenizer.hpp"
#include "knowledge_base/search_queries.hpp"
#include "knowledge_base/search_settings.hpp"
#include "knowledge_base/sql_knowledge_store.hpp"
#include "server/store/sql/sql_error.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::kb {
namespace {

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

KnowledgeBase::~KnowledgeBase() = default;

KnowledgeBase::KnowledgeBase(sql::Connection& db, std::shared_ptr<const WordVectors> words)
    : db_(db),
      store_(std::make_unique<SqlKnowledgeStore>(db_)),
      words_(std::move(words)),
      tokenizer_(std::make_shared<TextTokenizer>(ShopVocabulary::with_defaults())),
      confidence_(ConfidenceModel::shop_default()),
      clock_(system_now),
      rank_sources_(std::make_shared<RankSources>()) {
  open();
}

KnowledgeBase::KnowledgeBase(SQLite::Database& db, std::shared_ptr<const WordVectors> words)
    : KnowledgeBase(std::make_unique<sql::SqliteConnection>(db), std::move(words)) {}

KnowledgeBase::KnowledgeBase(std::unique_ptr<sql::Connection> connection,
                             std::shared_ptr<const WordVectors> words)
    : own_connection_(std::move(connection)),
      db_(*own_connection_),
      store_(std::make_unique<SqlKnowledgeStore>(db_)),
      words_(std::move(words)),
      tokenizer_(std::make_shared<TextTokenizer>(ShopVocabulary::with_defaults())),
      confidence_(ConfidenceModel::shop_default()),
      clock_(system_now),
      rank_sources_(std::make_shared<RankSources>()) {
  open();
}

void KnowledgeBase::open() {
  if (sql::SqliteConnection* sqlite = sql::as_sqlite(db_)) {
    index_ = &sqlite->database();
    sql::Transaction tx(db_);
    SqlKnowledgeStore::ensure_sqlite_tables(db_);
    tx.commit();
  } else {
    own_index_ = std::make_unique<SQLite::Database>(":memory:",
                                                    SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    index_ = own_index_.get();
  }
  register_fts5_tokenizer(index_->getHandle(), tokenizer_);
  register_bm25_rank(index_->getHandle(), rank_sources_);
  article_index_ = std::make_unique<ArticleIndex>(*index_, own_index_ != nullptr);
  article_index_->create_schema();
  learned_ = std::make_unique<LearnedQuestions>(*store_);
  revision_ = store_->revision();
  watch_.due();  // the revision just read is the one to compare with
  load_vocabulary();
  if (own_index_) {
    rebuild_own_index();
  } else if (!article_index_->current()) {
    sql::Transaction tx(db_);
    rebuild_index();
    article_index_->mark_current();
    tx.commit();
  }
}

std::int64_t KnowledgeBase::insert(const ArticleDraft& draft, const std::string& author,
                                   std::int64_t now) {
  if (!draft.slug.empty() && get_by_slug(draft.slug)) {
    throw std::invalid_argument("slug '" + draft.slug + "' is already in use");
  }
  try {
    return store_->insert_article(draft, author, now);
  } catch (const sql::Error& e) {
    // Another node took the slug since it was looked up.
    if (e.kind() == sql::Error::Kind::duplicate) {
      throw std::invalid_argument("slug '" + draft.slug + "' is already in use");
    }
    throw;
  }
}

std::int64_t KnowledgeBase::create(const ArticleDraft& draft, const std::string& author,
                                   std::int64_t now) {
  validate(draft);
  check_author(author);
  sql::Transaction tx(db_);
  const std::int64_t id = insert(draft, author, now);
  tx.commit();
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
  sql::Transaction tx(db_);
  const Article old = require(id);
  if (!draft.slug.empty() && draft.slug != old.slug && get_by_slug(draft.slug)) {
    throw std::invalid_argument("slug '" + draft.slug + "' is already in use");
  }
  const bool published = old.status == ArticleStatus::kPublished;
  if (published) unindex(old);
  try {
    store_->update_article(id, draft.slug.empty() ? old.slug : draft.slug, draft, author, now);
  } catch (const sql::Error& e) {
    // Another node took the slug since it was looked up.
    if (e.kind() == sql::Error::Kind::duplicate) {
      throw std::invalid_argument("slug '" + draft.slug + "' is already in use");
    }
    throw;
  }
  if (published) index(require(id));
  tx.commit();
}

void KnowledgeBase::publish(std::int64_t id, std::int64_t now) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  sql::Transaction tx(db_);
  const Article a = require(id);
  if (a.status == ArticleStatus::kPublished) return;
  mark_published(a, now);
  tx.commit();
}

void KnowledgeBase::mark_published(const Article& a, std::int64_t now) {
  store_->set_status(a.id, ArticleStatus::kPublished, now);
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
  // One transaction for all: FTS5 writes its pending terms out at every savepoint, so one per
  // article would leave thousands of small segments to merge.
  sql::Transaction tx(db_);
  std::vector<std::int64_t> ids;
  ids.reserve(drafts.size());
  for (const ArticleDraft& d : drafts) {
    ids.push_back(insert(d, author, now));
    if (status == ArticleStatus::kPublished) mark_published(require(ids.back()), now);
  }
  if (status == ArticleStatus::kPublished) optimize_index();
  tx.commit();
  return ids;
}

void KnowledgeBase::unpublish(std::int64_t id, std::int64_t now) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  sql::Transaction tx(db_);
  Article a = require(id);
  if (a.status == ArticleStatus::kDraft) return;
  unindex(a);
  store_->set_status(id, ArticleStatus::kDraft, now);
  tx.commit();
}

void KnowledgeBase::remove(std::int64_t id) {
  sql::Transaction tx(db_);
  const Article a = require(id);
  if (a.status == ArticleStatus::kPublished) unindex(a);
  learned_->changed();
  store_->remove_article(id);
  tx.commit();
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
  sql::Transaction tx(db_);
  const std::int64_t learned = learned_->learn(id, question, key, source, who, now);
  tx.commit();
  return learned;
}

std::vector<LearnedQuestion> KnowledgeBase::learned_questions(std::int64_t id,
                                                              std::int64_t now) const {
  return learned_->of_article(id, now);
}

bool KnowledgeBase::remove_learned_question(std::int64_t id, std::int64_t learned_id) {
  return learned_->remove(id, learned_id);
}

std::optional<Article> KnowledgeBase::get(std::int64_t id) const {
  return store_->article(id);
}

std::optional<Article> KnowledgeBase::get_by_slug(const std::string& slug) const {
  return store_->article_by_slug(slug);
}

std::vector<Article> KnowledgeBase::list(std::optional<ArticleStatus> status) const {
  return store_->articles(status);
}

std::vector<ArticleVersion> KnowledgeBase::versions(std::int64_t id) const {
  return store_->versions(id);
}

void KnowledgeBase::set_poll_interval(std::chrono::milliseconds poll) {
  watch_.set_poll_interval(poll);
  learned_->set_poll_interval(poll);
}

}  // namespace kefu::kb
