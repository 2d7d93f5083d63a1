#pragma once

namespace kefu::cluster {

// The PostgreSQL migration step that makes `assignments` and `agent_loads` (cluster_schema.hpp)
// the mirror of `conversations`, kept exact in the transaction that changes a conversation's
// assignee, whoever writes it (the desk's group commit, kefu_desk_assign, any other connection):
// - A conversation's active assignee is its `agent_id` while its status is 'assigned' (an offer
//   too); a resolved conversation keeps its agent_id but no longer holds a place.
// - Triggers on `conversations` (after the row is written, in the same statement) end the
//   active assignment when that assignee changes or goes, and start the new one. So a transfer
//   is one ending and one start, a resolution or requeue one ending; they write no event (the
//   desk's batch writes the one event of each change).
// - The epoch an assignment is written with is the one kefu_desk_fence() checked first in the
//   transaction (a transaction-local setting, `kefu.desk_epoch`); a store without an epoch (one
//   node, no election) writes with the current one. The guard on `assignments` fences it again.
// - Capacity per kind, as routing counts it (server/routing/routing_engine.cpp, capacity()): a
//   chat against users.chat_capacity, a ticket or an e-mail against users.ticket_capacity.
//   `agent_loads` holds one row per agent and kind. Only an agent's assignments count
//   (`counted`, decided when the assignment starts): routing assigns to agents only, and a
//   supervisor's take-over is outside routing and its capacities.
// - Existing databases: the step ends the active assignments conversations no longer show,
//   starts the ones they show (whatever the capacities: they exist already), and rebuilds
//   `agent_loads` from the active assignments.
// kefu_desk_assign() / kefu_desk_requeue() keep their contract (AssignmentLedger) and now write
// the conversation's row only, the triggers recording the assignment.
inline constexpr const char* kAssigneeMirrorStep = R"sql(
DROP TRIGGER assignments_guard ON assignments;
ALTER TABLE assignments ADD COLUMN kind text, ADD COLUMN counted boolean;
UPDATE assignments a SET kind = CASE WHEN c.channel = 'chat' THEN 'chat' ELSE 'ticket' END,
                         counted = true
  FROM conversations c WHERE c.id = a.conversation_id;
ALTER TABLE assignments ALTER COLUMN kind SET NOT NULL, ALTER COLUMN counted SET NOT NULL,
  ADD CONSTRAINT assignments_kind_check CHECK (kind IN ('chat', 'ticket'));
UPDATE assignments a SET ended_at = c.updated_at, ended_epoch = (SELECT epoch FROM desk_lease),
                         end_reason = 'migrated'
  FROM conversations c
  WHERE c.id = a.conversation_id AND a.ended_at IS NULL
    AND (c.status <> 'assigned' OR c.agent_id IS DISTINCT FROM a.agent_id);
INSERT INTO assignments(conversation_id, agent_id, epoch, assigned_at, kind, counted)
  SELECT c.id, c.agent_id, (SELECT epoch FROM desk_lease), c.updated_at,
         CASE WHEN c.channel = 'chat' THEN 'chat' ELSE 'ticket' END, u.role = 'agent'
  FROM conversations c JOIN users u ON u.id = c.agent_id
  WHERE c.status = 'assigned' AND NOT EXISTS (
    SELECT 1 FROM assignments a WHERE a.conversation_id = c.id AND a.ended_at IS NULL);

DROP TABLE agent_loads;
CREATE TABLE agent_loads(
  agent_id bigint NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('chat', 'ticket')),
  active integer NOT NULL CHECK (active >= 0),
  PRIMARY KEY (agent_id, kind));
INSERT INTO agent_loads(agent_id, kind, active)
  SELECT agent_id, kind, COUNT(*) FROM assignments WHERE ended_at IS NULL AND counted
  GROUP BY agent_id, kind;

