#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge_base/article.hpp"
#include "knowledge_base/article_classifier.hpp"
#include "knowledge_base/confidence_model.hpp"
#include "knowledge_base/homophone_index.hpp"
#include "knowledge_base/knowledge_store.hpp"
#include "knowledge_base/learned_questions.hpp"
#include "knowledge_base/prepared_articles.hpp"
#include "knowledge_base/recent_searches.hpp"
#include "knowledge_base/related_words.hpp"
#include "knowledge_base/search_result.hpp"
#include "knowledge_base/shop_vocabulary.hpp"
#include "knowledge_base/spelling_index.hpp"
#include "knowledge_base/store_watch.hpp"
#include "knowledge_base/term_counts.hpp"
#include "knowledge_base/text_tokenizer.hpp"
#include "knowledge_base/word_vectors.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace kefu::sql {
class Connection;
}  // namespace kefu::sql

namespace kefu::kb {

class ArticleIndex;
struct RankSources;

// What import_markdown_dir() did.
struct ImportReport {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
};

// The shop's knowledge base: articles with their versions, and search over the published ones.
//
// Search ranks each article by a blend of two bm25 scores: the article as a whole (title,
// body and tags weighted) and its three best-matching passages (lines of the body), so that
// an article with one paragraph that answers the question beats a long one that merely
// mentions its words. The ten best are then re-ranked by how near the question is to their
// nearest passage in character grams, how much of it their title says and, unless the
// knowledge base is large, an article classifier learnt from the articles' lines
// (NearestPassageRerank, ArticleClassifier). With English word vectors, a question's words
// that no article uses also bring the articles' words nearest to them in meaning
// (RelatedWords), and the re-rank weighs how near the question's meaning is to each
// candidate's.
//
// The truth (articles and their versions, the vocabulary admins added, learned questions) is
// in a KnowledgeStore on the given connection, SQLite or PostgreSQL; the search index is
// derived from it. On SQLite the index (FTS5 tables kb_articles_fts, kb_passages_fts and
// kb_passages, created if absent) is in the same database and changes in the same transaction
// as the articles, so every connection to the file shares it. On PostgreSQL each KnowledgeBase
// keeps its own index in an in-memory SQLite database, filled from the published articles and
// rebuilt when the store's revision moves: after a change through this object at once, after
// one through another node within the poll interval (StoreWatch; 1 s unless set), at the next
// search or prepare_search(). Either way the ICU tokenizer is registered on the index's
// connection, so every connection that searches must have its own KnowledgeBase. Only
// published articles are in the search index; customers and agents see nothing else. Every
// change is one transaction on the store's connection: on an exception nothing changed. Times
// are passed in (ms since the epoch, server clock). Not thread safe: one thread per instance,
// as for the connection itself.
class KnowledgeBase {
 public:
  // Opens the knowledge base in `db` (which must outlive it) with the built-in shop vocabulary
  // plus the words and synonyms admins added before. `words` (may be null: search by letters
  // alone) are the word vectors its search reads meaning from; one set serves any number of
  // knowledge bases. On SQLite the tables are created if absent; on PostgreSQL they come from
  // its migrations, and the index is built here.
  explicit KnowledgeBase(sql::Connection& db, std::shared_ptr<const WordVectors> words = nullptr);
  // The same on the SQLite database `db` (which must outlive it).
  explicit KnowledgeBase(SQLite::Database& db, std::shared_ptr<const WordVectors> words = nullptr);
  ~KnowledgeBase();
  KnowledgeBase(const KnowledgeBase&) = delete;
  KnowledgeBase& operator=(const KnowledgeBase&) = delete;

  // Stores a new draft article as version 1 and returns its id. Throws std::invalid_argument for
  // a draft that validate() rejects or a slug already in use.
  std::int64_t create(const ArticleDraft& draft, const std::string& author, std::int64_t now);

