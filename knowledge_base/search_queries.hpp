#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "knowledge_base/knowledge_base.hpp"

namespace kefu::kb {

// The same ranking, cheaper: see bm25_rank.hpp. ?3 is the idf of each query term.
inline constexpr const char* kArticleRank = "kefu_bm25(kb_articles_fts, 0, ?3, 4.0, 1.0, 2.0)";

// The statements every search runs, prepared once.
struct KnowledgeBase::Queries {
  explicit Queries(SQLite::Database& db)
      : articles(db, std::string("SELECT rowid, ") + kArticleRank +
                         " AS s FROM kb_articles_fts WHERE kb_articles_fts MATCH ?1 "
                         "ORDER BY s DESC LIMIT ?2"),
        articles_in_locale(db, std::string("SELECT r.id, r.s FROM (SELECT rowid AS id, ") +
                                   kArticleRank +
                                   " AS s FROM kb_articles_fts WHERE kb_articles_fts MATCH ?1 "
                                   "ORDER BY s DESC LIMIT ?2) r "
                                   "JOIN kb_articles a ON a.id = r.id WHERE a.locale = ?4"),
        // A passage's rowid is its article's id times kPassageSlots plus its number.
        passages(db,
                 "SELECT rowid / 1024, kefu_bm25(kb_passages_fts, 1, ?3) AS s "
                 "FROM kb_passages_fts WHERE kb_passages_fts MATCH ?1 ORDER BY s DESC LIMIT ?2"),
        passages_in_locale(db,
                           "SELECT r.id, r.s FROM (SELECT rowid / 1024 AS id, "
                           "kefu_bm25(kb_passages_fts, 1, ?3) AS s FROM kb_passages_fts "
                           "WHERE kb_passages_fts MATCH ?1 ORDER BY s DESC LIMIT ?2) r "
                           "JOIN kb_articles a ON a.id = r.id WHERE a.locale = ?4 "
                           "ORDER BY r.s DESC"),
        heading(db, "SELECT slug, title, body FROM kb_articles WHERE id = ?"),
        matched(db,
                "SELECT kefu_matched(kb_articles_fts) FROM kb_articles_fts "
                "WHERE kb_articles_fts MATCH ?1 AND rowid = ?2"),
        // FTS5's structure record: changes with every write to the index, from any connection.
        structure(db, "SELECT block FROM kb_articles_fts_data WHERE id = 10") {}
  SQLite::Statement articles;
  SQLite::Statement articles_in_locale;
  SQLite::Statement passages;
  SQLite::Statement passages_in_locale;
  SQLite::Statement heading;
  SQLite::Statement matched;
  SQLite::Statement structure;
};

}  // namespace kefu::kb
