#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_set>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/bm25_rank.hpp"
#include "knowledge_base/fts5_tokenizer.hpp"
#include "knowledge_base/han_script.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/markdown_text.hpp"
#include "knowledge_base/match_query.hpp"
#include "knowledge_base/nearest_passage_rerank.hpp"
#include "knowledge_base/number_reading.hpp"
#include "knowledge_base/question_words.hpp"
#include "knowledge_base/search_queries.hpp"
#include "knowledge_base/search_settings.hpp"
#include "knowledge_base/snippet.hpp"
#include "knowledge_base/word_spread.hpp"

namespace kefu::kb {
namespace {

// A term's idf as FTS5's bm25() computes it, in a table of `rows` rows.
double fts5_idf(double rows, double documents) {
  const double idf = std::log((rows - documents + 0.5) / (documents + 0.5));
  return idf > 0 ? idf : 1e-6;
}

// What a search shows and compares of one article.
struct ArticleRow {
  std::string slug;
  std::string title;
  std::string body;
};

// The rows of the articles one search looks at, each read once through `heading` (SELECT
// slug, title, body ... WHERE id = ?) and kept until the search ends. A row's strings stay
// where they are while others are read, so views into them stay valid.
class ArticleRows {
 public:
  explicit ArticleRows(SQLite::Statement& heading) : heading_(heading) {}

  // Article `id`'s row, or nullptr for an id with no row.
  const ArticleRow* find(std::int64_t id) {
    const auto known = rows_.find(id);
    if (known != rows_.end()) return known->second ? &*known->second : nullptr;
    std::optional<ArticleRow>& row = rows_[id];
    heading_.reset();
    heading_.bind(1, id);
    if (heading_.executeStep()) {
      row = ArticleRow{heading_.getColumn(0).getString(), heading_.getColumn(1).getString(),
                       heading_.getColumn(2).getString()};
    }
    heading_.reset();
    return row ? &*row : nullptr;
  }

