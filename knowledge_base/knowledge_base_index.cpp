#include <SQLiteCpp/SQLiteCpp.h>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/kb_savepoint.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/search_settings.hpp"

namespace kefu::kb {

void KnowledgeBase::rebuild_index() {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  Savepoint sp(db_, "kb_rebuild");
  db_.exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('delete-all')");
  db_.exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('delete-all')");
  db_.exec("DELETE FROM kb_passages");
  for (const Article& a : list(ArticleStatus::kPublished)) index(a);
  optimize_index();
  sp.release();
}

void KnowledgeBase::optimize_index() {
  db_.exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('optimize')");
  db_.exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('optimize')");
}

void KnowledgeBase::index(const Article& a) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
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

void KnowledgeBase::unindex(const Article& a) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  SQLite::Statement q(db_,
                      "INSERT INTO kb_articles_fts(kb_articles_fts, rowid, title, body, tags) "
                      "VALUES('delete', ?, ?, ?, ?)");
  q.bind(1, a.id);
  q.bind(2, a.title);
  q.bind(3, a.body);
  q.bind(4, join_tags(a.tags));
  q.exec();
  SQLite::Statement passages(db_, "SELECT id, text FROM kb_passages WHERE article_id = ?");
  passages.bind(1, a.id);
  SQLite::Statement remove(db_,
                           "INSERT INTO kb_passages_fts(kb_passages_fts, rowid, text) "
                           "VALUES('delete', ?, ?)");
  while (passages.executeStep()) {
    remove.reset();
    remove.bind(1, passages.getColumn(0).getInt64());
    remove.bind(2, passages.getColumn(1).getString());
    remove.exec();
  }
  SQLite::Statement drop(db_, "DELETE FROM kb_passages WHERE article_id = ?");
  drop.bind(1, a.id);
  drop.exec();
}

}  // namespace kefu::kb
