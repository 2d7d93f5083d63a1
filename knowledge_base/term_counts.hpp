#pragma once

#include <string>
#include <unordered_map>

namespace SQLite {
class Database;
}

namespace kefu::kb {

// How many indexed articles hold each term: the document frequencies a search needs to weigh
// its terms (idf) and to leave out the ones nearly every article has. Read in one pass over an
// FTS5 `fts5vocab` row table, so that a search asks no per-term question of the index.
// A value type: a snapshot, stale once the index changes.
class TermCounts {
 public:
  // Reads every term of `vocabulary_table` (an fts5vocab table of type `row`) in `db`.
  static TermCounts load(SQLite::Database& db, const std::string& vocabulary_table);

  // Articles holding `term` (0 for a term the index does not have).
  double documents(const std::string& term) const;
  std::size_t size() const { return documents_.size(); }
  // Every term with its document count.
  const std::unordered_map<std::string, double>& all() const { return documents_; }

 private:
  std::unordered_map<std::string, double> documents_;
};

}  // namespace kefu::kb