CREATE OR REPLACE FUNCTION kefu_desk_fence(p_epoch bigint) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  -- FOR SHARE: a new desk's UPDATE of the epoch waits until this transaction ends, and once it
  -- has committed every transaction of the older epoch fails here.
  PERFORM 1 FROM desk_lease WHERE id = 1 AND epoch = p_epoch FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'desk epoch % is not the current one', p_epoch USING ERRCODE = 'KFD01';
  END IF;
  -- The epoch the assignments this transaction changes are written with.
  PERFORM set_config('kefu.desk_epoch', p_epoch::text, true);
END
$fn$;

CREATE OR REPLACE FUNCTION kefu_assignment_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  v_channel text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'assignments are history: not deleted' USING ERRCODE = 'KFD02';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.ended_at IS NOT NULL THEN
      RAISE EXCEPTION 'an assignment starts active' USING ERRCODE = 'KFD02';
    END IF;
    PERFORM kefu_desk_fence(NEW.epoch);
    SELECT channel INTO v_channel FROM conversations WHERE id = NEW.conversation_id;
    IF NOT FOUND THEN
      RAISE foreign_key_violation USING MESSAGE = 'no conversation ' || NEW.conversation_id;
    END IF;
    NEW.kind := CASE WHEN v_channel = 'chat' THEN 'chat' ELSE 'ticket' END;
    SELECT role = 'agent' INTO NEW.counted FROM users WHERE id = NEW.agent_id;
    IF NOT FOUND THEN
      RAISE foreign_key_violation USING MESSAGE = 'no user ' || NEW.agent_id;
    END IF;
    IF NEW.counted THEN
      INSERT INTO agent_loads(agent_id, kind, active) VALUES (NEW.agent_id, NEW.kind, 0)
        ON CONFLICT DO NOTHING;
      -- The row lock serialises an agent's assignments of a kind; the condition is checked
      -- again on the newest row version, so concurrent assignments never pass capacity.
      UPDATE agent_loads l SET active = l.active + 1 FROM users u
        WHERE l.agent_id = NEW.agent_id AND l.kind = NEW.kind AND u.id = NEW.agent_id
          AND l.active < CASE WHEN NEW.kind = 'chat' THEN u.chat_capacity
                              ELSE u.ticket_capacity END;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'agent % is at % capacity', NEW.agent_id, NEW.kind
          USING ERRCODE = 'check_violation';
      END IF;
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.ended_at IS NOT NULL OR NEW.conversation_id <> OLD.conversation_id
     OR NEW.agent_id <> OLD.agent_id OR NEW.epoch <> OLD.epoch
     OR NEW.assigned_at <> OLD.assigned_at OR NEW.kind <> OLD.kind
     OR NEW.counted <> OLD.counted THEN
    RAISE EXCEPTION 'assignments are history: only an active one may end' USING ERRCODE = 'KFD02';
  END IF;
  IF NEW.ended_at IS NOT NULL THEN
    PERFORM kefu_desk_fence(NEW.ended_epoch);
    IF OLD.counted THEN
      UPDATE agent_loads SET active = active - 1 WHERE agent_id = OLD.agent_id AND kind = OLD.kind;
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER assignments_guard BEFORE INSERT OR UPDATE OR DELETE ON assignments
  FOR EACH ROW EXECUTE FUNCTION kefu_assignment_guard();

CREATE FUNCTION kefu_conversation_assignee() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  v_epoch bigint := NULLIF(current_setting('kefu.desk_epoch', true), '')::bigint;
  v_reason text := NULLIF(current_setting('kefu.end_reason', true), '');
