#include "knowledge_base/knowledge_base.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "knowledge_base/bm25_rank.hpp"
#include "knowledge_base/fts5_tokenizer.hpp"
#include "knowledge_base/han_script.hpp"
#include "knowledge_base/markdown_article.hpp"
#include "knowledge_base/markdown_text.hpp"
#include "knowledge_base/match_query.hpp"
#include "knowledge_base/nearest_passage_rerank.hpp"
#include "knowledge_base/question_words.hpp"
#include "knowledge_base/snippet.hpp"
#include "knowledge_base/word_spread.hpp"

namespace kefu::kb {
namespace {

// Column weights for bm25(): a word in the title says more than one in the body.
constexpr const char* kRank = "bm25(4.0, 1.0, 2.0)";
// The same ranking, cheaper: see bm25_rank.hpp. ?3 is the idf of each query term.
constexpr const char* kArticleRank = "kefu_bm25(kb_articles_fts, 0, ?3, 4.0, 1.0, 2.0)";

// A term's idf as FTS5's bm25() computes it, in a table of `rows` rows.
double fts5_idf(double rows, double documents) {
  const double idf = std::log((rows - documents + 0.5) / (documents + 0.5));
  return idf > 0 ? idf : 1e-6;
}

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& t : tags) {
    if (!out.empty()) out += ", ";
    out += t;
  }
  return out;
}

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string tag;
  while (std::getline(in, tag, ',')) {
    const auto b = tag.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    out.push_back(tag.substr(b, tag.find_last_not_of(' ') - b + 1));
  }
  return out;
}

