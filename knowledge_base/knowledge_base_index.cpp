#include <SQLiteCpp/SQLiteCpp.h>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/search_settings.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::kb {

void KnowledgeBase::rebuild_index() {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  if (own_index_) {
    rebuild_own_index();
    return;
  }
  sql::Transaction tx(db_);
  index_->exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('delete-all')");
  index_->exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('delete-all')");
  index_->exec("DELETE FROM kb_passages");
  for (const Article& a : list(ArticleStatus::kPublished)) write_index(a);
  optimize();
  tx.commit();
}

void KnowledgeBase::rebuild_own_index() const {
  statistics_.reset();
  learned_->changed();
  // The revision first: a change committed while the articles are read moves it again, and the
  // next catch_up() rebuilds once more.
  revision_ = store_->revision();
  own_index_stale_ = false;
  const std::vector<Article> published = store_->articles(ArticleStatus::kPublished);
  SQLite::Transaction tx(*index_);
  index_->exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('delete-all')");
  index_->exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('delete-all')");
  index_->exec("DELETE FROM kb_passages");
  index_->exec("DELETE FROM kb_articles");
  SQLite::Statement& row = statement(
      "INSERT INTO kb_articles(id, slug, title, body, tags, locale, status, version, "
      "created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, 'published', ?, ?, ?)");
  for (const Article& a : published) {
    row.reset();
    row.bind(1, a.id);
    row.bind(2, a.slug);
    row.bind(3, a.title);
    row.bind(4, a.body);
    row.bind(5, join_tags(a.tags));
    row.bind(6, a.locale);
    row.bind(7, a.version);
    row.bind(8, a.created_at);
    row.bind(9, a.updated_at);
    row.exec();
    write_index(a);
  }
  optimize();
  tx.commit();
}

void KnowledgeBase::optimize_index() {
  optimize();
}

void KnowledgeBase::optimize() const {
  index_->exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('optimize')");
  index_->exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('optimize')");
}

void KnowledgeBase::reindex() {
  if (own_index_) {
    statistics_.reset();
    learned_->changed();
    own_index_stale_ = true;
  } else {
    rebuild_index();
  }
}

void KnowledgeBase::catch_up() const {
  if (!own_index_stale_ && !watch_.due()) return;
  const std::int64_t revision = store_->revision();
  if (!own_index_stale_ && revision == revision_) return;
  if (own_index_) {
    load_vocabulary();
    rebuild_own_index();
    return;
  }
  // SQLite: the connection that changed the articles changed the index with them; only the
  // vocabulary this object tokenizes questions with may be out of date.
  revision_ = revision;
  if (store_->vocabulary() != vocabulary_) load_vocabulary();
}

void KnowledgeBase::index(const Article& a) const {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  if (own_index_) {
    own_index_stale_ = true;  // rebuilt whole at the next search, from what was committed
    return;
  }
  write_index(a);
}

void KnowledgeBase::write_index(const Article& a) const {
  SQLite::Statement& q =
      statement("INSERT INTO kb_articles_fts(rowid, title, body, tags) VALUES(?,?,?,?)");
  q.bind(1, a.id);
  q.bind(2, a.title);
  q.bind(3, a.body);
  q.bind(4, join_tags(a.tags));
  q.exec();
  SQLite::Statement& passage =
      statement("INSERT INTO kb_passages(id, article_id, text) VALUES(?, ?, ?)");
  SQLite::Statement& passage_fts =
      statement("INSERT INTO kb_passages_fts(rowid, text) VALUES(?, ?)");
  std::int64_t rowid = a.id * kPassageSlots;
  for (const std::string_view text : passages_of(a.body)) {
    passage.reset();
    passage.bind(1, rowid);
    passage.bind(2, a.id);
    passage.bind(3, std::string(text));
    passage.exec();
    passage_fts.reset();
    passage_fts.bind(1, rowid);
    passage_fts.bind(2, std::string(text));
    passage_fts.exec();
    ++rowid;
  }
}

void KnowledgeBase::unindex(const Article& a) const {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  if (own_index_) {
    own_index_stale_ = true;  // rebuilt whole at the next search, from what was committed
    return;
  }
  SQLite::Statement q(*index_,
                      "INSERT INTO kb_articles_fts(kb_articles_fts, rowid, title, body, tags) "
                      "VALUES('delete', ?, ?, ?, ?)");
  q.bind(1, a.id);
  q.bind(2, a.title);
  q.bind(3, a.body);
  q.bind(4, join_tags(a.tags));
  q.exec();
  SQLite::Statement passages(*index_, "SELECT id, text FROM kb_passages WHERE article_id = ?");
  passages.bind(1, a.id);
  SQLite::Statement remove(*index_,
                           "INSERT INTO kb_passages_fts(kb_passages_fts, rowid, text) "
                           "VALUES('delete', ?, ?)");
  while (passages.executeStep()) {
    remove.reset();
    remove.bind(1, passages.getColumn(0).getInt64());
    remove.bind(2, passages.getColumn(1).getString());
    remove.exec();
  }
  SQLite::Statement drop(*index_, "DELETE FROM kb_passages WHERE article_id = ?");
  drop.bind(1, a.id);
  drop.exec();
}

}  // namespace kefu::kb
