#include "server/store/migrations.hpp"

#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string>

#include "server/store/knowledge_base_tables.hpp"

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
    // 5: the shop's systems (server/integration, docs/security/api-keys.md): API keys, kept as
    // the SHA-256 of the key only, with a prefix shown to admins, scopes, a rate per minute, the
    // last use (to the minute) and the revocation time.
    R"sql(
CREATE TABLE api_keys(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  rate_per_minute INTEGER NOT NULL CHECK (rate_per_minute > 0),
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER);
)sql",
    // 6: care after purchase and automation rules (server/care). A rule's definition is its JSON
    // (rule_json.hpp); each due action is a job, unique by its idempotency key (once per rule
    // and subject); care tasks are the agents' outbound tasks; the order milestones already
    // seen keep a replayed order from triggering twice; the customer's care preferences are the
    // time zone and locale for quiet hours and texts, marketing consent and opt-out.
    R"sql(
CREATE TABLE care_rules(
  id INTEGER PRIMARY KEY,
  builtin TEXT UNIQUE,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 0,
  trigger_type TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE care_jobs(
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES care_rules(id),
  idempotency_key TEXT NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL,
  order_id INTEGER,
  conversation_id INTEGER,
  trigger_type TEXT NOT NULL,
  triggered_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status = 'pending' OR status = 'done' OR status = 'skipped'
    OR status = 'cancelled'),
  reason TEXT NOT NULL DEFAULT '',
  contact INTEGER NOT NULL DEFAULT 0,
  finished_at INTEGER);
CREATE INDEX care_jobs_due ON care_jobs(due_at) WHERE status = 'pending';
CREATE INDEX care_jobs_by_customer ON care_jobs(customer_id, status);
CREATE INDEX care_jobs_by_rule ON care_jobs(rule_id, id);
CREATE TABLE care_tasks(
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL UNIQUE REFERENCES care_jobs(id),
  rule_id INTEGER NOT NULL REFERENCES care_rules(id),
  customer_id INTEGER NOT NULL,
  order_id INTEGER,
  agent_id INTEGER REFERENCES users(id),
  team TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status = 'open' OR status = 'done' OR status = 'skipped'),
  outcome TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  closed_at INTEGER,
  closed_by INTEGER REFERENCES users(id));
CREATE INDEX care_tasks_by_status ON care_tasks(status, id);
CREATE INDEX care_tasks_by_customer ON care_tasks(customer_id);
CREATE TABLE care_order_milestones(
  order_id INTEGER NOT NULL,
  milestone TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (order_id, milestone)) WITHOUT ROWID;
CREATE TABLE care_preferences(
  customer_id INTEGER PRIMARY KEY,
  time_zone TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL DEFAULT '',
  marketing_consent INTEGER NOT NULL DEFAULT 0,
  opted_out INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL);
INSERT INTO meta(key, value) VALUES ('care_log_through', (SELECT COALESCE(MAX(id), 0) FROM events))
  ON CONFLICT(key) DO NOTHING;
)sql",
    // 7 (supervisor alerts, issue 22): the alert thresholds a supervisor sets, one row; null
    // is off. IF NOT EXISTS so that a test replaying the steps from schema 1 can run it again.
    R"sql(
CREATE TABLE IF NOT EXISTS alert_thresholds(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  waiting INTEGER CHECK (waiting >= 0),
  oldest_wait_ms INTEGER CHECK (oldest_wait_ms >= 0),
  service_level REAL CHECK (service_level BETWEEN 0 AND 1),
  breached INTEGER CHECK (breached >= 0),
  updated_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL);
)sql",
    // 8: the e-mail channel (server/mail). Mailboxes an admin connects to a queue (the password
    // sealed with libsodium, never stored in clear); messages received and waiting to be filed
    // (`mail_inbox`, by pipe or IMAP; an IMAP message is known by mailbox, UIDVALIDITY and UID
    // so that none is taken twice, and noted before its fetch, which sets \Seen, so that a
    // crash between the fetch and its keeping loses none); each conversation's mail thread (its
    // token, the customer's
    // address, the last agent message queued for sending); every Message-ID seen or sent, for
    // threading; the customer behind each sender address; bounced addresses; and the outbox.
    R"sql(
CREATE TABLE mailboxes(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  queue TEXT NOT NULL,
  smtp_url TEXT NOT NULL DEFAULT '',
  security TEXT NOT NULL DEFAULT 'starttls'
    CHECK (security = 'starttls' OR security = 'tls' OR security = 'none'),
  imap_url TEXT NOT NULL DEFAULT '',
  imap_folder TEXT NOT NULL DEFAULT 'INBOX',
  login TEXT NOT NULL DEFAULT '',
  sealed_password BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE mail_inbox(
  id INTEGER PRIMARY KEY,
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id),
  raw BLOB NOT NULL,
  source TEXT NOT NULL,
  received_at INTEGER NOT NULL);