// The passages of a body: its non-blank lines (Markdown paragraphs and list items), at most
// 200 of them. Passage k of article a has the rowid a * kPassageSlots + k, so that a search
// finds the article without reading kb_passages.
std::vector<std::string_view> passages_of(std::string_view body) {
  std::vector<std::string_view> out;
  while (!body.empty() && out.size() < 200) {
    const std::size_t end = std::min(body.find('\n'), body.size());
    const std::string_view line = body.substr(0, end);
    if (line.find_first_not_of(" \t\r#->*") != std::string_view::npos) out.push_back(line);
    body.remove_prefix(std::min(end + 1, body.size()));
  }
  return out;
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

// The article classifier of the published articles' titles and passages (nothing when
// ArticleClassifier::train skips it).
std::optional<ArticleClassifier> learn_published(SQLite::Database& db) {
  SQLite::Statement read(
      db, "SELECT title, body, id FROM kb_articles WHERE status = 'published' ORDER BY id");
  std::vector<std::pair<std::int64_t, ArticleRow>> rows;
  while (read.executeStep()) {
    rows.push_back({read.getColumn(2).getInt64(),
                    {"", read.getColumn(0).getString(), read.getColumn(1).getString()}});
  }
  std::vector<ArticleClassifier::Article> articles;
  for (const auto& [id, row] : rows) {
    ArticleClassifier::Article a{id, passages_of(row.body)};
    a.lines.insert(a.lines.begin(), row.title);
    articles.push_back(std::move(a));
  }
  return ArticleClassifier::train(articles);
}

// How much of an article's score is its bm25 as a whole; the rest is its best passages'.
constexpr double kArticleShare = 0.3;
constexpr int kArticleCandidates = 50;
constexpr int kPassageCandidates = 200;
constexpr std::size_t kPassagesCounted = 3;
// A query term in more than this share of the articles, and in more than kCommonTermMinDocs,
// is dropped: its idf is near zero and scoring its rows is most of a search's time. Small
// knowledge bases (under 5,000 articles) keep every term found in fewer than 100.
constexpr double kCommonTermShare = 0.02;
constexpr double kCommonTermMinDocs = 100;
constexpr std::int64_t kPassageSlots = 1024;  // > the 200 passages an article may have
// A term's idf among passages is scaled by its spread over the articles (WordSpread) to this
// power: words nearly every article's lines use do not choose the article through one line
// that shares them. Chosen on the dev split (README, "Word spread").
constexpr double kPassageSpreadPower = 0.35;
// The best candidates are re-ranked by their nearest passage in character grams
// (PassageSimilarity), which makes this share of their final score; the title counts as a
// passage. Chosen on the dev split of the HINT3 training files (4 folds; README).
constexpr std::size_t kRerankCandidates = 10;
constexpr double kSimilarityShare = 0.5;
// Added to a re-ranked candidate's score times the share of the question's terms its title
// holds. Chosen on the same dev split (0.4-0.6 a plateau; 0.8 and more let the title override
// the rest).
constexpr double kTitleWeight = 0.5;
// Added to a re-ranked candidate's score times the probability the article classifier
// (ArticleClassifier, trained on the published articles' lines when the statistics are
// counted) gives it. Chosen on the same dev split (0.2-0.5 a plateau on both HINT3 sets).
constexpr double kClassifierWeight = 0.3;
// Added to a re-ranked candidate's score times the cosine of the question's meaning and the
// candidate's (word vectors; NearestPassageRerank). A word RelatedWords brought counts this
// much of its idf in both bm25s (its full weight let general words outvote the customer's own).
// Both chosen on the dev split (README, "Meaning from word vectors").
constexpr double kMeaningWeight = 0.3;
constexpr double kRelatedWordWeight = 0.5;
// What the tokenizer makes of text, in kb_index_version: an index written by another version
// is built again when a KnowledgeBase opens it. 2: Traditional folded to Simplified, shop
// Chinese synonym groups (issue #26); 3: the groups 时间 / 多久 and 无理由 / 不喜欢; 4: 多大 in
// the size group, the group 港澳台 / 香港 / 澳门 / 台湾; 1 or none: before.
constexpr int kIndexVersion = 4;
// A Chinese word of the same pinyin as a question's word no article holds (HomophoneIndex):
// its share of its idf in both bm25s, below an exact match's 1; at most this many a question.
constexpr double kHomophoneWeight = 0.5;
constexpr std::size_t kMostHomophones = 4;
// No classifier is trained with more published articles than this (nor past its own limits,
// ArticleClassifier::train): a big knowledge base keeps its first search after a change quick.
constexpr double kMaxLearntArticles = 1000;
// What the shop's own questions add to the score of the article whose learnt questions are
// nearest the question (LearnedQuestions::evidence_for), times its lead over the next article's.
// Below what a strong title match scores (0.5 × bm25 + 0.5 × similarity + 0.5 × title
// coverage), so evidence alone does not overturn a clear answer. Chosen on zh-shop's dev split
// (knowledge_base/README.md, "Learned questions").
constexpr double kLearnedWeight = 0.6;

constexpr const char* kArticleColumns =
    "id, COALESCE(slug, ''), title, body, tags, locale, status, version, created_at, updated_at";

Article read_article(SQLite::Statement& q) {
  Article a;
  a.id = q.getColumn(0).getInt64();
  a.slug = q.getColumn(1).getString();
  a.title = q.getColumn(2).getString();
  a.body = q.getColumn(3).getString();
  a.tags = split_tags(q.getColumn(4).getString());
  a.locale = q.getColumn(5).getString();
  a.status = parse_status(q.getColumn(6).getString());
  a.version = q.getColumn(7).getInt();
  a.created_at = q.getColumn(8).getInt64();
  a.updated_at = q.getColumn(9).getInt64();
  return a;
}

void check_author(const std::string& author) {
  if (author.empty() || author.size() > 200) {
    throw std::invalid_argument("an article version needs an author");
  }
}

// A savepoint that undoes everything since it began unless release()d. (SQLiteCpp 3.2's own
// Savepoint rolls back without releasing, which leaves an outermost transaction open.)
class Savepoint {
 public:
  Savepoint(SQLite::Database& db, const char* name) : db_(db), name_(name) {
    db_.exec(std::string("SAVEPOINT ") + name_);
  }
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint() {
    if (released_) return;
    try {
      db_.exec(std::string("ROLLBACK TO ") + name_);
      db_.exec(std::string("RELEASE ") + name_);
    } catch (const SQLite::Exception&) {
      // The connection is already unusable; the caller's exception says why.
    }
  }
  void release() {
    db_.exec(std::string("RELEASE ") + name_);
    released_ = true;
  }

 private:
  SQLite::Database& db_;
  const char* name_;
  bool released_ = false;
};

}  // namespace

