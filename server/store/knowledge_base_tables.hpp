#pragma once

namespace kefu::store {

// The knowledge base's truth on SQLite (articles and their versions, the vocabulary admins added,
// learned questions, and the counters kb_revision and kb_learned_state every node polls), with
// IF NOT EXISTS throughout: SQLite migration step 21 applies it, and the knowledge base applies
// it itself to a file `kefu migrate` never saw (`kefu-kb`, SqlKnowledgeStore::
// ensure_sqlite_tables). It also drops the triggers that moved kb_learned_state before the store
// moved it itself. PostgreSQL's twin is its migration step 13.
inline constexpr const char* kKnowledgeBaseTables = R"sql(
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
CREATE INDEX IF NOT EXISTS kb_articles_status ON kb_articles(status);
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
CREATE TABLE IF NOT EXISTS kb_vocabulary(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('word', 'synonyms')),
  words TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kb_learned_questions(
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES kb_articles(id),
  question TEXT NOT NULL,
  folded TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('agent', 'customer')),
  evidence_from TEXT NOT NULL,
  weight REAL NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  UNIQUE (article_id, folded, evidence_from));
CREATE TABLE IF NOT EXISTS kb_learned_state(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL);
INSERT OR IGNORE INTO kb_learned_state(id, version) VALUES(1, 0);
CREATE TABLE IF NOT EXISTS kb_revision(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL);
INSERT OR IGNORE INTO kb_revision(id, revision) VALUES(1, 0);
DROP TRIGGER IF EXISTS kb_learned_added;
DROP TRIGGER IF EXISTS kb_learned_seen;
DROP TRIGGER IF EXISTS kb_learned_removed;
DROP TRIGGER IF EXISTS kb_learned_article_added;
DROP TRIGGER IF EXISTS kb_learned_article_changed;
DROP TRIGGER IF EXISTS kb_learned_article_removed;
)sql";

}  // namespace kefu::store