 private:
  SQLite::Statement& heading_;
  std::unordered_map<std::int64_t, std::optional<ArticleRow>> rows_;
};

}  // namespace

KnowledgeBase::Queries& KnowledgeBase::queries() const {
  if (!queries_) queries_ = std::make_unique<Queries>(*index_);
  return *queries_;
}

ConfidenceFeatures KnowledgeBase::features(
    const std::vector<double>& idf, const std::vector<int>& phrase,
    const std::vector<SearchHit>& hits, double top_bm25, std::int64_t top_matched,
    const std::unordered_map<std::int64_t, double>& learnt) const {
  ConfidenceFeatures f;
  f.term_count = static_cast<double>(idf.size());
  if (hits.empty()) return f;
  f.top_score = top_bm25;
  const auto unlearnt = [&learnt](const SearchHit& hit) {
    const auto l = learnt.find(hit.article_id);
    return hit.score - (l == learnt.end() ? 0.0 : l->second);
  };
  const double first = unlearnt(hits[0]);
  f.gap = hits.size() < 2 || first <= 0 ? 1.0 : (first - unlearnt(hits[1])) / first;
  double all = 0;
  double matched = 0;
  for (std::size_t i = 0; i < idf.size(); ++i) {
    all += idf[i];
    const int p = phrase[i];
    if (p >= 0 && p < 63 && (top_matched & (std::int64_t{1} << p)) != 0) matched += idf[i];
  }
  f.coverage = all > 0 ? matched / all : 0;
  return f;
}

std::vector<std::string> KnowledgeBase::related_words(std::string_view query,
                                                      const Statistics& stats) const {
  if (!stats.related || has_han(query)) return {};
  return stats.related->for_question(
      tokenizer_->latin_words(query),
      [&stats](const std::string& term) { return stats.terms.documents(term); });
}

std::vector<std::pair<std::string, double>> KnowledgeBase::homophones(
    std::string_view query, const Statistics& stats, std::set<std::string>& misspelt) const {
  std::vector<std::pair<std::string, double>> out;
  if (!has_han(query)) return out;
  const std::vector<std::string> terms = tokenizer_->terms(query);
  // A longer term of the question the search reads as it is, or through its synonym group's
  // first word: the bigrams inside it are its parts, not words typed on their own (付不 of 付不了,
  // read as 付款失败, is no misspelt 服不).
  const auto read_whole = [&](const std::string& term) {
    return std::any_of(terms.begin(), terms.end(), [&](const std::string& longer) {
      if (longer.size() <= term.size() || longer.find(term) == std::string::npos) return false;
      if (stats.terms.documents(longer) > 0) return true;
      const std::string head = tokenizer_->group_head(longer);
      return !head.empty() && stats.terms.documents(head) > 0;
    });
  };
  for (const std::string& term : terms) {
    const double held = stats.terms.documents(term);
    if (read_whole(term)) continue;
    double weight = kHomophoneWeight;
    std::optional<std::string> word;
    if (held > 0) {
      // An exact match is never replaced. But two characters that are no word, held only where
      // they straddle two words of an article (发或 of 补发或者), are read as their homophone
      // too when that is a word more articles hold (多久能发或: 发货), beside the exact match.
      word = stats.homophones.sounds_like(term);
      if (!word || stats.terms.documents(*word) <= held || tokenizer_->is_word(term) ||
          !tokenizer_->is_word(*word)) {
        continue;
      }
      if (std::any_of(out.begin(), out.end(), [&word](const auto& b) { return b.first == *word; }))
        continue;
      out.emplace_back(std::move(*word), weight);
      if (out.size() == kMostHomophones) break;
      continue;
    }
    word = stats.homophones.sounds_like(term);
    if (!word && kFuzzyHomophoneWeight > 0) {
      word = stats.homophones.sounds_near(term);
      weight = kFuzzyHomophoneWeight;
    }
    if (!word && kLetterOffWeight > 0) {
      // A letter of its pinyin typed wrong (发滑 for 发货): only a word, never two characters
      // across two words of an article.
      word = stats.homophones.one_letter_off(term);
      weight = kLetterOffWeight;
      if (word && !tokenizer_->is_word(*word)) word.reset();
    }
    if (word) misspelt.insert(term);
    if (word && std::none_of(out.begin(), out.end(),
                             [&word](const auto& brought) { return brought.first == *word; })) {
      out.emplace_back(std::move(*word), weight);
    }
    if (out.size() == kMostHomophones) break;
  }
  return out;
}

std::vector<KnowledgeBase::QueryTerm> KnowledgeBase::select_terms(
    std::string_view query, const Statistics& stats, const std::set<std::string>& misspelt) const {
  const double rows = stats.published;
  std::vector<QueryTerm> out;
  std::unordered_set<std::string> seen;
  std::optional<std::vector<std::pair<std::string, std::string>>> latin;  // read when needed
  const SpellingIndex::Stemmer stem = [this](const std::vector<std::string>& words) {
    return tokenizer_->latin_terms(words);
  };
  for (std::string& word : tokenizer_->terms(query)) {
    QueryTerm t;
    t.documents = stats.terms.documents(word);
    if (t.documents == 0) {
      // The word as written, for a Latin term (Han and codes are never corrected).
      std::string written;
      if (std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        if (!latin) latin = tokenizer_->latin_words(query);
        for (const auto& [folded, term] : *latin) {
          if (term == word) written = folded;
        }
      }
      if (auto near = stats.spelling.correct(word, written, stem)) {
        t.corrected = true;
        t.documents = stats.terms.documents(*near);
        word = std::move(*near);
      }
    }
    if (!seen.insert(word).second) continue;
    t.term = std::move(word);
    t.idf = std::log(1.0 + (rows - t.documents + 0.5) / (t.documents + 0.5));
    if (t.documents == 0) {
      t.role = QueryTerm::Role::kUnknown;
    } else if (t.documents > std::max(kCommonTermShare * rows, kCommonTermMinDocs)) {
      t.role = QueryTerm::Role::kCommon;
    }
    out.push_back(std::move(t));
  }
  // A single Han character inside a longer Chinese term the index holds says nothing the
  // longer term does not, and is in far more rows: it only backs off when no such term is.
  // Nor does one of a word the search reads through another: a misspelt word whose homophone
  // came (家 of 家货, which brought 假货: alone it finds the articles about 家具), or a shop word
  // whose synonym group's first word the index holds (开 of 开不了机, read as 故障: alone it finds
  // 开发票).
  const auto read = [&](const QueryTerm& longer) {
    if (longer.documents > 0 || misspelt.contains(longer.term)) return true;
    const std::string head = tokenizer_->group_head(longer.term);
    return !head.empty() && stats.terms.documents(head) > 0;
  };
  for (QueryTerm& t : out) {
    if (t.role != QueryTerm::Role::kMatched || !is_single_han(t.term)) continue;
    for (const QueryTerm& longer : out) {
      if (&longer != &t && longer.term.size() > t.term.size() &&
          longer.term.find(t.term) != std::string::npos && read(longer)) {
        t.role = QueryTerm::Role::kCovered;
        break;
      }
    }
  }
  // Terms in most articles (the, 的) say almost nothing and make FTS5 score nearly every row,
  // so they are left out of a question that has others. A question made only of such words
  // narrows nothing down: its rarest word is looked up in the titles alone, and passages are
  // not scored (in a big knowledge base such a word is in most of its passages, and ranking
  // them all would cost more than the rest of the search).
  const bool any_matched = std::any_of(out.begin(), out.end(), [](const QueryTerm& t) {
    return t.role == QueryTerm::Role::kMatched || t.role == QueryTerm::Role::kUnknown;
  });
  QueryTerm* rarest = nullptr;
  for (QueryTerm& t : out) {
    if (t.role == QueryTerm::Role::kCommon && (!rarest || t.documents < rarest->documents)) {
      rarest = &t;
    }
  }
  std::vector<QueryTerm> selected;
  for (QueryTerm& t : out) {
    if (t.role == QueryTerm::Role::kCommon) {
      if (any_matched || &t != rarest) continue;
      t.role = QueryTerm::Role::kTitleOnly;
    }
    selected.push_back(std::move(t));
  }
  return selected;
}

SearchResult KnowledgeBase::search(std::string_view query, const SearchOptions& options) const {
  if (options.limit < 1 || options.limit > 50) {
    throw std::invalid_argument("limit must be between 1 and 50");
  }
  if (options.snippet_tokens < 1 || options.snippet_tokens > 64) {
    throw std::invalid_argument("snippet_tokens must be between 1 and 64");
  }
  catch_up();
  return search_with(statistics(), query, options);
}

SearchResult KnowledgeBase::search_with(const Statistics& stats, std::string_view query,
                                        const SearchOptions& options) const {
  SearchResult result;
  Queries& q = queries();
  const std::string asked(query);
  // A Chinese question without its question words and particles (怎么, 吗, a final 不): the
  // words that say what is asked about remain.
  const std::string plain = QuestionWords::plain(query);
  query = plain;
  // English words no article uses bring the articles' words nearest in meaning: they join the
  // question for the whole search (bm25 at kRelatedWordWeight, the re-rank), but not its
  // confidence features, which judge the customer's own words.
  // Chinese words no article holds bring the indexed words of the same pinyin (typing errors of
  // pinyin keyboards: 退或 for 退货) the same way, at kHomophoneWeight.
  // A homophone a pinyin keyboard's fuzzy syllables reach comes at kFuzzyHomophoneWeight.
  std::string expanded;
  std::unordered_map<std::string, double> related_terms;  // brought term -> its weight
  std::vector<std::pair<std::string, double>> related;
  for (std::string& word : related_words(query, stats))
    related.emplace_back(std::move(word), kRelatedWordWeight);
  std::set<std::string> misspelt;
  if (related.empty()) related = homophones(query, stats, misspelt);
  if (has_han(query)) {
    // Amounts written the other way (满99 as 满九十九, 七天 as 7) join the same way.
    if (const std::string amounts = NumberReading::other_writing(query); !amounts.empty())
      related.emplace_back(amounts, kNumberReadingWeight);
  }
  if (!related.empty()) {
    for (const auto& [word, weight] : related) {
      expanded += " " + word;
      for (std::string& t : tokenizer_->terms(word)) related_terms.emplace(std::move(t), weight);
    }
    for (const std::string& t : tokenizer_->terms(query)) related_terms.erase(t);
    expanded.insert(0, query);
    query = expanded;
  }
  const std::vector<QueryTerm> query_terms = select_terms(query, stats, misspelt);
  // Terms that go into the MATCH, with their idf for the confidence features (every selected
  // term, matched or not) and for kefu_bm25 (only the MATCH's terms).
  std::vector<std::string> terms;
  std::vector<double> idf;
  std::vector<int> phrase;  // per entry of idf: its phrase in the MATCH, or -1
  std::unordered_set<std::string> all_terms;
  bool only_common = false;
  for (const QueryTerm& t : query_terms) {
    all_terms.insert(t.term);
    if (t.role == QueryTerm::Role::kCovered) continue;
    only_common = only_common || t.role == QueryTerm::Role::kTitleOnly;
    if (!related_terms.contains(t.term)) {
      idf.push_back(t.idf);
      phrase.push_back(t.role == QueryTerm::Role::kUnknown ? -1 : static_cast<int>(terms.size()));
    }
    if (t.role != QueryTerm::Role::kUnknown) terms.push_back(t.term);
  }
  const double rows = stats.published;
  const std::string match = only_common ? "title : " + match_any(terms) : match_any(terms);
  std::vector<double> article_idf, passage_idf;
  const WordSpread spread(stats.terms, stats.published);
  for (const std::string& term : terms) {
    const auto brought = related_terms.find(term);
    const double weight = brought == related_terms.end() ? 1.0 : brought->second;
    article_idf.push_back(weight * fts5_idf(rows, stats.terms.documents(term)));
    passage_idf.push_back(
        std::max(1e-6, weight * fts5_idf(stats.passages, stats.passage_terms.documents(term)) *
                           std::pow(spread.weight(term), kPassageSpreadPower)));
  }
  const auto idf_bytes = static_cast<int>(terms.size() * sizeof(double));
  // The shop's own questions: evidence raises an article, or brings one the words missed.
  const auto evidence = learned_->evidence_for(asked, options.locale, clock_());
  if (match.empty() && evidence.empty()) {
    result.features = features(idf, phrase, result.hits, 0, 0, {});
    return result;
  }
  // Candidates: the best articles as a whole, and the articles of the best passages.
  std::map<std::int64_t, double> article_bm25;
  std::map<std::int64_t, std::vector<double>> passage_bm25;
  SQLite::Statement& articles = options.locale ? q.articles_in_locale : q.articles;
  articles.reset();
  articles.bind(1, match.empty() ? std::string("\"\"") : match);
  articles.bind(2, kArticleCandidates);
  articles.bind(3, article_idf.data(), idf_bytes);
  if (options.locale) articles.bind(4, *options.locale);
  double best_article = 0;
  while (articles.executeStep()) {
    const double bm25 = articles.getColumn(1).getDouble();
    article_bm25[articles.getColumn(0).getInt64()] = bm25;
    best_article = std::max(best_article, bm25);
  }
  articles.reset();
  SQLite::Statement& passages = options.locale ? q.passages_in_locale : q.passages;
  passages.reset();
  passages.bind(1, match.empty() ? std::string("\"\"") : match);
  passages.bind(2, kPassageCandidates);
  passages.bind(3, passage_idf.data(), idf_bytes);
  if (options.locale) passages.bind(4, *options.locale);
  double best_passage = 0;
  while (!only_common && passages.executeStep()) {
    const double bm25 = passages.getColumn(1).getDouble();
    auto& list = passage_bm25[passages.getColumn(0).getInt64()];
    if (list.size() < kPassagesCounted) list.push_back(bm25);  // arrive best first
    best_passage = std::max(best_passage, bm25);
  }
  passages.reset();
  for (const auto& [id, bm25] : article_bm25) passage_bm25[id];
  std::vector<std::pair<double, std::int64_t>> ranked;
  for (const auto& [id, list] : passage_bm25) {
    double sum = 0;
    for (double s : list) sum += s;
    const auto a = article_bm25.find(id);
    const double whole =
        a == article_bm25.end() || best_article <= 0 ? 0 : a->second / best_article;
    const double parts =
        best_passage <= 0 ? 0 : sum / static_cast<double>(kPassagesCounted) / best_passage;
    ranked.emplace_back(kArticleShare * whole + (1 - kArticleShare) * parts, id);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  // Each candidate's row is read at most once, by the re-rank (for a candidate it has not
  // prepared in this state of the index) or by the hits below.
  ArticleRows candidate_rows(q.heading);
  const NearestPassageRerank rerank(
      kRerankCandidates, kSimilarityShare, kTitleWeight,
      [this](std::string_view text) { return tokenizer_->terms(text); },
      stats.classifier ? &*stats.classifier : nullptr, kClassifierWeight, words_.get(),
      kMeaningWeight, kTitlePrecisionWeight,
      [this](const std::string& term) { return tokenizer_->is_word(term); });
  const std::uint64_t generation = statistics_generation_;
  const NearestPassageRerank::Signals signals = rerank.apply(
      query, ranked, [&](std::int64_t id) -> const NearestPassageRerank::PreparedArticle* {
        if (const auto* known = prepared_articles_.find(id, generation)) return known;
        const ArticleRow* row = candidate_rows.find(id);
        if (row == nullptr) return nullptr;
        std::vector<std::string_view> texts = passages_of(row->body);
        texts.insert(texts.begin(), row->title);
        return &prepared_articles_.remember(id, generation, rerank.prepare(texts));
      });
  if (!evidence.empty()) {
    // Only the article whose learnt questions are clearly nearest gains, by its lead over the
    // next: where several articles' questions are alike, the evidence tells nothing apart.
    std::int64_t nearest = 0;
    double best = 0, second = 0;
    for (const auto& [id, e] : evidence) {
      if (e > best || (e == best && id < nearest)) {
        second = best;
        best = e;
        nearest = id;
      } else {
        second = std::max(second, e);
      }
    }
    const double gain = kLearnedWeight * (best - second);
    bool found = false;
    for (auto& [score, id] : ranked) {
      if (id == nearest) {
        score += gain;
        found = true;
      }
    }
    if (!found) ranked.emplace_back(gain, nearest);
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
  }
  if (ranked.size() > static_cast<std::size_t>(options.limit)) ranked.resize(options.limit);
  for (const auto& [score, id] : ranked) {
    SearchHit hit;
    hit.article_id = id;
    hit.score = score;
    if (const ArticleRow* row = candidate_rows.find(id)) {
      hit.slug = row->slug;
      hit.title = row->title;
      if (options.snippets) {
        const std::string body = markdown_to_plain_text(row->body);
        hit.snippet = make_snippet(body, tokenizer_->tokenize(body), all_terms,
                                   options.snippet_tokens, options.mark_open, options.mark_close);
      }
    }
    result.hits.push_back(std::move(hit));
  }
  double top_bm25 = 0;
  std::int64_t top_matched = 0;
  if (!result.hits.empty()) {
    const std::int64_t top = result.hits[0].article_id;
    const auto a = article_bm25.find(top);
    top_bm25 = a != article_bm25.end() ? a->second : best_passage;
    q.matched.reset();
    q.matched.bind(1, match.empty() ? std::string("\"\"") : match);
    q.matched.bind(2, top);
    if (q.matched.executeStep()) top_matched = q.matched.getColumn(0).getInt64();
    q.matched.reset();
  }
  result.features = features(idf, phrase, result.hits, top_bm25, top_matched, signals.learnt);
  if (!result.hits.empty()) {
    double others = 0;
    for (const auto& [id, s] : signals.similarity) {
      if (id != result.hits[0].article_id) others = std::max(others, s);
    }
    const auto top = signals.similarity.find(result.hits[0].article_id);
    result.features.similarity = top == signals.similarity.end() ? 0 : top->second;
    result.features.similarity_gap = result.features.similarity - others;
  }
  result.confidence = confidence_.probability(result.features);
  result.auto_answer = confidence_.auto_answer(result.features);
  return result;
}

SearchResult KnowledgeBase::suggest_for_conversation(const std::vector<std::string>& messages,
                                                     int limit) const {
  if (limit < 1 || limit > 20) throw std::invalid_argument("limit must be between 1 and 20");
  SearchResult out;
  std::map<std::int64_t, double> score;
  std::map<std::int64_t, SearchHit> hits;
  double weight = 1.0;
  int used = 0;
  // Notices a change to the index first, so nothing remembered outlives it.
  catch_up();
  const Statistics& stats = statistics();
  // Learnt questions change the searches too.
  const std::uint64_t generation = (statistics_generation_ << 32) ^ learned_->refresh(clock_());
  for (auto it = messages.rbegin(); it != messages.rend() && used < 4; ++it, ++used) {
    // Each refresh of a conversation's suggestions searches its last four messages: all but
    // the newest were searched by the refresh before, with the same options.
    const SearchResult* found = recent_searches_.find(*it, generation);
    if (found == nullptr) {
      SearchOptions options;
      options.limit = 10;
      found = &recent_searches_.remember(*it, generation, search_with(stats, *it, options));
    }
    const SearchResult& r = *found;
    if (used == 0) {
      // The confidence depends on the first two hits only, so a limit of 10 gives what the
      // default search gives.
      out.features = r.features;
      out.confidence = r.confidence;
      out.auto_answer = r.auto_answer;
    }
    if (!r.hits.empty()) {
      const double top = r.hits[0].score;
      for (const SearchHit& h : r.hits) {
        // Each message's scores are scaled to its best hit, so a long message cannot drown
        // the latest one.
        score[h.article_id] += weight * (top > 0 ? h.score / top : 0);
        // The snippet shown is the one for the most recent message that found the article.
        hits.emplace(h.article_id, h);
      }
    }
    weight /= 2;
  }
  for (auto& [id, hit] : hits) {
    hit.score = score[id];
    out.hits.push_back(hit);
  }
  std::sort(out.hits.begin(), out.hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.score != b.score ? a.score > b.score : a.article_id < b.article_id;
  });
  if (static_cast<int>(out.hits.size()) > limit) out.hits.resize(static_cast<std::size_t>(limit));
  return out;
}

}  // namespace kefu::kb