BEGIN
  IF v_epoch IS NULL THEN
    SELECT epoch INTO v_epoch FROM desk_lease WHERE id = 1;  -- a store without an election
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'assigned' AND OLD.agent_id IS NOT NULL THEN
    UPDATE assignments SET ended_at = NEW.updated_at, ended_epoch = v_epoch,
      end_reason = COALESCE(v_reason, CASE
        WHEN NEW.status = 'assigned' THEN 'transferred'
        WHEN NEW.status = 'queued' THEN 'requeued'
        ELSE NEW.status END)
      WHERE conversation_id = NEW.id AND ended_at IS NULL;
  END IF;
  IF NEW.status = 'assigned' AND NEW.agent_id IS NOT NULL THEN
    INSERT INTO assignments(conversation_id, agent_id, epoch, assigned_at)
      VALUES (NEW.id, NEW.agent_id, v_epoch, NEW.updated_at);
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER conversations_assignee_started AFTER INSERT ON conversations
  FOR EACH ROW WHEN (NEW.status = 'assigned' AND NEW.agent_id IS NOT NULL)
  EXECUTE FUNCTION kefu_conversation_assignee();
CREATE TRIGGER conversations_assignee_changed AFTER UPDATE OF status, agent_id ON conversations
  FOR EACH ROW WHEN ((CASE WHEN OLD.status = 'assigned' THEN OLD.agent_id END)
                     IS DISTINCT FROM (CASE WHEN NEW.status = 'assigned' THEN NEW.agent_id END))
  EXECUTE FUNCTION kefu_conversation_assignee();

CREATE OR REPLACE FUNCTION kefu_desk_assign(p_epoch bigint, p_conversation_id bigint,
                                            p_agent_id bigint, p_at bigint, p_reason text)
RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_conversation conversations%ROWTYPE;
BEGIN
  PERFORM kefu_desk_fence(p_epoch);
  SELECT * INTO v_conversation FROM conversations WHERE id = p_conversation_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE foreign_key_violation USING MESSAGE = 'no conversation ' || p_conversation_id;
  END IF;
  IF v_conversation.status = 'assigned' AND v_conversation.agent_id IS NOT NULL THEN
    RAISE unique_violation USING MESSAGE = 'conversation ' || p_conversation_id ||
                                           ' has an active assignee';
  END IF;
  UPDATE conversations SET status = 'assigned', agent_id = p_agent_id,
                           last_agent_id = p_agent_id, updated_at = p_at
    WHERE id = p_conversation_id;
  INSERT INTO events(at, type, conversation_id, customer_id, agent_id, channel, queue, data)
    VALUES (p_at, 'conversation_assigned', p_conversation_id, v_conversation.customer_id,
            p_agent_id, v_conversation.channel, v_conversation.queue,
            '{"reason":' || to_json(p_reason)::text || ',"desk_epoch":' || p_epoch || '}');
  RETURN currval('assignments_id_seq');
END
$fn$;

CREATE OR REPLACE FUNCTION kefu_desk_requeue(p_epoch bigint, p_conversation_id bigint,
                                             p_at bigint, p_reason text) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_conversation conversations%ROWTYPE;
BEGIN
  PERFORM kefu_desk_fence(p_epoch);
  SELECT * INTO v_conversation FROM conversations WHERE id = p_conversation_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE foreign_key_violation USING MESSAGE = 'no conversation ' || p_conversation_id;
  END IF;
  IF v_conversation.status <> 'assigned' OR v_conversation.agent_id IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('kefu.end_reason', p_reason, true);
  UPDATE conversations SET status = 'queued', agent_id = NULL, updated_at = p_at
    WHERE id = p_conversation_id;
  PERFORM set_config('kefu.end_reason', '', true);
  INSERT INTO events(at, type, conversation_id, customer_id, agent_id, channel, queue, data)
    VALUES (p_at, 'conversation_queued', p_conversation_id, v_conversation.customer_id,
            v_conversation.agent_id, v_conversation.channel, v_conversation.queue,
            '{"reason":' || to_json(p_reason)::text || ',"desk_epoch":' || p_epoch || '}');
  RETURN v_conversation.agent_id;
END
$fn$;
)sql";

}  // namespace kefu::cluster