  // Stores many new articles, each as version 1 with `status`, all or none (the first bad draft
  // throws std::invalid_argument naming its number, from 1). Much faster than create() and
  // publish() one by one: the index is written once. Returns the ids in the drafts' order.
  std::vector<std::int64_t> create_many(const std::vector<ArticleDraft>& drafts,
                                        const std::string& author, std::int64_t now,
                                        ArticleStatus status);

  // Stores the next version of article `id`. A published article stays published and its new
  // text is searchable at once. Unknown id or bad draft: std::invalid_argument.
  void update(std::int64_t id, const ArticleDraft& draft, const std::string& author,
              std::int64_t now);

  // Makes the article visible to search (publish) or hides it again (unpublish).
  void publish(std::int64_t id, std::int64_t now);
  void unpublish(std::int64_t id, std::int64_t now);

  // Deletes article `id` with all its versions and takes it out of search. Unknown id:
  // std::invalid_argument.
  void remove(std::int64_t id);

  std::optional<Article> get(std::int64_t id) const;
  std::optional<Article> get_by_slug(const std::string& slug) const;
  // All articles ordered by id, optionally only those with `status`.
  std::vector<Article> list(std::optional<ArticleStatus> status = std::nullopt) const;
  // Every version of article `id`, oldest first (empty for an unknown id).
  std::vector<ArticleVersion> versions(std::int64_t id) const;

  // Published articles that answer `query`, best first, with the confidence that the first is
  // right. Any text is a valid query; one without terms finds nothing.
  SearchResult search(std::string_view query, const SearchOptions& options = {}) const;

  // Suggestions for an agent: `messages` are the customer's messages, oldest first. The latest
  // counts fully, each earlier one half as much as the one after it (at most four are used).
  // The hits are the suggestions; features, confidence and auto_answer are those of the latest
  // message's own search (what search() would say of it), so a caller that needs both asks once.
  SearchResult suggest_for_conversation(const std::vector<std::string>& messages,
                                        int limit = 3) const;

  // What the first search after a change of the articles would otherwise pay for, done now:
  // counts the search statistics and trains the article classifier (up to half a second on a
  // large knowledge base). Call it after an edit, off the path of a waiting customer. Cheap
  // when nothing changed: one read of the index's structure record.
  void prepare_search() const;
  // True when the search statistics match the index as it is now (a change through any
  // connection counts), i.e. the next search will not count them again.
  bool search_prepared() const;

  // Learns that `question` belongs to published article `id` (LearnedQuestions): an agent
  // inserted it while answering the question, or the customer said it helped. `who` is an
  // opaque id of that agent or visitor: the same person's same question counts once. Returns the
  // learnt question's id. Unknown or unpublished article, a question without words or over
  // LearnedQuestions::kMaxQuestionBytes, empty `who`: std::invalid_argument, nothing changes.
  std::int64_t learn(std::int64_t id, const std::string& question, EvidenceSource source,
                     const std::string& who, std::int64_t now);
  // The questions learnt for article `id`, strongest first, weights decayed to `now`.
  std::vector<LearnedQuestion> learned_questions(std::int64_t id, std::int64_t now) const;
  // Removes learnt question `learned_id` of article `id`; false (nothing changes) when article
  // `id` has no such question.
  bool remove_learned_question(std::int64_t id, std::int64_t learned_id);
  // The clock (ms since the epoch) the search decays learnt questions by; the system clock
  // unless replaced (tests).
  void set_clock(std::function<std::int64_t()> clock) { clock_ = std::move(clock); }

  // Adds a word to the shop vocabulary, or a synonym group, stores it and reindexes.
  // add_synonyms returns the stored group's id; bad words throw std::invalid_argument and
  // change nothing.
  void add_vocabulary_word(const std::string& word);
  std::int64_t add_synonyms(const std::vector<std::string>& words);

  // A synonym group an admin added (kb_vocabulary), as given.
  struct SynonymGroup {
    std::int64_t id = 0;
    std::vector<std::string> words;
  };
  // The groups admins added, oldest first.
  std::vector<SynonymGroup> added_synonyms() const;
  // The groups every shop has (ShopVocabulary::with_defaults), canonical word first.
  static std::vector<std::vector<std::string>> built_in_synonyms();
  // Removes an added group and reindexes; false (and nothing changes) for an unknown id.
  bool remove_synonyms(std::int64_t id);