// The statements every search runs, prepared once.
struct KnowledgeBase::Queries {
  explicit Queries(SQLite::Database& db)
      : articles(db, std::string("SELECT rowid, ") + kArticleRank +
                         " AS s FROM kb_articles_fts WHERE kb_articles_fts MATCH ?1 "
                         "ORDER BY s DESC LIMIT ?2"),
        articles_in_locale(db, std::string("SELECT r.id, r.s FROM (SELECT rowid AS id, ") +
                                   kArticleRank +
                                   " AS s FROM kb_articles_fts WHERE kb_articles_fts MATCH ?1 "
                                   "ORDER BY s DESC LIMIT ?2) r "
                                   "JOIN kb_articles a ON a.id = r.id WHERE a.locale = ?4"),
        // A passage's rowid is its article's id times kPassageSlots plus its number.
        passages(db,
                 "SELECT rowid / 1024, kefu_bm25(kb_passages_fts, 1, ?3) AS s "
                 "FROM kb_passages_fts WHERE kb_passages_fts MATCH ?1 ORDER BY s DESC LIMIT ?2"),
        passages_in_locale(db,
                           "SELECT r.id, r.s FROM (SELECT rowid / 1024 AS id, "
                           "kefu_bm25(kb_passages_fts, 1, ?3) AS s FROM kb_passages_fts "
                           "WHERE kb_passages_fts MATCH ?1 ORDER BY s DESC LIMIT ?2) r "
                           "JOIN kb_articles a ON a.id = r.id WHERE a.locale = ?4 "
                           "ORDER BY r.s DESC"),
        heading(db, "SELECT slug, title, body FROM kb_articles WHERE id = ?"),
        matched(db,
                "SELECT kefu_matched(kb_articles_fts) FROM kb_articles_fts "
                "WHERE kb_articles_fts MATCH ?1 AND rowid = ?2"),
        // FTS5's structure record: changes with every write to the index, from any connection.
        structure(db, "SELECT block FROM kb_articles_fts_data WHERE id = 10") {}
  SQLite::Statement articles;
  SQLite::Statement articles_in_locale;
  SQLite::Statement passages;
  SQLite::Statement passages_in_locale;
  SQLite::Statement heading;
  SQLite::Statement matched;
  SQLite::Statement structure;
};

KnowledgeBase::~KnowledgeBase() = default;

SQLite::Statement& KnowledgeBase::statement(const std::string& sql) const {
  std::unique_ptr<SQLite::Statement>& cached = statements_[sql];
  if (!cached) cached = std::make_unique<SQLite::Statement>(db_, sql);
  cached->reset();
  cached->clearBindings();
  return *cached;
}

KnowledgeBase::Queries& KnowledgeBase::queries() const {
  if (!queries_) queries_ = std::make_unique<Queries>(db_);
  return *queries_;
}

KnowledgeBase::KnowledgeBase(SQLite::Database& db, std::shared_ptr<const WordVectors> words)
    : db_(db),
      words_(std::move(words)),
      tokenizer_(std::make_shared<TextTokenizer>(ShopVocabulary::with_defaults())),
      confidence_(ConfidenceModel::shop_default()),
      clock_([] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      }),
      rank_sources_(std::make_shared<RankSources>()) {
  register_fts5_tokenizer(db_.getHandle(), tokenizer_);
  register_bm25_rank(db_.getHandle(), rank_sources_);
  create_schema();
  learned_ = std::make_unique<LearnedQuestions>(db_);
  load_vocabulary();
  // Passages numbered before passage rowids told their article, or terms of an older
  // tokenizer (kIndexVersion): index everything again.
  SQLite::Statement old(db_, "SELECT 1 FROM kb_passages WHERE id / 1024 != article_id LIMIT 1");
  SQLite::Statement version(db_, "SELECT version FROM kb_index_version");
  const bool current = version.executeStep() && version.getColumn(0).getInt() == kIndexVersion;
  version.reset();
  if (old.executeStep() || !current) {
    Savepoint tx(db_, "kb_index_version");
    rebuild_index();
    db_.exec("DELETE FROM kb_index_version");
    db_.exec("INSERT INTO kb_index_version(version) VALUES(" + std::to_string(kIndexVersion) + ")");
    tx.release();
  }
}

