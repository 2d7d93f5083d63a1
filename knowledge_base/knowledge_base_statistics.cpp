#include <SQLiteCpp/SQLiteCpp.h>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/bm25_rank.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/search_queries.hpp"
#include "knowledge_base/search_settings.hpp"

namespace kefu::kb {
namespace {

// What a search compares of one article.
struct ArticleText {
  std::string title;
  std::string body;
};

// The article classifier of the published articles' titles and passages (nothing when
// ArticleClassifier::train skips it).
std::optional<ArticleClassifier> learn_published(SQLite::Database& db) {
  SQLite::Statement read(
      db, "SELECT title, body, id FROM kb_articles WHERE status = 'published' ORDER BY id");
  std::vector<std::pair<std::int64_t, ArticleText>> rows;
  while (read.executeStep()) {
    rows.push_back({read.getColumn(2).getInt64(),
                    {read.getColumn(0).getString(), read.getColumn(1).getString()}});
  }
  std::vector<ArticleClassifier::Article> articles;
  for (const auto& [id, row] : rows) {
    ArticleClassifier::Article a{id, passages_of(row.body)};
    a.lines.insert(a.lines.begin(), row.title);
    articles.push_back(std::move(a));
  }
  return ArticleClassifier::train(articles);
}

}  // namespace

std::string KnowledgeBase::index_structure() const {
  Queries& q = queries();
  q.structure.reset();
  std::string structure;
  if (q.structure.executeStep()) {
    const SQLite::Column block = q.structure.getColumn(0);
    structure.assign(static_cast<const char*>(block.getBlob()),
                     static_cast<std::size_t>(block.getBytes()));
  }
  q.structure.reset();
  return structure;
}

void KnowledgeBase::prepare_search() const {
  catch_up();
  statistics();
}

bool KnowledgeBase::search_prepared() const {
  return statistics_ && !own_index_stale_ && index_structure() == index_structure_;
}

const KnowledgeBase::Statistics& KnowledgeBase::statistics() const {
  // A commit through another connection rewrites the index's structure record.
  std::string structure = index_structure();
  if (structure != index_structure_) statistics_.reset();
  index_structure_ = std::move(structure);
  if (!statistics_) {
    SQLite::Database& db = *index_;
    SQLite::Statement count(db, "SELECT count(*) FROM kb_articles WHERE status = 'published'");
    count.executeStep();
    rank_sources_->tables[0].load(db, "kb_articles_fts");
    rank_sources_->tables[1].load(db, "kb_passages_fts");
    Statistics loaded{static_cast<double>(count.getColumn(0).getInt64()),
                      TermCounts::load(db, "kb_articles_terms"),
                      static_cast<double>(rank_sources_->tables[1].size()),
                      TermCounts::load(db, "kb_passages_terms"),
                      {},
                      {},
                      std::nullopt,
                      std::nullopt};
    loaded.spelling = SpellingIndex(loaded.terms);
    loaded.homophones = HomophoneIndex(loaded.terms);
    if (words_) {
      loaded.related.emplace(
          *words_, loaded.published,
          [this](const std::vector<std::string>& w) { return tokenizer_->latin_terms(w); },
          [&loaded](const std::string& term) { return loaded.terms.documents(term); });
    }
    if (loaded.published <= kMaxLearntArticles) loaded.classifier = learn_published(db);
    statistics_.emplace(std::move(loaded));
    ++statistics_generation_;
  }
  return *statistics_;
}

}  // namespace kefu::kb
