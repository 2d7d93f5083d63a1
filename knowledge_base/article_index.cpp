#include "knowledge_base/article_index.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/fts5_tokenizer.hpp"
#include "knowledge_base/search_settings.hpp"

namespace kefu::kb {
namespace {

// Column weights for bm25(): a word in the title says more than one in the body.
constexpr const char* kRank = "bm25(4.0, 1.0, 2.0)";

}  // namespace

ArticleIndex::ArticleIndex(SQLite::Database& db, bool copies_rows)
    : db_(db), copies_rows_(copies_rows) {}

ArticleIndex::~ArticleIndex() = default;

SQLite::Statement& ArticleIndex::statement(const std::string& sql) {
  std::unique_ptr<SQLite::Statement>& cached = statements_[sql];
  if (!cached) cached = std::make_unique<SQLite::Statement>(db_, sql);
  cached->reset();
  cached->clearBindings();
  return *cached;
}

void ArticleIndex::create_schema() {
  SQLite::Transaction tx(db_);
  if (copies_rows_) {
    // A copy of the indexed articles' rows: what the index's content and the search's headings
    // are read from.
    db_.exec(R"(
      CREATE TABLE IF NOT EXISTS kb_articles(
        id INTEGER PRIMARY KEY,
        slug TEXT,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL,
        locale TEXT NOT NULL,
        status TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL);
    )");
  }
  db_.exec(R"(
    CREATE TABLE IF NOT EXISTS kb_passages(
      id INTEGER PRIMARY KEY,
      article_id INTEGER NOT NULL REFERENCES kb_articles(id),
      text TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS kb_passages_article ON kb_passages(article_id);
    CREATE TABLE IF NOT EXISTS kb_index_version(version INTEGER NOT NULL);
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
  tx.commit();
}

bool ArticleIndex::current() {
  SQLite::Statement old(db_, "SELECT 1 FROM kb_passages WHERE id / 1024 != article_id LIMIT 1");
  if (old.executeStep()) return false;
  SQLite::Statement version(db_, "SELECT version FROM kb_index_version");
  return version.executeStep() && version.getColumn(0).getInt() == kIndexVersion;
}

void ArticleIndex::mark_current() {
  db_.exec("DELETE FROM kb_index_version");
  db_.exec("INSERT INTO kb_index_version(version) VALUES(" + std::to_string(kIndexVersion) + ")");
}

void ArticleIndex::add(const Article& a) {
  if (copies_rows_) {
    SQLite::Statement& row = statement(
        "INSERT INTO kb_articles(id, slug, title, body, tags, locale, status, version, "
        "created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, 'published', ?, ?, ?)");
    row.bind(1, a.id);
    row.bind(2, a.slug);
    row.bind(3, a.title);
    row.bind(4, a.body);
    row.bind(5, join_tags(a.tags));
    row.bind(6, a.locale);
    row.bind(7, a.version);
    row.bind(8, a.created_at);
    row.bind(9, a.updated_at);
    row.exec();
  }
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

void ArticleIndex::remove(const Article& a) {
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
  if (copies_rows_) {
    SQLite::Statement copy(db_, "DELETE FROM kb_articles WHERE id = ?");
    copy.bind(1, a.id);
    copy.exec();
  }
}

void ArticleIndex::clear() {
  db_.exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('delete-all')");
  db_.exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('delete-all')");
  db_.exec("DELETE FROM kb_passages");
  if (copies_rows_) db_.exec("DELETE FROM kb_articles");
}

void ArticleIndex::optimize() {
  db_.exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('optimize')");
  db_.exec("INSERT INTO kb_passages_fts(kb_passages_fts) VALUES('optimize')");
}

}  // namespace kefu::kb
