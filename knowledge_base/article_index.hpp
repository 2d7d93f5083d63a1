#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "knowledge_base/article.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace kefu::kb {

// The rows of the search index of the published articles, in a SQLite database: FTS5 tables
// over the articles (kb_articles_fts, its content kb_articles) and over their passages
// (kb_passages_fts over kb_passages, a passage's rowid its article's id times kPassageSlots plus
// its number), with the fts5vocab tables the search counts terms in. The tokenizer and
// kefu_bm25 must be registered on the connection first (fts5_tokenizer.hpp, bm25_rank.hpp).
//
// Where the articles' rows are the store's own table in the same database (SQLite), the index
// only reads them; an index beside another store (PostgreSQL) keeps a copy of each indexed
// article's row in a kb_articles of its own (`copies_rows`). Each call runs in the caller's
// transaction, if any. Not thread safe.
class ArticleIndex {
 public:
  // `db` must outlive this.
  ArticleIndex(SQLite::Database& db, bool copies_rows);
  ~ArticleIndex();
  ArticleIndex(const ArticleIndex&) = delete;
  ArticleIndex& operator=(const ArticleIndex&) = delete;

  // Creates the tables when absent (kb_articles too when it copies rows).
  void create_schema();
  // False when the index was written by an older version (passages numbered before their rowid
  // told their article, or terms of an older tokenizer: kIndexVersion): index everything again,
  // then mark_current().
  bool current();
  void mark_current();

  // Indexes `article` (published), or takes it out as it was indexed.
  void add(const Article& article);
  void remove(const Article& article);
  // Takes every article out.
  void clear();
  // Merges the index's segments into one (FTS5 flushes at every savepoint).
  void optimize();

 private:
  // The prepared statement for `sql`, reset and without bindings: prepared on first use.
  SQLite::Statement& statement(const std::string& sql);

  SQLite::Database& db_;
  bool copies_rows_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace kefu::kb
