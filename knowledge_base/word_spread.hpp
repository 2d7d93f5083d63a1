#pragma once

#include <string>

#include "knowledge_base/term_counts.hpp"

namespace kefu::kb {

// How much a term says about which article a question is about, learnt from how it spreads
// over the knowledge base's articles: log(articles / articles holding it) / log(articles), in
// [0, 1]. A term only one article holds says the most (1); a term every article holds says
// nothing (0). Customers' questions carry words that the lines of nearly every article use
// (`i`, `the`, `my`, `want`, and in a mattress shop `mattress`, `order`): a passage index
// weighs them by how rare they are among lines, where they still look telling (every line
// does not have `want`), so a line that happens to share two of them beats the right
// article's line. Scaling a term's passage weight by its spread over articles keeps such words
// from choosing the article. The counts are the index's own (any language the tokenizer
// reads; no stop list). A term the index does not hold, and every term of a knowledge base of
// fewer than 2 articles, gets 1. A value type; it refers to `documents`, which must outlive it.
class WordSpread {
 public:
  // `documents` counts the articles holding each term, of `articles` articles in all.
  WordSpread(const TermCounts& documents, double articles);

  // The spread weight of `term`, in [0, 1].
  double weight(const std::string& term) const;

 private:
  const TermCounts* documents_;
  double articles_;
};

}  // namespace kefu::kb
