#include <SQLiteCpp/SQLiteCpp.h>

#include "knowledge_base/article_index.hpp"
#include "knowledge_base/knowledge_base.hpp"
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
  article_index_->clear();
  for (const Article& a : list(ArticleStatus::kPublished)) article_index_->add(a);
  article_index_->optimize();
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
  article_index_->clear();
  for (const Article& a : published) article_index_->add(a);
  article_index_->optimize();
  tx.commit();
}

void KnowledgeBase::optimize_index() {
  article_index_->optimize();
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
  article_index_->add(a);
}

void KnowledgeBase::unindex(const Article& a) const {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  if (own_index_) {
    own_index_stale_ = true;
    return;
  }
  article_index_->remove(a);
}

}  // namespace kefu::kb
