#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace SQLite {
class Database;
}

namespace kefu::kb {

// The length in tokens of every row of one FTS5 table, read from its `%_docsize` shadow table,
// so that ranking a row needs no lookup in the database. Rows are grouped by rowid / 1024 (a
// passage's article, or a block of article ids) into one array, so a lookup is two reads.
class DocumentLengths {
 public:
  // Reads `fts_table`_docsize in `db` (all columns summed).
  void load(SQLite::Database& db, const std::string& fts_table);
  // Tokens in row `rowid` (0 when unknown) and the mean over all rows (at least 1).
  std::uint32_t of(std::int64_t rowid) const;
  double average() const { return average_; }
  std::size_t size() const { return rows_; }

 private:
  // Row r is at tokens_[first_[r >> 10] + (r & 1023)] when that is below first_[(r >> 10) + 1].
  std::vector<std::uint32_t> first_;
  std::vector<std::uint32_t> tokens_;
  std::size_t rows_ = 0;
  double average_ = 1;
};

// What kefu_bm25() reads: one DocumentLengths per table number (0 articles, 1 passages).
struct RankSources {
  DocumentLengths tables[2];
};

// Registers the FTS5 auxiliary function
//   kefu_bm25(fts_table, table_number, idf_blob, weight_0, weight_1, ...)
// on `db`: Okapi BM25 (k1 1.2, b 0.75) as FTS5's own bm25() computes it, but with every phrase's
// idf given by the caller (`idf_blob`: one native double per phrase of the MATCH, in order) and
// row lengths from `sources`, so each row costs a walk of its phrase instances only. FTS5's
// bm25() asks the database for every row's length, which is most of a search's time. Higher is
// better. The connection shares ownership of `sources`.
void register_bm25_rank(sqlite3* db, std::shared_ptr<const RankSources> sources);

}  // namespace kefu::kb
