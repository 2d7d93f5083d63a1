#include "server/store/postgres/postgres_migrations.hpp"

#include <array>
#include <string>

#include "server/cluster/assignee_mirror_schema.hpp"
#include "server/cluster/cluster_schema.hpp"

namespace kefu::store {
namespace {

// The advisory lock key every node's migration takes ("kefu" in ASCII).
constexpr const char* kMigrationLock = "1801807221";

// Each step is applied once, in order. Never edit a step that has shipped: add a new one.
// Steps 2 and 3 are the tables of the customers and metrics modules, which still use SQLite
// only (docs/architecture.md, "Storage backends"): ready for their PostgreSQL side, and
// compared column by column with SQLite's by store_postgres_test. Step 1 is the SQLite schema's
// store tables as they stand after its steps 1 to 4 (server/store/migrations.cpp), written for
// PostgreSQL:
// - a message locks its conversation's row (FOR NO KEY UPDATE, held to COMMIT) before it
//   reads the conversation's last seq, so a conversation's messages are ordered by commit and
//   its seqs are gap-free even with several nodes writing (a lock taken again by the same
//   transaction costs nothing, where a counter column would write a row version per message);
// - `message_client_ids` holds every stored message's key under a primary key: a retry is
//   recognised by the database itself, across nodes (no in-memory ledger as in SQLite);
// - `events.xid` is the writing transaction's id, so a reader following the log can stop
//   below the oldest transaction still running (ids are taken at insert, not at commit);
// - kefu_append_message() stores one message with its event in one statement, so a group of
//   them is pipelined without a round trip per message (server/store/postgres/).
constexpr std::array kSteps = {
    R"sql(
CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE users(
  id bigserial PRIMARY KEY,
  login text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  password_hash text NOT NULL,
  chat_capacity integer NOT NULL DEFAULT 3 CHECK (chat_capacity >= 0),
  ticket_capacity integer NOT NULL DEFAULT 5 CHECK (ticket_capacity >= 0),
  created_at bigint NOT NULL,
  deactivated_at bigint,
  password_state text NOT NULL DEFAULT 'set'
    CHECK (password_state IN ('set', 'invited', 'reset')));
CREATE TABLE teams(id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE user_teams(
  user_id bigint NOT NULL REFERENCES users(id),
  team_id bigint NOT NULL REFERENCES teams(id),
  PRIMARY KEY (user_id, team_id));
CREATE TABLE user_skills(
  user_id bigint NOT NULL REFERENCES users(id),
  skill text NOT NULL,
  level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (user_id, skill));
CREATE TABLE user_languages(
  user_id bigint NOT NULL REFERENCES users(id),
  language text NOT NULL,
  PRIMARY KEY (user_id, language));
CREATE TABLE staff_sessions(
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  revoked_at bigint);
CREATE TABLE staff_links(
  token_hash text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('setup', 'invitation', 'password_reset')),
  user_id bigint REFERENCES users(id),
  created_by bigint REFERENCES users(id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint);
CREATE TABLE skills(name text PRIMARY KEY);
INSERT INTO skills(name) VALUES ('general'), ('orders'), ('returns'), ('billing'), ('shipping'),
  ('technical');
CREATE TABLE customers(
  id bigserial PRIMARY KEY,
  display_name text NOT NULL,
  created_at bigint NOT NULL);
CREATE TABLE visitors(
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  customer_id bigint NOT NULL REFERENCES customers(id),
  created_at bigint NOT NULL);
CREATE TABLE conversations(
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id),
  channel text NOT NULL CHECK (channel IN ('chat', 'ticket')),
  status text NOT NULL,
  queue text NOT NULL,
  subject text NOT NULL DEFAULT '',
  agent_id bigint REFERENCES users(id),
  last_agent_id bigint REFERENCES users(id),
  created_at bigint NOT NULL,
  queued_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  resolved_at bigint);
CREATE INDEX conversations_by_customer ON conversations(customer_id, id);
CREATE INDEX conversations_open ON conversations(status)
  WHERE status IN ('queued', 'assigned', 'resolved');
CREATE TABLE messages(
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  seq bigint NOT NULL,
  author_kind text NOT NULL CHECK (author_kind IN ('customer', 'agent', 'system')),
  author_id bigint NOT NULL,
  client_id text NOT NULL,
  body text NOT NULL,
  created_at bigint NOT NULL,
  event_id bigint,
  PRIMARY KEY (conversation_id, seq));
CREATE TABLE message_client_ids(
  author_kind text NOT NULL,
  author_id bigint NOT NULL,
  client_id text NOT NULL,
  conversation_id bigint NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (author_kind, author_id, client_id));
CREATE TABLE events(
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  type text NOT NULL,
  conversation_id bigint,
  customer_id bigint,
  agent_id bigint,
  channel text,
  queue text,
  data text NOT NULL DEFAULT '{}',
  xid xid8 NOT NULL DEFAULT pg_current_xact_id());
CREATE INDEX events_by_conversation ON events(conversation_id, id)
  WHERE type <> 'message_received' AND type <> 'message_sent';

CREATE FUNCTION kefu_append_message(
    p_conversation_id bigint, p_author_kind text, p_author_id bigint, p_client_id text,
    p_body text, p_at bigint, p_event_at bigint, p_event_type text,
    p_event_conversation_id bigint, p_event_customer_id bigint, p_event_agent_id bigint,
    p_event_channel text, p_event_queue text, p_data_before_seq text, p_data_after_seq text,
    OUT out_seq bigint, OUT out_conversation_id bigint, OUT out_at bigint,
    OUT out_duplicate boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_event_id bigint;
BEGIN
  SELECT k.conversation_id, k.seq INTO out_conversation_id, out_seq
    FROM message_client_ids k
    WHERE k.author_kind = p_author_kind AND k.author_id = p_author_id
      AND k.client_id = p_client_id;
  IF NOT FOUND THEN
    -- The conversation's row lock, held until COMMIT, orders its messages by commit: the last
    -- seq is read once every earlier writer of the conversation has committed.
    PERFORM 1 FROM conversations c WHERE c.id = p_conversation_id FOR NO KEY UPDATE;
    IF NOT FOUND THEN
      RAISE foreign_key_violation USING MESSAGE = 'no conversation ' || p_conversation_id;
    END IF;
    SELECT COALESCE(MAX(m.seq), 0) + 1 INTO out_seq FROM messages m
      WHERE m.conversation_id = p_conversation_id;
    INSERT INTO message_client_ids(author_kind, author_id, client_id, conversation_id, seq)
      VALUES (p_author_kind, p_author_id, p_client_id, p_conversation_id, out_seq)
      ON CONFLICT DO NOTHING;
    IF FOUND THEN
      INSERT INTO events(at, type, conversation_id, customer_id, agent_id, channel, queue, data)
        VALUES (p_event_at, p_event_type, p_event_conversation_id, p_event_customer_id,
                p_event_agent_id, p_event_channel, p_event_queue,
                p_data_before_seq || out_seq || p_data_after_seq)
        RETURNING id INTO v_event_id;
      INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id, body,
                           created_at, event_id)
        VALUES (p_conversation_id, out_seq, p_author_kind, p_author_id, p_client_id, p_body,
                p_at, v_event_id);
      out_conversation_id := p_conversation_id;
      out_at := p_at;
      out_duplicate := false;
      RETURN;
    END IF;
    -- Another transaction (another node) stored this key first and has committed: nothing of
    -- this message is written (its seq stays free) and the answer is that message.
    SELECT k.conversation_id, k.seq INTO out_conversation_id, out_seq
      FROM message_client_ids k
      WHERE k.author_kind = p_author_kind AND k.author_id = p_author_id
        AND k.client_id = p_client_id;
  END IF;
  SELECT m.created_at INTO out_at FROM messages m
    WHERE m.conversation_id = out_conversation_id AND m.seq = out_seq;
  out_duplicate := true;
END
$fn$;
)sql",
    // 2: the customers module's tables (server/customers/schema.cpp, as of this step).
    R"sql(
ALTER TABLE customers
  ADD COLUMN first_name text NOT NULL DEFAULT '',
  ADD COLUMN last_name text NOT NULL DEFAULT '',
  ADD COLUMN address text NOT NULL DEFAULT '',
  ADD COLUMN search_key text NOT NULL DEFAULT '',
  ADD COLUMN segment text NOT NULL DEFAULT 'new',
  ADD COLUMN rfm text NOT NULL DEFAULT '',
  ADD COLUMN order_count bigint NOT NULL DEFAULT 0,
  ADD COLUMN lifetime_value_cents bigint NOT NULL DEFAULT 0,
  ADD COLUMN currency text NOT NULL DEFAULT '',
  ADD COLUMN last_order_at bigint,
  ADD COLUMN merged_into bigint,
  ADD COLUMN erased_at bigint,
  ADD COLUMN updated_at bigint;
CREATE INDEX customers_merged_into ON customers(merged_into);
CREATE INDEX conversations_by_customer_time ON conversations(customer_id, created_at);
CREATE TABLE customer_identities(
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  match_key text NOT NULL,
  verified integer NOT NULL,
  created_at bigint NOT NULL,
  UNIQUE (customer_id, kind, match_key));
CREATE INDEX customer_identities_key ON customer_identities(kind, match_key, verified);
CREATE TABLE orders(
  id bigserial PRIMARY KEY,
  shop_order_id text NOT NULL UNIQUE,
  name text NOT NULL DEFAULT '',
  customer_id bigint,
  email text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  total_cents bigint NOT NULL,
  currency text NOT NULL,
  financial_status text NOT NULL DEFAULT '',
  fulfillment_status text NOT NULL DEFAULT '',
  shipping_address text NOT NULL DEFAULT '',
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  shop_updated_at bigint);
CREATE INDEX orders_by_customer ON orders(customer_id, created_at);
CREATE INDEX orders_by_name ON orders(name);
CREATE TABLE order_items(
  id bigserial PRIMARY KEY,
  order_id bigint NOT NULL,
  position integer NOT NULL,
  title text NOT NULL,
  quantity integer NOT NULL,
  price_cents bigint NOT NULL,
  sku text NOT NULL DEFAULT '');
CREATE INDEX order_items_by_order ON order_items(order_id, position);
CREATE TABLE order_fulfillments(
  id bigserial PRIMARY KEY,
  order_id bigint NOT NULL,
  position integer NOT NULL,
  status text NOT NULL DEFAULT '',
  tracking_number text NOT NULL DEFAULT '',
  tracking_company text NOT NULL DEFAULT '',
  tracking_url text NOT NULL DEFAULT '');
CREATE INDEX order_fulfillments_by_order ON order_fulfillments(order_id, position);
CREATE TABLE customer_notes(
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL,
  author_id bigint,
  body text NOT NULL,
  created_at bigint NOT NULL);
CREATE INDEX customer_notes_by_customer ON customer_notes(customer_id, id);
CREATE TABLE customer_tags(
  customer_id bigint NOT NULL,
  tag text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (customer_id, tag));
CREATE TABLE merge_suggestions(
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL,
  candidate_id bigint NOT NULL,
  kind text NOT NULL,
  match_key text NOT NULL,
  status text NOT NULL,
  created_at bigint NOT NULL,
  decided_by bigint,
  decided_at bigint,
  merge_id bigint,
  UNIQUE (customer_id, candidate_id, kind, match_key));
CREATE INDEX merge_suggestions_by_candidate ON merge_suggestions(candidate_id);
CREATE TABLE customer_merges(
  id bigserial PRIMARY KEY,
  target_id bigint NOT NULL,
  source_id bigint NOT NULL,
  reason text NOT NULL,
  by_agent bigint,
  moved text NOT NULL,
  merged_at bigint NOT NULL,
  unmerged_at bigint,
  unmerged_by bigint);
CREATE INDEX customer_merges_by_source ON customer_merges(source_id);
CREATE INDEX customer_merges_by_target ON customer_merges(target_id);
CREATE TABLE shop_webhooks(
  webhook_id text PRIMARY KEY,
  received_at bigint NOT NULL);
CREATE INDEX shop_webhooks_by_time ON shop_webhooks(received_at);
)sql",
    // 3: the metrics module's tables (server/metrics/schema.cpp, as of this step): hourly and
    // daily rollups with one column per KpiTotals counter, facts, the rollup writer's progress
    // and state, quality scores, reviews, surveys and quality settings.
    R"sql(
CREATE TABLE kpi_rollup_hour(
  period bigint NOT NULL,
  dimension text NOT NULL,
  key text NOT NULL,
  offered bigint NOT NULL DEFAULT 0,
  answered bigint NOT NULL DEFAULT 0,
  abandoned bigint NOT NULL DEFAULT 0,
  answered_in_target bigint NOT NULL DEFAULT 0,
  answered_in_target_bh bigint NOT NULL DEFAULT 0,
  abandoned_after_target bigint NOT NULL DEFAULT 0,
  abandoned_after_target_bh bigint NOT NULL DEFAULT 0,
  wait_ms bigint NOT NULL DEFAULT 0,
  wait_bh_ms bigint NOT NULL DEFAULT 0,
  first_responses bigint NOT NULL DEFAULT 0,
  first_response_ms bigint NOT NULL DEFAULT 0,
  first_response_bh_ms bigint NOT NULL DEFAULT 0,
  responses bigint NOT NULL DEFAULT 0,
  response_ms bigint NOT NULL DEFAULT 0,
  response_bh_ms bigint NOT NULL DEFAULT 0,
  handled bigint NOT NULL DEFAULT 0,
  handle_ms bigint NOT NULL DEFAULT 0,
  handle_bh_ms bigint NOT NULL DEFAULT 0,
  resolved bigint NOT NULL DEFAULT 0,
  resolution_ms bigint NOT NULL DEFAULT 0,
  resolution_bh_ms bigint NOT NULL DEFAULT 0,
  closed bigint NOT NULL DEFAULT 0,
  closed_first_contact bigint NOT NULL DEFAULT 0,
  closed_reopened bigint NOT NULL DEFAULT 0,
  ratings bigint NOT NULL DEFAULT 0,
  ratings_good bigint NOT NULL DEFAULT 0,
  staffed_ms bigint NOT NULL DEFAULT 0,
  staffed_bh_ms bigint NOT NULL DEFAULT 0,
  busy_ms bigint NOT NULL DEFAULT 0,
  busy_bh_ms bigint NOT NULL DEFAULT 0,
  backlog bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (period, dimension, key));
CREATE TABLE kpi_rollup_day(
  period bigint NOT NULL,
  dimension text NOT NULL,
  key text NOT NULL,
  offered bigint NOT NULL DEFAULT 0,
  answered bigint NOT NULL DEFAULT 0,
  abandoned bigint NOT NULL DEFAULT 0,
  answered_in_target bigint NOT NULL DEFAULT 0,
  answered_in_target_bh bigint NOT NULL DEFAULT 0,
  abandoned_after_target bigint NOT NULL DEFAULT 0,
  abandoned_after_target_bh bigint NOT NULL DEFAULT 0,
  wait_ms bigint NOT NULL DEFAULT 0,
  wait_bh_ms bigint NOT NULL DEFAULT 0,
  first_responses bigint NOT NULL DEFAULT 0,
  first_response_ms bigint NOT NULL DEFAULT 0,
  first_response_bh_ms bigint NOT NULL DEFAULT 0,
  responses bigint NOT NULL DEFAULT 0,
  response_ms bigint NOT NULL DEFAULT 0,
  response_bh_ms bigint NOT NULL DEFAULT 0,
  handled bigint NOT NULL DEFAULT 0,
  handle_ms bigint NOT NULL DEFAULT 0,
  handle_bh_ms bigint NOT NULL DEFAULT 0,
  resolved bigint NOT NULL DEFAULT 0,
  resolution_ms bigint NOT NULL DEFAULT 0,
  resolution_bh_ms bigint NOT NULL DEFAULT 0,
  closed bigint NOT NULL DEFAULT 0,
  closed_first_contact bigint NOT NULL DEFAULT 0,
  closed_reopened bigint NOT NULL DEFAULT 0,
  ratings bigint NOT NULL DEFAULT 0,
  ratings_good bigint NOT NULL DEFAULT 0,
  staffed_ms bigint NOT NULL DEFAULT 0,
  staffed_bh_ms bigint NOT NULL DEFAULT 0,
  busy_ms bigint NOT NULL DEFAULT 0,
  busy_bh_ms bigint NOT NULL DEFAULT 0,
  backlog bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (period, dimension, key));
CREATE TABLE kpi_facts(
  id bigserial PRIMARY KEY,
  kind integer NOT NULL,
  at bigint NOT NULL,
  end_at bigint NOT NULL,
  conversation_id bigint NOT NULL,
  agent_id bigint NOT NULL,
  queue text NOT NULL,
  team text NOT NULL,
  channel text NOT NULL,
  value bigint NOT NULL,
  business_ms bigint NOT NULL,
  flags bigint NOT NULL);
CREATE INDEX kpi_facts_at ON kpi_facts(at);
CREATE TABLE kpi_progress(
  id integer PRIMARY KEY CHECK (id = 1),
  last_event_id bigint NOT NULL);
CREATE TABLE kpi_open_conversations(
  conversation_id bigint PRIMARY KEY,
  queue text NOT NULL, channel text NOT NULL, agent bigint NOT NULL,
  last_agent bigint NOT NULL, contact_start bigint NOT NULL,
  queued_since bigint NOT NULL, queued_offered bigint NOT NULL,
  assigned_at bigint NOT NULL, unanswered_since bigint NOT NULL,
  awaiting_first_response bigint NOT NULL, open bigint NOT NULL,
  resolved_ever bigint NOT NULL, reopened_ever bigint NOT NULL,
  transferred_ever bigint NOT NULL);
CREATE TABLE kpi_agent_state(
  agent_id bigint PRIMARY KEY, status text NOT NULL,
  open_conversations bigint NOT NULL, since bigint NOT NULL);
CREATE TABLE kpi_quality_scores(
  conversation_id bigint PRIMARY KEY,
  agent_id bigint NOT NULL,
  at bigint NOT NULL,
  score double precision NOT NULL,
  breakdown text NOT NULL);
CREATE INDEX kpi_quality_scores_agent ON kpi_quality_scores(agent_id);
CREATE TABLE kpi_reviews(
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL,
  agent_id bigint NOT NULL,
  reviewer_id bigint NOT NULL,
  at bigint NOT NULL,
  score double precision NOT NULL,
  marks text NOT NULL,
  comment text NOT NULL);
CREATE INDEX kpi_reviews_agent ON kpi_reviews(agent_id);
CREATE TABLE kpi_surveys(
  conversation_id bigint PRIMARY KEY,
  agent_id bigint NOT NULL,
  at bigint NOT NULL,
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text NOT NULL,
  client_id text NOT NULL DEFAULT '');
CREATE TABLE kpi_quality_settings(
  id integer PRIMARY KEY CHECK (id = 1),
  settings text NOT NULL);
)sql",
    // 4: the SQLite schema's steps 5 to 14 (server/store/migrations.cpp): API keys, care rules,
    // alert thresholds, mail, notes, canned replies, attachments, webhooks, admin queues, team
    // hours and SLA policies. Their queries still run on SQLite only (docs/architecture.md,
    // "Storage backends"); the tables are here, with the same columns, keys, checks and
    // indexes, for their PostgreSQL side. The cursors in `meta` start at the log's end, as in
    // SQLite.
    R"sql(