void KnowledgeBase::create_schema() {
  Savepoint tx(db_, "kb_schema");
  db_.exec(R"(
    CREATE TABLE IF NOT EXISTS kb_articles(
      id INTEGER PRIMARY KEY,
      slug TEXT UNIQUE,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      tags TEXT NOT NULL,
      locale TEXT NOT NULL CHECK (locale IN ('zh', 'en')),
      status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
      version INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS kb_article_versions(
      article_id INTEGER NOT NULL REFERENCES kb_articles(id),
      version INTEGER NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      tags TEXT NOT NULL,
      locale TEXT NOT NULL,
      author TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (article_id, version));
    CREATE TABLE IF NOT EXISTS kb_passages(
      id INTEGER PRIMARY KEY,
      article_id INTEGER NOT NULL REFERENCES kb_articles(id),
      text TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS kb_passages_article ON kb_passages(article_id);
    CREATE INDEX IF NOT EXISTS kb_articles_status ON kb_articles(status);
    CREATE TABLE IF NOT EXISTS kb_index_version(version INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS kb_vocabulary(
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('word', 'synonyms')),
      words TEXT NOT NULL);
  )");
  const bool fresh = !db_.tableExists("kb_articles_fts");
  db_.exec(std::string(R"(
    CREATE VIRTUAL TABLE IF NOT EXISTS kb_articles_fts USING fts5(
      title, body, tags, content='kb_articles', content_rowid='id', tokenize=')") +
           kTokenizerName + "');" +
           "CREATE VIRTUAL TABLE IF NOT EXISTS kb_articles_terms USING fts5vocab("
           "kb_articles_fts, row);" +
           "CREATE VIRTUAL TABLE IF NOT EXISTS kb_passages_terms USING fts5vocab("
           "kb_passages_fts, row);" +
           "CREATE VIRTUAL TABLE IF NOT EXISTS kb_passages_fts USING fts5(text, "
           "content='kb_passages', content_rowid='id', tokenize='" +
           kTokenizerName + "');");
  if (fresh) {
    db_.exec(std::string("INSERT INTO kb_articles_fts(kb_articles_fts, rank) VALUES('rank', '") +
             kRank + "')");
  }
  tx.release();
}

void KnowledgeBase::load_vocabulary() {
  ShopVocabulary vocabulary = ShopVocabulary::with_defaults();
  SQLite::Statement q(db_, "SELECT kind, words FROM kb_vocabulary ORDER BY id");
  while (q.executeStep()) {
    const std::string kind = q.getColumn(0).getString();
    const std::string words = q.getColumn(1).getString();
    if (kind == "word") {
      vocabulary.add_word(words);
    } else {
      vocabulary.add_synonyms(split_tags(words));
    }
  }
  tokenizer_->set_vocabulary(std::move(vocabulary));
}

void KnowledgeBase::add_vocabulary_word(const std::string& word) {
  ShopVocabulary vocabulary = tokenizer_->vocabulary();
  vocabulary.add_word(word);  // validates
  Savepoint tx(db_, "kb_vocabulary");
  SQLite::Statement q(db_, "INSERT INTO kb_vocabulary(kind, words) VALUES('word', ?)");
  q.bind(1, word);
  q.exec();
  tokenizer_->set_vocabulary(vocabulary);
  try {
    rebuild_index();
    tx.release();
  } catch (...) {
    load_vocabulary();
    throw;
  }
}

std::int64_t KnowledgeBase::add_synonyms(const std::vector<std::string>& words) {
  ShopVocabulary vocabulary = tokenizer_->vocabulary();
  for (const std::string& w : words) {
    if (w.find(',') != std::string::npos) throw std::invalid_argument("a synonym has a comma");
  }
  vocabulary.add_synonyms(words);  // validates
  Savepoint tx(db_, "kb_vocabulary");
  SQLite::Statement q(db_, "INSERT INTO kb_vocabulary(kind, words) VALUES('synonyms', ?)");
  q.bind(1, join_tags(words));
  q.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  tokenizer_->set_vocabulary(vocabulary);
  try {
    rebuild_index();
    tx.release();
  } catch (...) {
    load_vocabulary();
    throw;
  }
  return id;
}

std::vector<KnowledgeBase::SynonymGroup> KnowledgeBase::added_synonyms() const {
  std::vector<SynonymGroup> out;
  SQLite::Statement q(db_,
                      "SELECT id, words FROM kb_vocabulary WHERE kind = 'synonyms' ORDER BY id");
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), split_tags(q.getColumn(1).getString())});
  }
  return out;
}

std::vector<std::vector<std::string>> KnowledgeBase::built_in_synonyms() {
  return ShopVocabulary::with_defaults().synonym_groups();
}

