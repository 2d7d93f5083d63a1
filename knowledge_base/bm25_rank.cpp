#include "knowledge_base/bm25_rank.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cstring>
#include <stdexcept>
#include <vector>

namespace kefu::kb {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// One SQLite varint (as FTS5 writes column sizes) from `p`; advances `p`.
std::uint64_t read_varint(const unsigned char*& p, const unsigned char* end) {
  std::uint64_t v = 0;
  for (int i = 0; i < 9 && p < end; ++i) {
    const unsigned char c = *p++;
    if (i == 8) return (v << 8) | c;
    v = (v << 7) | (c & 0x7f);
    if ((c & 0x80) == 0) return v;
  }
  return v;
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error("SQLite has no FTS5");
  }
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (api == nullptr) throw std::runtime_error("SQLite has no FTS5");
  return api;
}

void bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int argc,
          sqlite3_value** argv) {
  const RankSources& sources =
      **static_cast<const std::shared_ptr<const RankSources>*>(api->xUserData(fts));
  if (argc < 2) {
    sqlite3_result_error(result, "kefu_bm25(table, number, idf, weights...)", -1);
    return;
  }
  const int table = sqlite3_value_int(argv[0]);
  if (table < 0 || table > 1) {
    sqlite3_result_error(result, "kefu_bm25: table number is 0 or 1", -1);
    return;
  }
  const int phrases = api->xPhraseCount(fts);
  const auto* idf = static_cast<const double*>(sqlite3_value_blob(argv[1]));
  if (sqlite3_value_bytes(argv[1]) != static_cast<int>(phrases * sizeof(double))) {
    sqlite3_result_error(result, "kefu_bm25: one idf per phrase", -1);
    return;
  }
  double frequency[64] = {};
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) {
    sqlite3_result_error_code(result, SQLITE_ERROR);
    return;
  }
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) continue;
    if (phrase >= 64) continue;
    const double weight = column + 2 < argc ? sqlite3_value_double(argv[column + 2]) : 1.0;
    frequency[phrase] += weight;
  }
  const DocumentLengths& lengths = sources.tables[table];
  const double length = lengths.of(api->xRowid(fts));
  const double norm = kK1 * (1 - kB + kB * length / lengths.average());
  double score = 0;
  for (int p = 0; p < phrases && p < 64; ++p) {
    double copy = 0;
    std::memcpy(&copy, idf + p, sizeof copy);
    score += copy * frequency[p] * (kK1 + 1) / (frequency[p] + norm);
  }
  sqlite3_result_double(result, score);
}

void release(void* sources) {
  delete static_cast<std::shared_ptr<const RankSources>*>(sources);
}

}  // namespace

void DocumentLengths::load(SQLite::Database& db, const std::string& fts_table) {
  first_.clear();
  tokens_.clear();
  rows_ = 0;
  // Rows in rowid order: each group's slots run from its first row's slot to its last's.
  SQLite::Statement q(db, "SELECT id, sz FROM " + fts_table + "_docsize ORDER BY id");
  double total = 0;
  while (q.executeStep()) {
    const std::int64_t rowid = q.getColumn(0).getInt64();
    if (rowid < 0) continue;  // never written by the knowledge base
    const SQLite::Column sz = q.getColumn(1);
    const auto* p = static_cast<const unsigned char*>(sz.getBlob());
    const unsigned char* end = p + sz.getBytes();
    std::uint64_t tokens = 0;
    while (p != nullptr && p < end) tokens += read_varint(p, end);
    const auto group = static_cast<std::size_t>(rowid >> 10);
    while (first_.size() <= group + 1) first_.push_back(static_cast<std::uint32_t>(tokens_.size()));
    const std::size_t slot = first_[group] + static_cast<std::size_t>(rowid & 1023);
    if (tokens_.size() <= slot) tokens_.resize(slot + 1, 0);
    first_[group + 1] = static_cast<std::uint32_t>(tokens_.size());
    tokens_[slot] = static_cast<std::uint32_t>(tokens);
    ++rows_;
    total += static_cast<double>(tokens);
  }
  average_ = rows_ == 0 ? 1 : std::max(1.0, total / static_cast<double>(rows_));
}

std::uint32_t DocumentLengths::of(std::int64_t rowid) const {
  if (rowid < 0) return 0;
  const auto group = static_cast<std::size_t>(rowid >> 10);
  if (group + 1 >= first_.size()) return 0;
  const std::size_t slot = first_[group] + static_cast<std::size_t>(rowid & 1023);
  return slot < first_[group + 1] ? tokens_[slot] : 0;
}

void register_bm25_rank(sqlite3* db, std::shared_ptr<const RankSources> sources) {
  fts5_api* api = fts5_of(db);
  auto* owned = new std::shared_ptr<const RankSources>(std::move(sources));
  if (api->xCreateFunction(api, "kefu_bm25", owned, bm25, release) != SQLITE_OK) {
    release(owned);
    throw std::runtime_error("cannot register kefu_bm25");
  }
}

}  // namespace kefu::kb
