#pragma once

#include <memory>
#include <string>

#include "knowledge_base/text_tokenizer.hpp"

struct sqlite3;

namespace kefu::kb {

// The FTS5 tokenizer name under which register_fts5_tokenizer() installs a TextTokenizer.
inline constexpr const char* kTokenizerName = "kefu_icu";

// Registers `tokenizer` with FTS5 on the connection `db` (the raw handle, e.g. from SQLiteCpp's
// getHandle()) as tokenizer `kTokenizerName`, and the auxiliary function
// `kefu_matched(table)`, which returns a bit mask of the query's phrases (bit i for phrase i,
// the first 63) that occur in the current row, and `kefu_rows(table)`, the number of rows in
// the table.
//
// Documents and highlight()/snippet() are tokenised with the tokenizer. A query is NOT tokenised
// again: each bareword or quoted string of a MATCH expression is taken as one term already
// folded by the tokenizer, which is what MatchQuery builds. The connection shares ownership of
// the tokenizer until it closes. Throws std::runtime_error when FTS5 is missing.
void register_fts5_tokenizer(sqlite3* db, std::shared_ptr<const TextTokenizer> tokenizer);

}  // namespace kefu::kb
