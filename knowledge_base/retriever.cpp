#include "knowledge_base/retriever.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <bit>
#include <map>
#include <stdexcept>
#include <string>

#include "knowledge_base/fts5_tokenizer.hpp"
#include "knowledge_base/han_script.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/match_query.hpp"

namespace kefu::kb {
namespace {

class KefuRetriever final : public Retriever {
 public:
  KefuRetriever(const std::vector<EvalSet::Article>& articles,
                std::shared_ptr<const WordVectors> words)
      : db_(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE), kb_(db_, std::move(words)) {
    kb_.set_clock([] { return std::int64_t{0}; });  // picks are replayed at time 0: no decay
    std::vector<ArticleDraft> drafts;
    for (const EvalSet::Article& a : articles) {
      ArticleDraft draft;
      draft.title = a.title.empty() ? a.id : a.title;
      draft.body = a.body;
      draft.locale = has_han(a.title + a.body) ? "zh" : "en";
      drafts.push_back(std::move(draft));
    }
    const std::vector<std::int64_t> ids =
        kb_.create_many(drafts, "eval", 0, ArticleStatus::kPublished);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      ids_[ids[i]] = articles[i].id;
      kb_ids_[articles[i].id] = ids[i];
    }
  }

  void learn(const std::string& question, const std::string& article_id) override {
    const auto it = kb_ids_.find(article_id);
    if (it == kb_ids_.end()) return;
    try {
      kb_.learn(it->second, question, EvidenceSource::kAgent, "agent-" + std::to_string(++picks_),
                0);
    } catch (const std::invalid_argument&) {
      // A question without words teaches nothing, as in the shop.
    }
  }

  Ranking rank(const std::string& question) override {
    SearchOptions options;
    options.limit = 10;
    options.snippets = false;
    const SearchResult result = kb_.search(question, options);
    Ranking ranking;
    for (const SearchHit& hit : result.hits) ranking.ids.push_back(ids_.at(hit.article_id));
    ranking.features = result.features;
    return ranking;
  }

 private:
  SQLite::Database db_;
  KnowledgeBase kb_;
  std::map<std::int64_t, std::string> ids_;
  std::map<std::string, std::int64_t> kb_ids_;
  int picks_ = 0;
};

class BaselineRetriever final : public Retriever {
 public:
  explicit BaselineRetriever(const std::vector<EvalSet::Article>& articles)
      : db_(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
    // Only for kefu_matched(); the baseline table keeps FTS5's own tokenizer.
    register_fts5_tokenizer(db_.getHandle(),
                            std::make_shared<TextTokenizer>(ShopVocabulary::with_defaults()));
    db_.exec("CREATE VIRTUAL TABLE baseline USING fts5(title, body, tokenize='porter unicode61')");
    SQLite::Transaction tx(db_);
    SQLite::Statement insert(db_, "INSERT INTO baseline(rowid, title, body) VALUES(?, ?, ?)");
    std::int64_t rowid = 0;
    for (const EvalSet::Article& a : articles) {
      insert.reset();
      insert.bind(1, ++rowid);
      insert.bind(2, a.title);
      insert.bind(3, a.body);
      insert.exec();
      ids_[rowid] = a.id;
    }
    tx.commit();
  }

  Ranking rank(const std::string& question) override {
    Ranking ranking;
    const std::vector<std::string> words = unicode61_words(question);
    const std::string match = match_any(words);
    if (match.empty()) return ranking;
    SQLite::Statement q(db_,
                        "SELECT rowid, -bm25(baseline), kefu_matched(baseline) FROM baseline "
                        "WHERE baseline MATCH ? ORDER BY rank LIMIT 10");
    q.bind(1, match);
    std::vector<double> scores;
    std::int64_t top_matched = 0;
    while (q.executeStep()) {
      ranking.ids.push_back(ids_.at(q.getColumn(0).getInt64()));
      scores.push_back(q.getColumn(1).getDouble());
      if (scores.size() == 1) top_matched = q.getColumn(2).getInt64();
    }
    ConfidenceFeatures& f = ranking.features;
    f.term_count = static_cast<double>(words.size());
    if (scores.empty()) return ranking;
    f.top_score = scores[0];
    f.gap = scores.size() < 2 || scores[0] <= 0 ? 1.0 : (scores[0] - scores[1]) / scores[0];
    f.coverage = static_cast<double>(std::popcount(static_cast<std::uint64_t>(top_matched))) /
                 static_cast<double>(std::min<std::size_t>(words.size(), 63));
    return ranking;
  }

 private:
  SQLite::Database db_;
  std::map<std::int64_t, std::string> ids_;
};

}  // namespace

std::unique_ptr<Retriever> make_kefu_retriever(const std::vector<EvalSet::Article>& articles,
                                               std::shared_ptr<const WordVectors> words) {
  return std::make_unique<KefuRetriever>(articles, std::move(words));
}

std::unique_ptr<Retriever> make_baseline_retriever(const std::vector<EvalSet::Article>& articles) {
  return std::make_unique<BaselineRetriever>(articles);
}

}  // namespace kefu::kb