CREATE TABLE api_keys(
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  scopes text NOT NULL,
  rate_per_minute bigint NOT NULL CHECK (rate_per_minute > 0),
  created_by bigint NOT NULL,
  created_at bigint NOT NULL,
  last_used_at bigint,
  revoked_at bigint);

CREATE TABLE care_rules(
  id bigserial PRIMARY KEY,
  builtin text UNIQUE,
  name text NOT NULL,
  enabled integer NOT NULL DEFAULT 0,
  trigger_type text NOT NULL,
  definition text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL);
CREATE TABLE care_jobs(
  id bigserial PRIMARY KEY,
  rule_id bigint NOT NULL REFERENCES care_rules(id),
  idempotency_key text NOT NULL UNIQUE,
  customer_id bigint NOT NULL,
  order_id bigint,
  conversation_id bigint,
  trigger_type text NOT NULL,
  triggered_at bigint NOT NULL,
  due_at bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'done', 'skipped', 'cancelled')),
  reason text NOT NULL DEFAULT '',
  contact integer NOT NULL DEFAULT 0,
  finished_at bigint);
CREATE INDEX care_jobs_due ON care_jobs(due_at) WHERE status = 'pending';
CREATE INDEX care_jobs_by_customer ON care_jobs(customer_id, status);
CREATE INDEX care_jobs_by_rule ON care_jobs(rule_id, id);
CREATE TABLE care_tasks(
  id bigserial PRIMARY KEY,
  job_id bigint NOT NULL UNIQUE REFERENCES care_jobs(id),
  rule_id bigint NOT NULL REFERENCES care_rules(id),
  customer_id bigint NOT NULL,
  order_id bigint,
  agent_id bigint REFERENCES users(id),
  team text NOT NULL DEFAULT '',
  text text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done', 'skipped')),
  outcome text NOT NULL DEFAULT '',
  created_at bigint NOT NULL,
  closed_at bigint,
  closed_by bigint REFERENCES users(id));