  // Replaces the model that decides automatic answers.
  void set_confidence_model(const ConfidenceModel& model) { confidence_ = model; }
  const ConfidenceModel& confidence_model() const { return confidence_; }

  // Loads every *.md file in `dir` (front matter: title, slug or id, tags, locale, status).
  // An article whose slug exists gets a new version when its content differs. All files or
  // none: the first bad file throws std::invalid_argument naming it.
  ImportReport import_markdown_dir(const std::filesystem::path& dir, const std::string& author,
                                   std::int64_t now);
  // Writes every article as <slug>.md with front matter into `dir` (created if absent) and
  // returns how many were written.
  int export_markdown_dir(const std::filesystem::path& dir) const;

  // Removes every article from the index and indexes the published ones again.
  void rebuild_index();

  // How often an index of its own (PostgreSQL) asks the store whether another node changed the
  // articles or the learned questions (StoreWatch::kDefaultPoll unless set).
  void set_poll_interval(std::chrono::milliseconds poll);

  // Merges the index's segments into one. Each change adds a small segment (FTS5 flushes at
  // every savepoint), so call this after loading many articles; searches get faster.
  void optimize_index();

  const TextTokenizer& tokenizer() const { return *tokenizer_; }

 private:
  // Owns `connection` (the SQLite::Database constructor's).
  KnowledgeBase(std::unique_ptr<sql::Connection> connection,
                std::shared_ptr<const WordVectors> words);
  // What both constructors do once the connection is known.
  void open();
  // Sets the tokenizer's vocabulary to the built-in one plus the store's rows.
  void load_vocabulary() const;
  // Adds the article to the index, or takes it out (kb_articles_fts, kb_passages_fts and
  // kb_passages; an index of its own keeps a copy of its row in kb_articles too).
  // On an index of its own both only mark it stale: it is rebuilt from what was committed.
  void index(const Article& article) const;
  void unindex(const Article& article) const;
  // The index of its own, emptied and filled again from the store's published articles.
  void rebuild_own_index() const;
  // After a change of the articles or vocabulary: rebuild_index() on SQLite; an index of its
  // own is rebuilt at the next search, after the change is committed.
  void reindex();
  // Brings the index and the vocabulary up to the store's revision when the StoreWatch says
  // another connection or node may have changed it (or this object did, for an index of its
  // own).
  void catch_up() const;
  void mark_published(const Article& article, std::int64_t now);
  std::int64_t insert(const ArticleDraft& draft, const std::string& author, std::int64_t now);
  Article require(std::int64_t id) const;
  struct Queries;
  Queries& queries() const;
  // idf: of each query term the features count; phrase: its phrase number in the MATCH (bit
  // of `top_matched`), or -1 for a term the index does not hold; learnt: what the article
  // classifier added to each hit's score, taken out of the gap (its probabilities sum to 1, so
  // it names a winner for questions the knowledge base cannot answer too).
  ConfidenceFeatures features(const std::vector<double>& idf, const std::vector<int>& phrase,
                              const std::vector<SearchHit>& hits, double top_bm25,
                              std::int64_t top_matched,
                              const std::unordered_map<std::int64_t, double>& learnt) const;
  // What a search weighs its terms with: the number of published articles and each term's
  // document frequency, counted on first use after a change (through this object, or a commit
  // through another connection, seen in FTS5's structure record).
  struct Statistics {
    double published = 0;
    TermCounts terms;
    double passages = 0;
    TermCounts passage_terms;
    SpellingIndex spelling;     // of `terms`
    HomophoneIndex homophones;  // of `terms`
    // Of the published articles' lines, for the re-rank; none in a large knowledge base
    // (ArticleClassifier::train).
    std::optional<ArticleClassifier> classifier;
    // The articles' words a question's word can bring (none without word vectors).
    std::optional<RelatedWords> related;
  };
  const Statistics& statistics() const;
  // The FTS5 structure record of the index now: it changes with every commit to the index.
  std::string index_structure() const;
  // search() with statistics already checked against the index (options already checked).
  SearchResult search_with(const Statistics& stats, std::string_view query,
                           const SearchOptions& options) const;
  // One distinct term of a question, after spelling correction, and what the search does with
  // it.
  struct QueryTerm {
    enum class Role {
      kMatched,    // in the MATCH
      kUnknown,    // in no article: counts against coverage, not searched
      kCommon,     // in too many articles to narrow anything down: dropped
      kTitleOnly,  // the rarest word of a question of only common words: searched in titles
      kCovered,    // a Han character inside a longer term of the question the index holds,
                   // or inside a misspelt word that brought its homophone
    };
    std::string term;
    double documents = 0;
    double idf = 0;
    bool corrected = false;  // the question's word was not indexed; this is the nearest one
    Role role = Role::kMatched;
  };
  // The terms of `query` (TextTokenizer::terms) as the search uses them; kCommon ones are
  // left out. `misspelt`: the question's Chinese words that brought a homophone.
  std::vector<QueryTerm> select_terms(std::string_view query, const Statistics& stats,
                                      const std::set<std::string>& misspelt = {}) const;
  // The words RelatedWords brings for the English words of `query` (none for a question with
  // Han characters, or without word vectors).
  std::vector<std::string> related_words(std::string_view query, const Statistics& stats) const;
  // The indexed Chinese words that sound like the question's words no article holds
  // (HomophoneIndex), at most kMostHomophones, each with its weight: kHomophoneWeight for the
  // same syllables, kFuzzyHomophoneWeight for syllables a pinyin keyboard confuses. The
  // question's words that brought one are added to `misspelt`. Two characters that are no word
  // (TextTokenizer::is_word) and that the index holds only across two words also bring their
  // homophone when more articles hold it, beside the exact match. A bigram inside a longer
  // term the search reads (付不 of 付不了) brings nothing.
  std::vector<std::pair<std::string, double>> homophones(std::string_view query,
                                                         const Statistics& stats,
                                                         std::set<std::string>& misspelt) const;