bool KnowledgeBase::remove_synonyms(std::int64_t id) {
  try {
    Savepoint tx(db_, "kb_vocabulary");
    SQLite::Statement q(db_, "DELETE FROM kb_vocabulary WHERE kind = 'synonyms' AND id = ?");
    q.bind(1, id);
    if (q.exec() == 0) return false;
    load_vocabulary();
    rebuild_index();
    tx.release();
  } catch (...) {
    load_vocabulary();  // the stored groups, rolled back
    throw;
  }
  return true;
}

void KnowledgeBase::rebuild_index() {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  Savepoint sp(db_, "kb_rebuild");
  db_.exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('delete-all')");
  db_.exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('delete-all')");
  db_.exec("DELETE FROM kb_passages");
  for (const Article& a : list(ArticleStatus::kPublished)) index(a);
  optimize_index();
  sp.release();
}

void KnowledgeBase::optimize_index() {
  db_.exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('optimize')");
  db_.exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('optimize')");
}

void KnowledgeBase::index(const Article& a) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  SQLite::Statement& q =
      statement("INSERT INTO kb_articles_fts(rowid, title, body, tags) VALUES(?,?,?,?)");
  q.bind(1, a.id);
  q.bind(2, a.title);
  q.bind(3, a.body);
  q.bind(4, join_tags(a.tags));
  q.exec();
  SQLite::Statement& passage =
      statement("INSERT INTO kb_passages(id, article_id, text) VALUES(?, ?, ?)");
  SQLite::Statement& passage_fts =
      statement("INSERT INTO kb_passages_fts(rowid, text) VALUES(?, ?)");
  std::int64_t rowid = a.id * kPassageSlots;
  for (const std::string_view text : passages_of(a.body)) {
    passage.reset();
    passage.bind(1, rowid);
    passage.bind(2, a.id);
    passage.bind(3, std::string(text));
    passage.exec();
    passage_fts.reset();
    passage_fts.bind(1, rowid);
    passage_fts.bind(2, std::string(text));
    passage_fts.exec();
    ++rowid;
  }
}

void KnowledgeBase::unindex(const Article& a) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  SQLite::Statement q(db_,
                      "INSERT INTO kb_articles_fts(kb_articles_fts, rowid, title, body, tags) "
                      "VALUES('delete', ?, ?, ?, ?)");
  q.bind(1, a.id);
  q.bind(2, a.title);
  q.bind(3, a.body);
  q.bind(4, join_tags(a.tags));
  q.exec();
  SQLite::Statement passages(db_, "SELECT id, text FROM kb_passages WHERE article_id = ?");
  passages.bind(1, a.id);
  SQLite::Statement remove(db_,
                           "INSERT INTO kb_passages_fts(kb_passages_fts, rowid, text) "
                           "VALUES('delete', ?, ?)");
  while (passages.executeStep()) {
    remove.reset();
    remove.bind(1, passages.getColumn(0).getInt64());
    remove.bind(2, passages.getColumn(1).getString());
    remove.exec();
  }
  SQLite::Statement drop(db_, "DELETE FROM kb_passages WHERE article_id = ?");
  drop.bind(1, a.id);
  drop.exec();
}

void KnowledgeBase::store_version(std::int64_t id, const ArticleDraft& d, const std::string& author,
                                  std::int64_t now) {
  SQLite::Statement& q = statement(
      "INSERT INTO kb_article_versions(article_id, version, title, body, tags, "
      "locale, author, created_at) VALUES(?, (SELECT version FROM kb_articles "
      "WHERE id = ?), ?, ?, ?, ?, ?, ?)");
  q.bind(1, id);
  q.bind(2, id);
  q.bind(3, d.title);
  q.bind(4, d.body);
  q.bind(5, join_tags(d.tags));
  q.bind(6, d.locale);
  q.bind(7, author);
  q.bind(8, now);
  q.exec();
}

