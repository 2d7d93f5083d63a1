#pragma once

#include <string>
#include <vector>

namespace kefu::kb {

// Questions with known answers for measuring search: articles (`id,title,body`) and queries
// (`query,article_id`, an empty article_id meaning the knowledge base has no answer).
struct EvalSet {
  struct Article {
    std::string id;
    std::string title;
    std::string body;
  };
  struct Query {
    std::string text;
    std::string article_id;  // empty: no answer
  };
  std::vector<Article> articles;
  std::vector<Query> queries;

  // Reads ARTICLES.csv and QUERIES.csv. Missing columns, duplicate or empty article ids and
  // queries naming an unknown article throw std::invalid_argument.
  static EvalSet read(const std::string& articles_csv, const std::string& queries_csv);

  // Builds a set from an intent data set (columns text or sentence, and category or label),
  // as /work/shared/data/README.md describes: one article per intent (title = the label with
  // '_' as spaces, body = its training sentences, one per line), the test rows as queries, and
  // `no_answer_label` (e.g. NO_NODES_DETECTED) as "no answer".
  static EvalSet from_intents(const std::string& train_csv, const std::string& test_csv,
                              const std::string& no_answer_label = "NO_NODES_DETECTED");

  // Writes the set as the two CSV files read() reads.
  void write(const std::string& articles_csv, const std::string& queries_csv) const;
};

}  // namespace kefu::kb