  std::unique_ptr<sql::Connection> own_connection_;  // only for the SQLite::Database constructor
  sql::Connection& db_;                              // the store's
  std::unique_ptr<KnowledgeStore> store_;
  std::unique_ptr<SQLite::Database> own_index_;      // PostgreSQL: the index of this object alone
  SQLite::Database* index_ = nullptr;                // the SQLite connection the index is on
  std::unique_ptr<ArticleIndex> article_index_;      // its rows
  mutable StoreWatch watch_{*store_};                // when to read the store's revision again
  mutable std::int64_t revision_ = -1;               // the store's revision the index reflects
  mutable bool own_index_stale_ = false;             // changed through this object since built
  mutable std::vector<VocabularyEntry> vocabulary_;  // the store's rows the tokenizer has
  std::shared_ptr<const WordVectors> words_;
  std::shared_ptr<TextTokenizer> tokenizer_;
  ConfidenceModel confidence_;
  std::unique_ptr<LearnedQuestions> learned_;
  std::function<std::int64_t()> clock_;
  mutable std::unique_ptr<Queries> queries_;  // prepared once, on the first search
  mutable std::optional<Statistics> statistics_;
  std::shared_ptr<RankSources> rank_sources_;  // row lengths, loaded with statistics_
  mutable std::string index_structure_;  // FTS5 structure record when statistics_ were counted
  mutable std::uint64_t statistics_generation_ = 0;  // counts each (re)count of statistics_
  // The searches suggest_for_conversation ran, per message text, for this statistics_generation_.
  mutable RecentSearches recent_searches_{2048};
  // The candidates' lines as the re-rank reads them, for this statistics_generation_: at most
  // 2 M grams (about 16 MB).
  mutable PreparedArticles prepared_articles_{2'000'000};
};

}  // namespace kefu::kb