CREATE INDEX care_tasks_by_status ON care_tasks(status, id);
CREATE INDEX care_tasks_by_customer ON care_tasks(customer_id);
CREATE TABLE care_order_milestones(
  order_id bigint NOT NULL,
  milestone text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (order_id, milestone));
CREATE TABLE care_preferences(
  customer_id bigint PRIMARY KEY,
  time_zone text NOT NULL DEFAULT '',
  locale text NOT NULL DEFAULT '',
  marketing_consent integer NOT NULL DEFAULT 0,
  opted_out integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL);
INSERT INTO meta(key, value)
  VALUES ('care_log_through', (SELECT COALESCE(MAX(id), 0)::text FROM events))
  ON CONFLICT (key) DO NOTHING;

CREATE TABLE alert_thresholds(
  id integer PRIMARY KEY CHECK (id = 1),
  waiting bigint CHECK (waiting >= 0),
  oldest_wait_ms bigint CHECK (oldest_wait_ms >= 0),
  service_level double precision CHECK (service_level BETWEEN 0 AND 1),
  breached bigint CHECK (breached >= 0),
  updated_by bigint REFERENCES users(id),
  updated_at bigint NOT NULL);

CREATE TABLE mailboxes(
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  address text NOT NULL,
  display_name text NOT NULL DEFAULT '',
  queue text NOT NULL,
  smtp_url text NOT NULL DEFAULT '',
  security text NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'none')),
  imap_url text NOT NULL DEFAULT '',
  imap_folder text NOT NULL DEFAULT 'INBOX',
  login text NOT NULL DEFAULT '',
  sealed_password bytea,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL);
