#include "server/store/migrations.hpp"

#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string>

namespace kefu::store {
namespace {

// Each step is applied once, in order. Never edit a step that has shipped: add a new one.
constexpr std::array kSteps = {
    // 1: staff, customers, conversations, messages and the interaction log.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  password_hash TEXT NOT NULL,
  chat_capacity INTEGER NOT NULL DEFAULT 3 CHECK (chat_capacity >= 0),
  ticket_capacity INTEGER NOT NULL DEFAULT 5 CHECK (ticket_capacity >= 0),
  created_at INTEGER NOT NULL);
CREATE TABLE teams(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE user_teams(
  user_id INTEGER NOT NULL REFERENCES users(id),
  team_id INTEGER NOT NULL REFERENCES teams(id),
  PRIMARY KEY (user_id, team_id));
CREATE TABLE user_skills(
  user_id INTEGER NOT NULL REFERENCES users(id),
  skill TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (user_id, skill));
CREATE TABLE user_languages(
  user_id INTEGER NOT NULL REFERENCES users(id),
  language TEXT NOT NULL,
  PRIMARY KEY (user_id, language));
CREATE TABLE staff_sessions(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER);
CREATE TABLE customers(
  id INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE visitors(
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  created_at INTEGER NOT NULL);
CREATE TABLE conversations(
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  channel TEXT NOT NULL CHECK (channel IN ('chat', 'ticket')),
  status TEXT NOT NULL,
  queue TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  agent_id INTEGER REFERENCES users(id),
  last_agent_id INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  queued_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  resolved_at INTEGER);
CREATE INDEX conversations_by_customer ON conversations(customer_id, id);
CREATE INDEX conversations_open ON conversations(status)
  WHERE status IN ('queued', 'assigned', 'resolved');
CREATE TABLE messages(
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  author_kind TEXT NOT NULL CHECK (author_kind IN ('customer', 'agent', 'system')),
  author_id INTEGER NOT NULL,
  client_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX messages_by_client_id ON messages(author_kind, author_id, client_id);
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  conversation_id INTEGER,
  customer_id INTEGER,
  agent_id INTEGER,
  channel TEXT,
  queue TEXT,
  data TEXT NOT NULL DEFAULT '{}');
CREATE INDEX events_by_time ON events(at);
CREATE INDEX events_by_conversation ON events(conversation_id, id);
)sql",
    // 2: cheaper appends. SQLite evaluates a CHECK with `IN (three values)` by building a
    // temporary table on every insert: the messages table is rebuilt with the same rule written
    // as comparisons. Nothing reads events by time alone (the log is followed by id), so that
    // index goes.
    R"sql(
CREATE TABLE messages_v2(
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  author_kind TEXT NOT NULL
    CHECK (author_kind = 'customer' OR author_kind = 'agent' OR author_kind = 'system'),
  author_id INTEGER NOT NULL,
  client_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
INSERT INTO messages_v2(conversation_id, seq, author_kind, author_id, client_id, body, created_at)
  SELECT conversation_id, seq, author_kind, author_id, client_id, body, created_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v2 RENAME TO messages;
CREATE UNIQUE INDEX messages_by_client_id ON messages(author_kind, author_id, client_id);
DROP INDEX events_by_time;
)sql",
    // 3: one B-tree by conversation per message instead of three. Each busy author's and each
    // busy conversation's entries sat on their own leaf page, so a group of N messages dirtied
    // about 3N pages. Retries are recognised by the writer's ClientIdLedger, whose table is
    // written in sorted runs; a message's event row is found through the message
    // (`event_id`), so the log's index by conversation leaves message events out.
    R"sql(
CREATE TABLE message_client_ids(
  author_kind TEXT NOT NULL,
  author_id INTEGER NOT NULL,
  client_id TEXT NOT NULL,
  conversation_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (author_kind, author_id, client_id)) WITHOUT ROWID;
INSERT INTO message_client_ids(author_kind, author_id, client_id, conversation_id, seq)
  SELECT author_kind, author_id, client_id, conversation_id, seq FROM messages;
DROP INDEX messages_by_client_id;
ALTER TABLE messages ADD COLUMN event_id INTEGER;
UPDATE messages SET event_id = (
  SELECT e.id FROM events e
  WHERE e.conversation_id = messages.conversation_id
    AND (e.type = 'message_received' OR e.type = 'message_sent')
    AND json_extract(e.data, '$.seq') = messages.seq
  ORDER BY e.id LIMIT 1);
INSERT INTO meta(key, value) VALUES ('client_ids_through_event', (SELECT COALESCE(MAX(id), 0) FROM events))
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;
DROP INDEX events_by_conversation;
CREATE INDEX events_by_conversation ON events(conversation_id, id)
  WHERE type <> 'message_received' AND type <> 'message_sent';
)sql",
    // 4: the admin console's staff management (server/admin). Deactivated staff keep their row
    // (conversations and the log name them). A member invited or reset has a password state
    // other than 'set' and, until they choose one, the hash of a random secret nobody holds (so
    // a login for them takes as long as any other). One-time links (the first admin's setup, an
    // invitation, a password reset) are kept as the SHA-256 of their token only, expire, and are
    // used once. Skills an admin may give are those of the catalogue.
    R"sql(
ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
ALTER TABLE users ADD COLUMN password_state TEXT NOT NULL DEFAULT 'set'
  CHECK (password_state = 'set' OR password_state = 'invited' OR password_state = 'reset');
CREATE TABLE staff_links(
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL
    CHECK (purpose = 'setup' OR purpose = 'invitation' OR purpose = 'password_reset'),
  user_id INTEGER REFERENCES users(id),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER);
CREATE TABLE skills(name TEXT PRIMARY KEY);
INSERT INTO skills(name) VALUES ('general'), ('orders'), ('returns'), ('billing'), ('shipping'),
  ('technical');
INSERT OR IGNORE INTO skills(name) SELECT DISTINCT skill FROM user_skills;
)sql",
    // 5 (admin-config): the admin's queues. The definition is the REST's JSON (queue_json);
    // retired queues stay, saying where their waiting went.
    R"sql(
CREATE TABLE admin_queues(
  name TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel = 'chat' OR channel = 'ticket'),
  definition TEXT NOT NULL,
  retired_at INTEGER,
  moved_to TEXT);
)sql",
    // 6 (admin-config): each team's business hours (the REST's JSON, hours_json) and the SLA
    // policies.
    R"sql(
CREATE TABLE team_hours(
  team TEXT PRIMARY KEY,
  definition TEXT NOT NULL);
CREATE TABLE sla_policies(
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL);
)sql",
};

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kSteps.size());
}

int migrate(SQLite::Database& db) {
  int version = db.execAndGet("PRAGMA user_version").getInt();
  while (version < latest_schema_version()) {
    SQLite::Transaction step(db);
    db.exec(kSteps[static_cast<std::size_t>(version)]);
    ++version;
    db.exec("PRAGMA user_version = " + std::to_string(version));
    step.commit();
  }
  return version;
}

}  // namespace kefu::store