CREATE TABLE mail_imap_taken(
  mailbox_id INTEGER NOT NULL,
  uid_validity INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  kept INTEGER NOT NULL DEFAULT 0,
  taken_at INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, uid_validity, uid)) WITHOUT ROWID;
CREATE TABLE mail_threads(
  conversation_id INTEGER PRIMARY KEY,
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id),
  token TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  queued_through_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE mail_message_ids(
  message_id TEXT PRIMARY KEY,
  conversation_id INTEGER NOT NULL,
  direction TEXT NOT NULL CHECK (direction = 'in' OR direction = 'out'),
  at INTEGER NOT NULL);
CREATE INDEX mail_message_ids_by_conversation ON mail_message_ids(conversation_id, at);
CREATE TABLE mail_senders(
  match_key TEXT PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  recent INTEGER NOT NULL DEFAULT 0,
  recent_since INTEGER NOT NULL);
CREATE TABLE mail_bounces(
  match_key TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE TABLE mail_set_aside(
  id INTEGER PRIMARY KEY,
  mailbox_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE TABLE mail_outbox(
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  mailbox_id INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  raw BLOB NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'uncertain')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (conversation_id, seq));
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);
)sql",
    // 9 (issue 20, the agent's workspace): private notes in a conversation's thread, for staff
    // only, and the colleagues each note mentions (the mentions inbox). A note's `client_id` is
    // unique per author, so a retried note is acknowledged again and stored once.
    R"sql(
CREATE TABLE conversation_notes(
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  author_id INTEGER NOT NULL REFERENCES users(id),
  client_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (author_id, client_id));
CREATE INDEX conversation_notes_by_conversation ON conversation_notes(conversation_id, id);
CREATE TABLE note_mentions(
  note_id INTEGER NOT NULL REFERENCES conversation_notes(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  conversation_id INTEGER NOT NULL,
  PRIMARY KEY (note_id, user_id)) WITHOUT ROWID;
CREATE INDEX note_mentions_by_user ON note_mentions(user_id, conversation_id);
)sql",
    // 10 (issue 20): canned replies kept on the server. A personal reply has its owner; a shared
    // one has none and a team ('' for everybody). One shortcut per owner or team and language.
    // The replies the console had built in become shared ones.
    R"sql(
CREATE TABLE canned_replies(
  id INTEGER PRIMARY KEY,
  owner_id INTEGER REFERENCES users(id),
  team TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL CHECK (locale = 'zh' OR locale = 'en'),
  shortcut TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE UNIQUE INDEX canned_replies_by_shortcut
  ON canned_replies(COALESCE(owner_id, 0), team, locale, shortcut);
INSERT INTO canned_replies(locale, shortcut, body, created_at, updated_at) VALUES
  ('en', 'hi', 'Hello {customer.name}! How can I help you today?', 0, 0),
  ('zh', 'hi', '{customer.name}，您好！请问有什么可以帮您？', 0, 0),
  ('en', 'wait', 'Let me check that for you, one moment please.', 0, 0),
  ('zh', 'wait', '我帮您查一下，请稍等。', 0, 0),
  ('en', 'order', 'Could you tell me your order number, please?', 0, 0),
  ('zh', 'order', '请提供一下您的订单号。', 0, 0),
  ('en', 'ship', 'Your order {order.last.number} is on its way; you can follow it with the tracking link.', 0, 0),
  ('zh', 'ship', '您的订单 {order.last.number} 已发出，可通过物流链接查看进度。', 0, 0),
  ('en', 'refund', 'I have started your refund; it reaches your account in 3–5 working days.', 0, 0),
  ('zh', 'refund', '已为您发起退款，预计 3–5 个工作日到账。', 0, 0),
  ('en', 'thanks', 'Thank you for contacting us. Is there anything else I can do for you?', 0, 0),
  ('zh', 'thanks', '感谢您的咨询，请问还有其他可以帮您的吗？', 0, 0),
  ('en', 'bye', 'Thanks for chatting with us. Have a nice day! {agent.name}', 0, 0),
  ('zh', 'bye', '感谢您的咨询，祝您生活愉快！{agent.name}', 0, 0);
)sql",
    // 11 (issue 20): attachments' metadata; the bytes are files beside the database, under
    // random names (server/workspace/attachment_folder.hpp).
    R"sql(
CREATE TABLE attachments(
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  uploader_kind TEXT NOT NULL CHECK (uploader_kind = 'customer' OR uploader_kind = 'agent'),
  uploader_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  file_key TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL);