CREATE TABLE mail_inbox(
  id bigserial PRIMARY KEY,
  mailbox_id bigint NOT NULL REFERENCES mailboxes(id),
  raw bytea NOT NULL,
  source text NOT NULL,
  received_at bigint NOT NULL);
CREATE TABLE mail_imap_taken(
  mailbox_id bigint NOT NULL,
  uid_validity bigint NOT NULL,
  uid bigint NOT NULL,
  kept integer NOT NULL DEFAULT 0,
  taken_at bigint NOT NULL,
  PRIMARY KEY (mailbox_id, uid_validity, uid));
CREATE TABLE mail_threads(
  conversation_id bigint PRIMARY KEY,
  mailbox_id bigint NOT NULL REFERENCES mailboxes(id),
  token text NOT NULL UNIQUE,
  address text NOT NULL,
  subject text NOT NULL DEFAULT '',
  queued_through_seq bigint NOT NULL DEFAULT 0);
CREATE TABLE mail_message_ids(
  message_id text PRIMARY KEY,
  conversation_id bigint NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  at bigint NOT NULL);
CREATE INDEX mail_message_ids_by_conversation ON mail_message_ids(conversation_id, at);
CREATE TABLE mail_senders(
  match_key text PRIMARY KEY,
  customer_id bigint NOT NULL,
  last_at bigint NOT NULL,
  recent bigint NOT NULL DEFAULT 0,
  recent_since bigint NOT NULL);
