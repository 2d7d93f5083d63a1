#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "knowledge_base/text_tokenizer.hpp"

namespace kefu::kb {

// The part of `text` that best shows why it matched: the window of at most `positions` token
// positions (colocated tokens share one) holding the most distinct `terms`, earliest first,
// cut at token boundaries of the ORIGINAL text, with "…" where text was left out. Every
// matched token is between `open` and `close`; overlapping or touching matches are marked as
// one. `tokens` are TextTokenizer::tokenize(text).
std::string make_snippet(std::string_view text, const std::vector<Token>& tokens,
                         const std::unordered_set<std::string>& terms, int positions,
                         const std::string& open, const std::string& close);

}  // namespace kefu::kb