CREATE INDEX attachments_by_conversation ON attachments(conversation_id, id);
)sql",
    // 12: outbound webhooks (server/webhooks, docs/webhooks.md). Subscriptions keep their
    // secret (it signs, so it cannot be hashed) and, during a rotation, the previous one until a
    // time. Deliveries are made from the interaction log after the cursor
    // meta 'webhooks_through_event' (moved in the same transaction), one per subscription and
    // log record; webhook_id is fixed when queued and resent unchanged. Removed subscriptions
    // keep their row for the delivery log.
    R"sql(
CREATE TABLE webhook_subscriptions(
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  event_types TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_until INTEGER,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT,
  disabled_at INTEGER,
  failing_since INTEGER,
  from_event_id INTEGER NOT NULL,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  removed_at INTEGER);
CREATE TABLE webhook_deliveries(
  id INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES webhook_subscriptions(id),
  event_id INTEGER,
  webhook_id TEXT NOT NULL UNIQUE,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL
    CHECK (state = 'pending' OR state = 'delivered' OR state = 'failed' OR state = 'cancelled'),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  last_status INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  last_response TEXT NOT NULL DEFAULT '',
  UNIQUE (subscription_id, event_id));
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries(subscription_id, id);
CREATE TABLE webhook_attempts(
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id),
  at INTEGER NOT NULL,
  status INTEGER,
  error TEXT NOT NULL,
  response TEXT NOT NULL,
  duration_ms INTEGER NOT NULL);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts(delivery_id, id);
INSERT INTO meta(key, value) VALUES ('webhooks_through_event', (SELECT COALESCE(MAX(id), 0) FROM events))
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;
)sql",
    // 13 (admin-config): the admin's queues. The definition is the REST's JSON (queue_json);
    // retired queues stay, saying where their waiting went.
    R"sql(
CREATE TABLE admin_queues(
  name TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel = 'chat' OR channel = 'ticket'),
  definition TEXT NOT NULL,
  retired_at INTEGER,
  moved_to TEXT);
)sql",
    // 14 (admin-config): each team's business hours (the REST's JSON, hours_json) and the SLA
    // policies.
    R"sql(
CREATE TABLE team_hours(
  team TEXT PRIMARY KEY,
  definition TEXT NOT NULL);
CREATE TABLE sla_policies(
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL);
)sql",
    // 15 (care, issue 23): the segment each customer was last seen in (segment_changed), and
    // the care messages waiting to be shown in the widget at the customer's next visit (once:
    // shown_at is set when one is delivered).
    R"sql(
CREATE TABLE care_segments(
  customer_id INTEGER PRIMARY KEY,
  segment TEXT NOT NULL,
  changed_at INTEGER NOT NULL);
CREATE TABLE care_messages(
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL UNIQUE REFERENCES care_jobs(id),
  rule_id INTEGER NOT NULL REFERENCES care_rules(id),
  customer_id INTEGER NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  shown_at INTEGER);
CREATE INDEX care_messages_waiting ON care_messages(customer_id) WHERE shown_at IS NULL;
)sql",
    // 16 (mail): the e-mail channel is a channel of its own. The conversations table is rebuilt
    // with 'email' allowed (SQLite cannot alter a CHECK; migrate() runs on a connection without
    // foreign key enforcement, so the rebuild keeps every row that references it), then the
    // conversations opened by mail (those with a mail thread) and their log move to 'email'.
    // A ticket from the widget's form that the mail module answered by mail is one too.
    // mail_shelved_attachments: a received mail's attachments the conversation does not show
    // (type not accepted, too large), their bytes kept in the attachment folder all the same;
    // a message set aside (unreadable, an auto-reply, a loop, a bounce) keeps its bytes too.
    R"sql(
CREATE TABLE conversations_v2(
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  channel TEXT NOT NULL CHECK (channel = 'chat' OR channel = 'ticket' OR channel = 'email'),
  status TEXT NOT NULL,
  queue TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  agent_id INTEGER REFERENCES users(id),
  last_agent_id INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  queued_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  resolved_at INTEGER);
INSERT INTO conversations_v2(id, customer_id, channel, status, queue, subject, agent_id,
                             last_agent_id, created_at, queued_at, updated_at, resolved_at)
  SELECT id, customer_id, channel, status, queue, subject, agent_id, last_agent_id, created_at,
         queued_at, updated_at, resolved_at FROM conversations;
DROP TABLE conversations;
ALTER TABLE conversations_v2 RENAME TO conversations;
CREATE INDEX conversations_by_customer ON conversations(customer_id, id);
CREATE INDEX conversations_open ON conversations(status)
  WHERE status IN ('queued', 'assigned', 'resolved');