CREATE TABLE mail_bounces(
  match_key text PRIMARY KEY,
  address text NOT NULL,
  reason text NOT NULL,
  at bigint NOT NULL);
CREATE TABLE mail_set_aside(
  id bigserial PRIMARY KEY,
  mailbox_id bigint NOT NULL,
  reason text NOT NULL,
  sender text NOT NULL,
  subject text NOT NULL,
  at bigint NOT NULL);
CREATE TABLE mail_outbox(
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL,
  seq bigint NOT NULL,
  mailbox_id bigint NOT NULL,
  recipient text NOT NULL,
  message_id text NOT NULL UNIQUE,
  raw bytea NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'uncertain')),
  attempts bigint NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  error text NOT NULL DEFAULT '',
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  UNIQUE (conversation_id, seq));
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);

CREATE TABLE conversation_notes(
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  author_id bigint NOT NULL REFERENCES users(id),
  client_id text NOT NULL,
  body text NOT NULL,
  created_at bigint NOT NULL,
  UNIQUE (author_id, client_id));
CREATE INDEX conversation_notes_by_conversation ON conversation_notes(conversation_id, id);
CREATE TABLE note_mentions(
  note_id bigint NOT NULL REFERENCES conversation_notes(id),
  user_id bigint NOT NULL REFERENCES users(id),
  conversation_id bigint NOT NULL,
  PRIMARY KEY (note_id, user_id));
