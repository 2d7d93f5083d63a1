#pragma once

#include <memory>
#include <string>
#include <vector>

#include "knowledge_base/eval_set.hpp"
#include "knowledge_base/search_result.hpp"
#include "knowledge_base/word_vectors.hpp"

namespace kefu::kb {

// The articles one search found for a question, as evaluation ids, best first, and the
// features a ConfidenceModel reads.
struct Ranking {
  std::vector<std::string> ids;
  ConfidenceFeatures features;
};

// A search index over an EvalSet's articles, built in its own in-memory database, so that the
// evaluation can compare ways of searching on equal terms.
class Retriever {
 public:
  virtual ~Retriever() = default;
  // The ten best articles for `question`.
  virtual Ranking rank(const std::string& question) = 0;
  // Replays an agent's pick: `question` was answered with article `article_id` (an evaluation
  // id; one this index lacks is skipped). Each call counts as another agent. The baseline learns
  // nothing.
  virtual void learn(const std::string& question, const std::string& article_id) {
    (void)question;
    (void)article_id;
  }
};

// Kefu's search: a KnowledgeBase with every article published, reading meaning from `words`
// (may be null: letters only).
std::unique_ptr<Retriever> make_kefu_retriever(const std::vector<EvalSet::Article>& articles,
                                               std::shared_ptr<const WordVectors> words);

// The baseline: plain FTS5 with `porter unicode61`, bm25 without column weights, query words
// quoted and OR-joined. Its coverage feature counts query words without idf weights.
std::unique_ptr<Retriever> make_baseline_retriever(const std::vector<EvalSet::Article>& articles);

}  // namespace kefu::kb