std::int64_t KnowledgeBase::insert(const ArticleDraft& draft, const std::string& author,
                                   std::int64_t now) {
  if (!draft.slug.empty() && get_by_slug(draft.slug)) {
    throw std::invalid_argument("slug '" + draft.slug + "' is already in use");
  }
  SQLite::Statement& q = statement(
      "INSERT INTO kb_articles(slug, title, body, tags, locale, status, version, "
      "created_at, updated_at) VALUES(?, ?, ?, ?, ?, 'draft', 1, ?, ?)");
  if (draft.slug.empty()) {
    q.bind(1);
  } else {
    q.bind(1, draft.slug);
  }
  q.bind(2, draft.title);
  q.bind(3, draft.body);
  q.bind(4, join_tags(draft.tags));
  q.bind(5, draft.locale);
  q.bind(6, now);
  q.bind(7, now);
  q.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  if (draft.slug.empty()) {
    SQLite::Statement& s = statement("UPDATE kb_articles SET slug = ? WHERE id = ?");
    s.bind(1, "article-" + std::to_string(id));
    s.bind(2, id);
    s.exec();
  }
  store_version(id, draft, author, now);
  return id;
}

std::int64_t KnowledgeBase::create(const ArticleDraft& draft, const std::string& author,
                                   std::int64_t now) {
  validate(draft);
  check_author(author);
  Savepoint sp(db_, "kb_create");
  const std::int64_t id = insert(draft, author, now);
  sp.release();
  return id;
}

Article KnowledgeBase::require(std::int64_t id) const {
  auto a = get(id);
  if (!a) throw std::invalid_argument("no article " + std::to_string(id));
  return *a;
}

void KnowledgeBase::update(std::int64_t id, const ArticleDraft& draft, const std::string& author,
                           std::int64_t now) {
  validate(draft);
  check_author(author);
  Savepoint sp(db_, "kb_update");
  const Article old = require(id);
  if (!draft.slug.empty() && draft.slug != old.slug && get_by_slug(draft.slug)) {
    throw std::invalid_argument("slug '" + draft.slug + "' is already in use");
  }
  const bool published = old.status == ArticleStatus::kPublished;
  if (published) unindex(old);
  SQLite::Statement q(db_,
                      "UPDATE kb_articles SET slug = ?, title = ?, body = ?, tags = ?, locale = ?, "
                      "version = version + 1, updated_at = ? WHERE id = ?");
  q.bind(1, draft.slug.empty() ? old.slug : draft.slug);
  q.bind(2, draft.title);
  q.bind(3, draft.body);
  q.bind(4, join_tags(draft.tags));
  q.bind(5, draft.locale);
  q.bind(6, now);
  q.bind(7, id);
  q.exec();
  store_version(id, draft, author, now);
  if (published) index(require(id));
  sp.release();
}

void KnowledgeBase::publish(std::int64_t id, std::int64_t now) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  Savepoint sp(db_, "kb_publish");
  const Article a = require(id);
  if (a.status == ArticleStatus::kPublished) return;
  mark_published(a, now);
  sp.release();
}

void KnowledgeBase::mark_published(const Article& a, std::int64_t now) {
  SQLite::Statement& q =
      statement("UPDATE kb_articles SET status = 'published', updated_at = ? WHERE id = ?");
  q.bind(1, now);
  q.bind(2, a.id);
  q.exec();
  index(a);
}

std::vector<std::int64_t> KnowledgeBase::create_many(const std::vector<ArticleDraft>& drafts,
                                                     const std::string& author, std::int64_t now,
                                                     ArticleStatus status) {
  check_author(author);
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    try {
      validate(drafts[i]);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("article " + std::to_string(i + 1) + ": " + e.what());
    }
  }
  // One savepoint for all: FTS5 writes its pending terms out at every savepoint, so one per
  // article would leave thousands of small segments to merge.
  Savepoint sp(db_, "kb_create_many");
  std::vector<std::int64_t> ids;
  ids.reserve(drafts.size());
  for (const ArticleDraft& d : drafts) {
    ids.push_back(insert(d, author, now));
    if (status == ArticleStatus::kPublished) mark_published(require(ids.back()), now);
  }
  if (status == ArticleStatus::kPublished) optimize_index();
  sp.release();
  return ids;
}

void KnowledgeBase::unpublish(std::int64_t id, std::int64_t now) {
  statistics_.reset();
  learned_->changed();  // an article published, unpublished or moved to another locale
  Savepoint sp(db_, "kb_unpublish");
  Article a = require(id);
  if (a.status == ArticleStatus::kDraft) return;
  unindex(a);
  SQLite::Statement q(db_, "UPDATE kb_articles SET status = 'draft', updated_at = ? WHERE id = ?");
  q.bind(1, now);
  q.bind(2, id);
  q.exec();
  sp.release();
}