CREATE INDEX note_mentions_by_user ON note_mentions(user_id, conversation_id);

CREATE TABLE canned_replies(
  id bigserial PRIMARY KEY,
  owner_id bigint REFERENCES users(id),
  team text NOT NULL DEFAULT '',
  locale text NOT NULL CHECK (locale IN ('zh', 'en')),
  shortcut text NOT NULL,
  title text NOT NULL DEFAULT '',
  body text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL);
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

CREATE TABLE attachments(
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  uploader_kind text NOT NULL CHECK (uploader_kind IN ('customer', 'agent')),
  uploader_id bigint NOT NULL,
  name text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  file_key text NOT NULL UNIQUE,
  created_at bigint NOT NULL);
CREATE INDEX attachments_by_conversation ON attachments(conversation_id, id);

CREATE TABLE webhook_subscriptions(
  id bigserial PRIMARY KEY,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_types text NOT NULL,
  secret text NOT NULL,
  previous_secret text,
  previous_secret_until bigint,
  enabled integer NOT NULL DEFAULT 1,
  disabled_reason text,
  disabled_at bigint,
  failing_since bigint,
  from_event_id bigint NOT NULL,
  created_by bigint NOT NULL,
  created_at bigint NOT NULL,
  removed_at bigint);
CREATE TABLE webhook_deliveries(
  id bigserial PRIMARY KEY,
  subscription_id bigint NOT NULL REFERENCES webhook_subscriptions(id),
  event_id bigint,
  webhook_id text NOT NULL UNIQUE,
  event_type text NOT NULL,
  payload text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts bigint NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  created_at bigint NOT NULL,
  last_attempt_at bigint,
  last_status bigint,
  last_error text NOT NULL DEFAULT '',
  last_response text NOT NULL DEFAULT '',
  UNIQUE (subscription_id, event_id));
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at)
  WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries(subscription_id, id);
