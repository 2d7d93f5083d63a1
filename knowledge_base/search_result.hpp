#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::kb {

// How to search. Highlight marks default to STX/ETX so that a page can split the snippet
// into text and marked text without ever reading it as HTML.
struct SearchOptions {
  int limit = 5;                      // 1..50
  std::optional<std::string> locale;  // only articles in this locale
  std::string mark_open = "\x02";
  std::string mark_close = "\x03";
  int snippet_tokens = 24;  // 1..64
  bool snippets = true;     // false: leave SearchHit::snippet empty (faster)
};

// One article found, best first.
struct SearchHit {
  std::int64_t article_id = 0;
  std::string slug;
  std::string title;
  std::string snippet;  // part of the body with the query's terms between the marks
  // Higher is better, comparable only within one search, never higher than the hit before:
  // a blend of the article's bm25 and its best-matching passages' bm25, each relative to the
  // search's best, and (for the ten best) of its nearest passage's similarity to the question,
  // its title's coverage of it and the article classifier's probability (NearestPassageRerank).
  double score = 0;
};

// What a confidence model looks at, computed from one search.
struct ConfidenceFeatures {
  double top_score = 0;  // score of the first hit
  // (top - second) / top, 1 when there is one hit; scores without what the article
  // classifier added (NearestPassageRerank::Signals::learnt), so it can be below 0.
  double gap = 0;
  double coverage = 0;    // idf-weighted share of the query's terms present in the first hit
  double term_count = 0;  // distinct query terms
  // Character-gram similarity of the first hit's nearest passage to the question, in [0, 1],
  // and how far it is above the best of the other candidates' (PassageSimilarity).
  double similarity = 0;
  double similarity_gap = 0;
};

// Ranked hits and whether the first one may be sent to a customer as an automatic answer.
struct SearchResult {
  std::vector<SearchHit> hits;
  ConfidenceFeatures features;
  double confidence = 0;     // estimated probability that hits[0] answers the question
  bool auto_answer = false;  // confidence reached the model's threshold
};

}  // namespace kefu::kb