UPDATE conversations SET channel = 'email'
  WHERE id IN (SELECT conversation_id FROM mail_threads);
UPDATE events SET channel = 'email'
  WHERE channel = 'ticket' AND conversation_id IN (SELECT conversation_id FROM mail_threads);
CREATE TABLE mail_shelved_attachments(
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  declared_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  file_key TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX mail_shelved_attachments_by_conversation
  ON mail_shelved_attachments(conversation_id, id);
ALTER TABLE mail_set_aside ADD COLUMN raw BLOB;
)sql",
    // 17 (workspace, issue 19): attachments' bytes in the database, for a store shared by
    // several nodes (server/workspace/sql_attachment_files.hpp). A single node on SQLite keeps
    // them in its folder beside the database and leaves this table empty.
    R"sql(
CREATE TABLE attachment_bytes(
  file_key TEXT PRIMARY KEY,
  bytes BLOB NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
)sql",
    // 18 (shop, issue 21): the shop's integration (server/shop): its secrets, sealed, with the
    // previous key of a rotation and until when it verifies; its allowed origins; the tag
    // catalogue.
    R"sql(
CREATE TABLE shop_secrets(
  name TEXT PRIMARY KEY,
  sealed_current TEXT NOT NULL,
  sealed_previous TEXT NOT NULL DEFAULT '',
  previous_until INTEGER NOT NULL DEFAULT 0,
  rotated_at INTEGER NOT NULL);
CREATE TABLE shop_origins(
  origin TEXT PRIMARY KEY,
  added_at INTEGER NOT NULL);
CREATE TABLE tag_catalogue(
  name TEXT PRIMARY KEY,
  label_zh TEXT NOT NULL,
  label_en TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER);
)sql",
    // 19 (priority, issue 21): a conversation's priority, the one its SLA policy is chosen by
    // ("" until it is first queued), and who set it ("": decided by the desk from the queue and
    // the customer's segment; "supervisor" or "rule": set, and kept).
    R"sql(
ALTER TABLE conversations ADD COLUMN priority TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN priority_by TEXT NOT NULL DEFAULT '';
)sql",
    // 20 (mail, issue 19): mail on several nodes sharing one database. An inbox entry being
    // filed and an outbox entry being sent are claimed by one node's mail worker (claimed_by)
    // until lease_until: another node takes an inbox entry whose lease ran out, and settles an
    // outbox entry left "sending" past its lease as "uncertain" (never sent twice).
    // mail_received: each received message by (mailbox, Message-ID), so that the same message
    // piped or fetched twice (two nodes, a mail server's retry) is kept and filed once; the
    // messages filed before are known by their Message-IDs already.
    R"sql(
ALTER TABLE mail_inbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_inbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
CREATE TABLE mail_received(
  mailbox_id INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, message_id)) WITHOUT ROWID;
INSERT INTO mail_received(mailbox_id, message_id, at)
  SELECT t.mailbox_id, i.message_id, MIN(i.at) FROM mail_message_ids i
  JOIN mail_threads t ON t.conversation_id = i.conversation_id
  WHERE i.direction = 'in' GROUP BY t.mailbox_id, i.message_id;
)sql",
    // 21 (knowledge base, issue 19): the knowledge base's truth, which the KnowledgeBase
    // created itself until now (IF NOT EXISTS: a database it opened has them): articles and their
    // versions, the vocabulary admins added, learned questions, and two counters every node
    // polls to know when to read again, kb_revision (articles, vocabulary: its search index)
    // and kb_learned_state (learned questions). The store moves the counters itself now, so the
    // triggers that moved kb_learned_state go. The search index (kb_articles_fts,
    // kb_passages_fts, kb_passages, kb_index_version) is derived and stays the
    // KnowledgeBase's own.
    kKnowledgeBaseTables,
};

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kSteps.size());
}

int migrate(SQLite::Database& db) {
  // A step that rebuilds a table others reference (15) needs foreign keys unenforced while it
  // runs; the connection's setting comes back afterwards.
  struct Enforcement {
    SQLite::Database& db;
    bool was_on = db.execAndGet("PRAGMA foreign_keys").getInt() != 0;
    Enforcement(SQLite::Database& d) : db(d) {
      if (was_on) db.exec("PRAGMA foreign_keys = OFF");
    }
    ~Enforcement() {
      if (!was_on) return;
      try {
        db.exec("PRAGMA foreign_keys = ON");
      } catch (const std::exception&) {
        // Only a broken connection refuses it; the caller's next statement will say so.
      }
    }
  } unenforced(db);
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