CREATE TABLE webhook_attempts(
  id bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id),
  at bigint NOT NULL,
  status bigint,
  error text NOT NULL,
  response text NOT NULL,
  duration_ms bigint NOT NULL);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts(delivery_id, id);
INSERT INTO meta(key, value)
  VALUES ('webhooks_through_event', (SELECT COALESCE(MAX(id), 0)::text FROM events))
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;

CREATE TABLE admin_queues(
  name text PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('chat', 'ticket')),
  definition text NOT NULL,
  retired_at bigint,
  moved_to text);

CREATE TABLE team_hours(
  team text PRIMARY KEY,
  definition text NOT NULL);
CREATE TABLE sla_policies(
  name text PRIMARY KEY,
  definition text NOT NULL);
)sql",
    // 5: the cluster's desk lease, assignments fenced by it, agents' loads and node presence
    // (server/cluster/cluster_schema.hpp).
    kefu::cluster::kClusterSchemaStep,
    // 6 (mail): the SQLite schema's step 16: 'email' is a channel of its own, and the
    // conversations opened by mail move to it with their log; set-aside mail attachments.
    R"sql(
ALTER TABLE conversations DROP CONSTRAINT conversations_channel_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_channel_check
  CHECK (channel IN ('chat', 'ticket', 'email'));
UPDATE conversations SET channel = 'email'
  WHERE id IN (SELECT conversation_id FROM mail_threads);
UPDATE events SET channel = 'email'
  WHERE channel = 'ticket' AND conversation_id IN (SELECT conversation_id FROM mail_threads);
CREATE TABLE mail_shelved_attachments(
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL,
  customer_id bigint NOT NULL,
  name text NOT NULL,
  declared_type text NOT NULL,
  size bigint NOT NULL,
  file_key text NOT NULL,
  reason text NOT NULL,
  at bigint NOT NULL);
CREATE INDEX mail_shelved_attachments_by_conversation
  ON mail_shelved_attachments(conversation_id, id);
ALTER TABLE mail_set_aside ADD COLUMN raw bytea;
)sql",
    // 7 (care): the SQLite schema's step 15: the segment each customer was last seen in
    // (segment_changed), and the widget messages care rules leave for a customer's next visit.
    R"sql(
CREATE TABLE care_segments(
  customer_id bigint PRIMARY KEY,
  segment text NOT NULL,
  changed_at bigint NOT NULL);
CREATE TABLE care_messages(
  id bigserial PRIMARY KEY,
  job_id bigint NOT NULL UNIQUE REFERENCES care_jobs(id),
  rule_id bigint NOT NULL REFERENCES care_rules(id),
  customer_id bigint NOT NULL,
  text text NOT NULL,
  created_at bigint NOT NULL,
  shown_at bigint);
CREATE INDEX care_messages_waiting ON care_messages(customer_id) WHERE shown_at IS NULL;
)sql",
    // 8 (workspace): the SQLite schema's step 17: attachments' bytes in the database, where
    // every node reads what any node kept (server/workspace/sql_attachment_files.hpp).
    R"sql(
CREATE TABLE attachment_bytes(
  file_key text PRIMARY KEY,
  bytes bytea NOT NULL,
  size bigint NOT NULL,
  created_at bigint NOT NULL);
)sql",
    // 9 (shop): the SQLite schema's step 18: the shop's integration (server/shop): its sealed
    // secrets, its allowed origins and the tag catalogue.
    R"sql(
CREATE TABLE shop_secrets(
  name text PRIMARY KEY,
  sealed_current text NOT NULL,
  sealed_previous text NOT NULL DEFAULT '',
  previous_until bigint NOT NULL DEFAULT 0,
  rotated_at bigint NOT NULL);
CREATE TABLE shop_origins(
  origin text PRIMARY KEY,
  added_at bigint NOT NULL);
CREATE TABLE tag_catalogue(
  name text PRIMARY KEY,
  label_zh text NOT NULL,
  label_en text NOT NULL,
  created_at bigint NOT NULL,
  retired_at bigint);
)sql",
    // 10 (priority): the SQLite schema's step 19: a conversation's priority and who set it; and
    // the metrics module's saved state of an open conversation keeps its priority
    // (server/metrics/schema.cpp).
    R"sql(
ALTER TABLE conversations ADD COLUMN priority text NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN priority_by text NOT NULL DEFAULT '';
ALTER TABLE kpi_open_conversations ADD COLUMN priority text NOT NULL DEFAULT '';
)sql",
    // 11 (the log's readers): the events in the order sql::EventLogReader reads them, by writing
    // transaction then id (server/store/sql/event_log_reader.hpp).
    R"sql(
