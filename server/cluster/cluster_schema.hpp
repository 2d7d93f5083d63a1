#pragma once

namespace kefu::cluster {

// The PostgreSQL migration step of the cluster (issue 19), appended to the steps of
// server/store/postgres/postgres_migrations.cpp. What it guarantees holds whatever a node's code
// does, because the schema itself refuses the rest:
// - `desk_lease`: one row. Its `epoch` is bumped by each newly elected desk (DeskElection);
//   `renewed_at` (the database's clock) tells a candidate when the holder stopped renewing.
// - `assignments`: the history of who held each conversation. A unique partial index allows one
//   active assignment (ended_at IS NULL) per conversation. A trigger fences every insert and
//   every ending against the lease (the row's epoch must be the current one, read FOR SHARE so
//   that a new desk's epoch bump waits for assignments in flight and stale ones fail after it),
//   keeps `agent_loads.active` as the number of an agent's active assignments, and refuses an
//   assignment beyond `users.chat_capacity` with a guarded update (active < capacity) that
//   concurrent transactions serialise on. Assignments are never deleted nor reopened.
// - kefu_desk_assign() / kefu_desk_requeue(): one assignment or one requeue, with the
//   conversation's row and its event, in one statement (one transaction).
// - `node_heartbeats` and `node_agents`: each node's last beat (database clock) and the agents
//   whose sockets it holds, for presence across nodes (NodeRegistry).
// Step 15 (assignee_mirror_schema.hpp) changes this: triggers on `conversations` record every
// change of an assignee, `agent_loads` counts per agent and kind (chat or ticket capacity), and
// kefu_desk_assign() / kefu_desk_requeue() write the conversation's row only.
// SQLSTATEs: KFD01 a stale desk epoch, 23505 a second active assignment, 23514 an agent at
// capacity, KFD02 a change to history.
inline constexpr const char* kClusterSchemaStep = R"sql(
CREATE TABLE desk_lease(
  id integer PRIMARY KEY CHECK (id = 1),
  epoch bigint NOT NULL CHECK (epoch >= 0),
  node text NOT NULL,
  backend_pid integer NOT NULL,
  renewed_at timestamptz NOT NULL);
INSERT INTO desk_lease(id, epoch, node, backend_pid, renewed_at) VALUES (1, 0, '', 0, now());

CREATE FUNCTION kefu_desk_fence(p_epoch bigint) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  -- FOR SHARE: a new desk's UPDATE of the epoch waits until this transaction ends, and once it
  -- has committed every transaction of the older epoch fails here.
  PERFORM 1 FROM desk_lease WHERE id = 1 AND epoch = p_epoch FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'desk epoch % is not the current one', p_epoch USING ERRCODE = 'KFD01';
  END IF;
END
$fn$;

CREATE TABLE assignments(
  id bigserial PRIMARY KEY,
  conversation_id bigint NOT NULL REFERENCES conversations(id),
  agent_id bigint NOT NULL REFERENCES users(id),
  epoch bigint NOT NULL,
  assigned_at bigint NOT NULL,
  ended_at bigint,
  ended_epoch bigint,
  end_reason text,
  CHECK ((ended_at IS NULL) = (ended_epoch IS NULL) AND (ended_at IS NULL) = (end_reason IS NULL)));
CREATE UNIQUE INDEX assignments_one_active ON assignments(conversation_id) WHERE ended_at IS NULL;
CREATE INDEX assignments_active_by_agent ON assignments(agent_id) WHERE ended_at IS NULL;

CREATE TABLE agent_loads(
  agent_id bigint PRIMARY KEY REFERENCES users(id),
  active integer NOT NULL CHECK (active >= 0));

CREATE FUNCTION kefu_assignment_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'assignments are history: not deleted' USING ERRCODE = 'KFD02';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.ended_at IS NOT NULL THEN
      RAISE EXCEPTION 'an assignment starts active' USING ERRCODE = 'KFD02';
    END IF;
    PERFORM kefu_desk_fence(NEW.epoch);
    INSERT INTO agent_loads(agent_id, active) VALUES (NEW.agent_id, 0) ON CONFLICT DO NOTHING;
    -- The row lock serialises an agent's assignments; the condition is checked again on the
    -- newest row version, so concurrent assignments can never take it past capacity.
    UPDATE agent_loads l SET active = l.active + 1 FROM users u
      WHERE l.agent_id = NEW.agent_id AND u.id = NEW.agent_id AND l.active < u.chat_capacity;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'agent % is at capacity', NEW.agent_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.ended_at IS NOT NULL OR NEW.conversation_id <> OLD.conversation_id
     OR NEW.agent_id <> OLD.agent_id OR NEW.epoch <> OLD.epoch
     OR NEW.assigned_at <> OLD.assigned_at THEN
    RAISE EXCEPTION 'assignments are history: only an active one may end' USING ERRCODE = 'KFD02';
  END IF;
  IF NEW.ended_at IS NOT NULL THEN
    PERFORM kefu_desk_fence(NEW.ended_epoch);
    UPDATE agent_loads SET active = active - 1 WHERE agent_id = OLD.agent_id;
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER assignments_guard BEFORE INSERT OR UPDATE OR DELETE ON assignments
  FOR EACH ROW EXECUTE FUNCTION kefu_assignment_guard();

CREATE FUNCTION kefu_desk_assign(p_epoch bigint, p_conversation_id bigint, p_agent_id bigint,
                                 p_at bigint, p_reason text) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_conversation conversations%ROWTYPE;
  v_id bigint;
BEGIN
  PERFORM kefu_desk_fence(p_epoch);
  SELECT * INTO v_conversation FROM conversations WHERE id = p_conversation_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE foreign_key_violation USING MESSAGE = 'no conversation ' || p_conversation_id;
  END IF;
  INSERT INTO assignments(conversation_id, agent_id, epoch, assigned_at)
    VALUES (p_conversation_id, p_agent_id, p_epoch, p_at) RETURNING id INTO v_id;
  UPDATE conversations SET status = 'assigned', agent_id = p_agent_id,
                           last_agent_id = p_agent_id, updated_at = p_at
    WHERE id = p_conversation_id;
  INSERT INTO events(at, type, conversation_id, customer_id, agent_id, channel, queue, data)
    VALUES (p_at, 'conversation_assigned', p_conversation_id, v_conversation.customer_id,
            p_agent_id, v_conversation.channel, v_conversation.queue,
            '{"reason":' || to_json(p_reason)::text || ',"desk_epoch":' || p_epoch || '}');
  RETURN v_id;
END
$fn$;

CREATE FUNCTION kefu_desk_requeue(p_epoch bigint, p_conversation_id bigint, p_at bigint,
                                  p_reason text) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_conversation conversations%ROWTYPE;
  v_agent bigint;
BEGIN
  PERFORM kefu_desk_fence(p_epoch);
  SELECT * INTO v_conversation FROM conversations WHERE id = p_conversation_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE foreign_key_violation USING MESSAGE = 'no conversation ' || p_conversation_id;
  END IF;
  UPDATE assignments SET ended_at = p_at, ended_epoch = p_epoch, end_reason = p_reason
    WHERE conversation_id = p_conversation_id AND ended_at IS NULL
    RETURNING agent_id INTO v_agent;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  UPDATE conversations SET status = 'queued', agent_id = NULL, updated_at = p_at
    WHERE id = p_conversation_id;
  INSERT INTO events(at, type, conversation_id, customer_id, agent_id, channel, queue, data)
    VALUES (p_at, 'conversation_queued', p_conversation_id, v_conversation.customer_id,
            v_agent, v_conversation.channel, v_conversation.queue,
            '{"reason":' || to_json(p_reason)::text || ',"desk_epoch":' || p_epoch || '}');
  RETURN v_agent;
END
$fn$;

CREATE TABLE node_heartbeats(
  node text PRIMARY KEY,
  started_at timestamptz NOT NULL,
  beat_at timestamptz NOT NULL);
CREATE TABLE node_agents(
  agent_id bigint NOT NULL REFERENCES users(id),
  node text NOT NULL REFERENCES node_heartbeats(node),
  since timestamptz NOT NULL,
  PRIMARY KEY (agent_id, node));
)sql";

// The cluster's second step (relaying, issue 19): where the desk's node is reached, and the key
// the nodes share.
// - `desk_lease.address`: the elected desk's own http://HOST:PORT (`--advertise`, else what it
//   listens on), written with each epoch bump; standby nodes relay every request and socket to it
//   (server/net/http_relay.hpp).
// - `cluster_key`: one row, a random key (64 hex digits) the first node to start writes
//   (cluster::cluster_key) and every node reads: a relay signs the client's address with it
//   (Kefu-Relayed-For, server/net/relayed_for.hpp) and the desk trusts only that signature.
inline constexpr const char* kClusterRelayStep = R"sql(
ALTER TABLE desk_lease ADD COLUMN address text NOT NULL DEFAULT '';
CREATE TABLE cluster_key(
  id integer PRIMARY KEY CHECK (id = 1),
  key text NOT NULL CHECK (length(key) = 64));
)sql";

}  // namespace kefu::cluster