void KnowledgeBase::remove(std::int64_t id) {
  Savepoint sp(db_, "kb_remove");
  const Article a = require(id);
  if (a.status == ArticleStatus::kPublished) unindex(a);
  learned_->remove_article(id);
  for (const char* sql : {"DELETE FROM kb_article_versions WHERE article_id = ?",
                          "DELETE FROM kb_articles WHERE id = ?"}) {
    SQLite::Statement q(db_, sql);
    q.bind(1, id);
    q.exec();
  }
  sp.release();
}

std::int64_t KnowledgeBase::learn(std::int64_t id, const std::string& question,
                                  EvidenceSource source, const std::string& who, std::int64_t now) {
  const std::optional<Article> a = get(id);
  if (!a || a->status != ArticleStatus::kPublished) {
    throw std::invalid_argument("no published article " + std::to_string(id));
  }
  // Folded as the search reads it: case, width, script and inflection do not make another
  // question.
  std::string key;
  for (const std::string& term : tokenizer_->terms(question))
    key += (key.empty() ? "" : " ") + term;
  return learned_->learn(id, question, key, source, who, now);
}

std::vector<LearnedQuestion> KnowledgeBase::learned_questions(std::int64_t id,
                                                              std::int64_t now) const {
  return learned_->of_article(id, now);
}

bool KnowledgeBase::remove_learned_question(std::int64_t id, std::int64_t learned_id) {
  return learned_->remove(id, learned_id);
}

