#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kefu::kb {

// Builds the FTS5 MATCH expression for terms a TextTokenizer produced: every term in double
// quotes (inner quotes doubled), joined by OR, so no user text is ever read as FTS5 syntax
// (`refund-policy`, `order NOT received`, a lone `"` all just search). Returns "" when there
// are no terms; the caller must then not run the query.
std::string match_any(const std::vector<std::string>& terms);

// Splits `text` the way FTS5's unicode61 tokenizer does (runs of letters and digits) and
// returns the pieces for match_any(). Used only by the baseline the evaluation compares with.
std::vector<std::string> unicode61_words(std::string_view text);

}  // namespace kefu::kb