CREATE INDEX events_by_xid ON events(xid, id);
)sql",
    // 12 (mail, issue 19): the SQLite schema's step 20: inbox and outbox entries claimed by one
    // node's mail worker until a lease ends; each received message kept once by (mailbox,
    // Message-ID).
    R"sql(
ALTER TABLE mail_inbox ADD COLUMN claimed_by text NOT NULL DEFAULT '';
ALTER TABLE mail_inbox ADD COLUMN lease_until bigint NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN claimed_by text NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN lease_until bigint NOT NULL DEFAULT 0;
CREATE TABLE mail_received(
  mailbox_id bigint NOT NULL,
  message_id text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (mailbox_id, message_id));
INSERT INTO mail_received(mailbox_id, message_id, at)
  SELECT t.mailbox_id, i.message_id, MIN(i.at) FROM mail_message_ids i
  JOIN mail_threads t ON t.conversation_id = i.conversation_id
  WHERE i.direction = 'in' GROUP BY t.mailbox_id, i.message_id;
)sql",
    // 13 (knowledge base): the SQLite schema's step 21: the knowledge base's truth (articles,
    // their versions, the vocabulary admins added, learned questions) and the counters each node
    // polls: kb_revision (its search index, kept in memory, is rebuilt when it moves) and
    // kb_learned_state (its learned questions are read again).
    R"sql(
CREATE TABLE kb_articles(
  id bigserial PRIMARY KEY,
  slug text UNIQUE,
  title text NOT NULL,
  body text NOT NULL,
  tags text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('zh', 'en')),
  status text NOT NULL CHECK (status IN ('draft', 'published')),
  version integer NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL);
CREATE INDEX kb_articles_status ON kb_articles(status);
CREATE TABLE kb_article_versions(
  article_id bigint NOT NULL REFERENCES kb_articles(id),
  version integer NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  tags text NOT NULL,
  locale text NOT NULL,
  author text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (article_id, version));
CREATE TABLE kb_vocabulary(
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('word', 'synonyms')),
  words text NOT NULL);
CREATE TABLE kb_learned_questions(
  id bigserial PRIMARY KEY,
  article_id bigint NOT NULL REFERENCES kb_articles(id),
  question text NOT NULL,
  folded text NOT NULL,
  source text NOT NULL CHECK (source IN ('agent', 'customer')),
  evidence_from text NOT NULL,
  weight double precision NOT NULL,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  UNIQUE (article_id, folded, evidence_from));
CREATE TABLE kb_learned_state(
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL);
INSERT INTO kb_learned_state(id, version) VALUES (1, 0);
CREATE TABLE kb_revision(
  id integer PRIMARY KEY CHECK (id = 1),
  revision bigint NOT NULL);
INSERT INTO kb_revision(id, revision) VALUES (1, 0);
)sql",
    // 14 (cluster, relaying): the desk's address in its lease and the nodes' shared key
    // (server/cluster/cluster_schema.hpp).
    kefu::cluster::kClusterRelayStep,
    // 15 (cluster, issue 19): `assignments` and `agent_loads` kept by triggers on
    // `conversations` in the transaction that changes an assignee, capacities per kind
    // (server/cluster/assignee_mirror_schema.hpp).
    kefu::cluster::kAssigneeMirrorStep,
};

}  // namespace

int latest_postgres_schema_version() {
  return static_cast<int>(kSteps.size());
}

int postgres_schema_version(PgConnection& db) {
  const auto exists = db.exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists.boolean(0, 0)) return 0;
  return static_cast<int>(
      db.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").int64(0, 0));
}

bool is_postgres_uri(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

int migrate_postgres(PgConnection& db) {
  db.exec("SET client_min_messages = warning");  // no notice for each IF NOT EXISTS
  for (;;) {
    db.exec("BEGIN");
    try {
      db.exec(std::string("SELECT pg_advisory_xact_lock(") + kMigrationLock + ")");
      db.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations("
          "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      int version = static_cast<int>(
          db.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").int64(0, 0));
      if (version >= latest_postgres_schema_version()) {
        db.exec("COMMIT");
        return version;
      }
      db.exec(kSteps[static_cast<std::size_t>(version)]);
      ++version;
      db.exec("INSERT INTO schema_migrations(version) VALUES ($1)", {std::to_string(version)});
      db.exec("COMMIT");
    } catch (...) {
      if (db.healthy()) PQclear(PQexec(db.handle(), "ROLLBACK"));
      throw;
    }
  }
}

}  // namespace kefu::store