std::optional<Article> KnowledgeBase::get(std::int64_t id) const {
  SQLite::Statement& q =
      statement(std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE id = ?");
  q.bind(1, id);
  std::optional<Article> found;
  if (q.executeStep()) found = read_article(q);
  q.reset();
  return found;
}

std::optional<Article> KnowledgeBase::get_by_slug(const std::string& slug) const {
  SQLite::Statement q(
      db_, std::string("SELECT ") + kArticleColumns + " FROM kb_articles WHERE slug = ?");
  q.bind(1, slug);
  if (!q.executeStep()) return std::nullopt;
  return read_article(q);
}

std::vector<Article> KnowledgeBase::list(std::optional<ArticleStatus> status) const {
  SQLite::Statement q(db_, std::string("SELECT ") + kArticleColumns +
                               " FROM kb_articles WHERE ?1 IS NULL OR status = ?1 ORDER BY id");
  if (status) q.bind(1, to_string(*status));
  std::vector<Article> out;
  while (q.executeStep()) out.push_back(read_article(q));
  return out;
}

std::vector<ArticleVersion> KnowledgeBase::versions(std::int64_t id) const {
  SQLite::Statement q(db_,
                      "SELECT article_id, version, title, body, tags, locale, author, created_at "
                      "FROM kb_article_versions WHERE article_id = ? ORDER BY version");
  q.bind(1, id);
  std::vector<ArticleVersion> out;
  while (q.executeStep()) {
    ArticleVersion v;
    v.article_id = q.getColumn(0).getInt64();
    v.version = q.getColumn(1).getInt();
    v.title = q.getColumn(2).getString();
    v.body = q.getColumn(3).getString();
    v.tags = split_tags(q.getColumn(4).getString());
    v.locale = q.getColumn(5).getString();
    v.author = q.getColumn(6).getString();
    v.created_at = q.getColumn(7).getInt64();
    out.push_back(std::move(v));
  }
  return out;
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
  statistics();
}

bool KnowledgeBase::search_prepared() const {
  return statistics_ && index_structure() == index_structure_;
}

const KnowledgeBase::Statistics& KnowledgeBase::statistics() const {
  // A commit through another connection rewrites the index's structure record.
  std::string structure = index_structure();
  if (structure != index_structure_) statistics_.reset();
  index_structure_ = std::move(structure);
  if (!statistics_) {
    SQLite::Statement count(db_, "SELECT count(*) FROM kb_articles WHERE status = 'published'");
    count.executeStep();
    rank_sources_->tables[0].load(db_, "kb_articles_fts");
    rank_sources_->tables[1].load(db_, "kb_passages_fts");
    Statistics loaded{static_cast<double>(count.getColumn(0).getInt64()),
                      TermCounts::load(db_, "kb_articles_terms"),
                      static_cast<double>(rank_sources_->tables[1].size()),
                      TermCounts::load(db_, "kb_passages_terms"),
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
    if (loaded.published <= kMaxLearntArticles) loaded.classifier = learn_published(db_);
    statistics_.emplace(std::move(loaded));
    ++statistics_generation_;
  }
  return *statistics_;
}

std::vector<std::string> KnowledgeBase::related_words(std::string_view query,
                                                      const Statistics& stats) const {
  if (!stats.related || has_han(query)) return {};
  return stats.related->for_question(
      tokenizer_->latin_words(query),
      [&stats](const std::string& term) { return stats.terms.documents(term); });
}

std::vector<std::string> KnowledgeBase::homophones(std::string_view query,
                                                   const Statistics& stats) const {
  std::vector<std::string> out;
  if (!has_han(query)) return out;
  for (const std::string& term : tokenizer_->terms(query)) {
    if (stats.terms.documents(term) > 0) continue;  // an exact match is never replaced
    if (auto word = stats.homophones.sounds_like(term)) {
      if (std::find(out.begin(), out.end(), *word) == out.end()) out.push_back(std::move(*word));
    }
    if (out.size() == kMostHomophones) break;
  }
  return out;
}

std::vector<KnowledgeBase::QueryTerm> KnowledgeBase::select_terms(std::string_view query,
                                                                  const Statistics& stats) const {
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
  for (QueryTerm& t : out) {
    if (t.role != QueryTerm::Role::kMatched || !is_single_han(t.term)) continue;
    for (const QueryTerm& longer : out) {
      if (&longer != &t && longer.documents > 0 && longer.term.size() > t.term.size() &&
          longer.term.find(t.term) != std::string::npos) {
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
  std::string expanded;
  std::unordered_set<std::string> related_terms;
  std::vector<std::string> related = related_words(query, stats);
  const double brought_weight = related.empty() ? kHomophoneWeight : kRelatedWordWeight;
  if (related.empty()) related = homophones(query, stats);
  if (!related.empty()) {
    for (const std::string& word : related) expanded += " " + word;
    for (std::string& t : tokenizer_->terms(expanded)) related_terms.insert(std::move(t));
    for (const std::string& t : tokenizer_->terms(query)) related_terms.erase(t);
    expanded.insert(0, query);
    query = expanded;
  }
  const std::vector<QueryTerm> query_terms = select_terms(query, stats);
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
    const double weight = related_terms.contains(term) ? brought_weight : 1.0;
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
      kMeaningWeight);
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

ImportReport KnowledgeBase::import_markdown_dir(const std::filesystem::path& dir,
                                                const std::string& author, std::int64_t now) {
  check_author(author);
  if (!std::filesystem::is_directory(dir)) {
    throw std::invalid_argument(dir.string() + " is not a folder");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ImportReport report;
  Savepoint sp(db_, "kb_import");
  std::set<std::string> seen;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    MarkdownArticle parsed;
    try {
      parsed = parse_markdown_article(text.str());
      if (parsed.draft.slug.empty()) parsed.draft.slug = file.stem().string();
      validate(parsed.draft);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(file.filename().string() + ": " + e.what());
    }
    if (!seen.insert(parsed.draft.slug).second) {
      throw std::invalid_argument(file.filename().string() + ": slug '" + parsed.draft.slug +
                                  "' appears twice");
    }
    std::int64_t id = 0;
    if (auto old = get_by_slug(parsed.draft.slug)) {
      id = old->id;
      const bool same = old->title == parsed.draft.title && old->body == parsed.draft.body &&
                        old->tags == parsed.draft.tags && old->locale == parsed.draft.locale;
      if (same) {
        ++report.unchanged;
      } else {
        update(id, parsed.draft, author, now);
        ++report.updated;
      }
    } else {
      id = insert(parsed.draft, author, now);
      ++report.created;
    }
    if (parsed.status == ArticleStatus::kPublished) {
      publish(id, now);
    } else {
      unpublish(id, now);
    }
  }
  optimize_index();
  sp.release();
  return report;
}

int KnowledgeBase::export_markdown_dir(const std::filesystem::path& dir) const {
  std::filesystem::create_directories(dir);
  int written = 0;
  for (const Article& a : list()) {
    std::ofstream out(dir / (a.slug + ".md"), std::ios::binary | std::ios::trunc);
    out << render_markdown_article(a);
    if (!out) throw std::runtime_error("cannot write " + (dir / (a.slug + ".md")).string());
    ++written;
  }
  return written;
}

}  // namespace kefu::kb
