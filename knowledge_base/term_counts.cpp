#include "knowledge_base/term_counts.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace kefu::kb {

TermCounts TermCounts::load(SQLite::Database& db, const std::string& vocabulary_table) {
  TermCounts counts;
  SQLite::Statement q(db, "SELECT term, doc FROM " + vocabulary_table);
  while (q.executeStep()) {
    counts.documents_.emplace(q.getColumn(0).getString(),
                              static_cast<double>(q.getColumn(1).getInt64()));
  }
  return counts;
}

double TermCounts::documents(const std::string& term) const {
  const auto it = documents_.find(term);
  return it == documents_.end() ? 0 : it->second;
}

}  // namespace kefu::kb
