// Messages on the desk: a customer's words (opening or reopening a chat when none is open), an
// agent's reply, each stored before it is acknowledged and then announced to everyone on the
// conversation; typing indicators; and `sync`, which replays what a reconnecting socket missed
// (docs/protocol.md). Part of ContactCentre.

#include <algorithm>
#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"

namespace kefu {
using store::ConversationRecord;
using store::WriteBatch;

namespace {

constexpr int kSyncPage = 500;
const std::string kSystemName = "Kefu";

}  // namespace

void ContactCentre::customer_message(const ParticipantPtr& p, const Connection& c, SendMessage m) {
  const std::int64_t now = clock_.now_ms();
  Conversation* conv = nullptr;
  if (m.conversation_id) {
    conv = find_visible(c, *m.conversation_id);
    if (conv == nullptr) {
      auto stored = store_.find_conversation(*m.conversation_id);
      if (stored && stored->customer_id == c.id) {
        // Closed or abandoned: the customer's words start a new chat instead.
        conv = nullptr;
      } else {
        p->deliver(outbound::error("not_found", m.client_id, "no such conversation"));
        return;
      }
    }
  } else {
    conv = open_chat_of(c.id);
  }
  WriteBatch batch;
  std::function<void()> undo;
  const char* enqueue_reason = nullptr;
  if (reopen_resolved(conv, now, batch, undo)) enqueue_reason = "reopened";
  if (conv == nullptr) {
    conv = &open_conversation(new_conversation(c.id, "chat"), batch, undo);
    enqueue_reason = "new";
  }
  store::MessageRecord message =
      customer_message(conv->record.id, c.id, std::move(m.client_id), std::move(m.text), now);
  const std::int64_t id = conv->record.id;
  std::function<void()> on_stored;
  if (enqueue_reason != nullptr) {
    on_stored = [this, id, reason = std::string(enqueue_reason)] {
      auto it = conversations_.find(id);
      if (it == conversations_.end() || it->second.record.status != "queued") return;
      enqueue(it->second, reason);
      apply_routing();
    };
  }
  store_message(p, id, std::move(message), "message_received", std::move(batch), std::move(undo));
  if (on_stored) {
    // Runs after the message's own completion: batches complete in submission order.
    write(
        WriteBatch{}, [on_stored](const store::WriteResult&) { on_stored(); }, {}, nullptr,
        std::nullopt);
  }
}

void ContactCentre::agent_message(const ParticipantPtr& p, const Connection& c, SendMessage m) {
  auto it = conversations_.find(*m.conversation_id);
  if (it == conversations_.end() || it->second.record.agent_id != c.id) {
    p->deliver(outbound::error("not_found", m.client_id, "no such conversation"));
    return;
  }
  if (!is_open_for_agent(it->second.record)) {
    p->deliver(outbound::error("conflict", m.client_id, "the conversation is not open"));
    return;
  }
  store::MessageRecord message;
  message.conversation_id = it->first;
  message.author_kind = store::AuthorKind::agent;
  message.author_id = c.id;
  message.client_id = std::move(m.client_id);
  message.body = std::move(m.text);
  message.at = clock_.now_ms();
  store_message(p, it->first, std::move(message), "message_sent", WriteBatch{}, {});
}

void ContactCentre::store_message(const ParticipantPtr& p, std::int64_t conversation_id,
                                  store::MessageRecord message, const std::string& event_type,
                                  WriteBatch batch, std::function<void()> undo) {
  const auto& r = conversations_.at(conversation_id).record;
  std::optional<std::int64_t> agent_id;
  if (message.author_kind == store::AuthorKind::agent) agent_id = message.author_id;
  Event e = event(event_type, r, agent_id);
  const std::string ref = message.client_id;
  batch.mutations.push_back(store::AppendMessage{message, std::move(e)});
  write(
      std::move(batch),
      [this, p, message = std::move(message)](const store::WriteResult& result) mutable {
        const auto& outcome = result.outcomes.back();
        if (!outcome.duplicate) {
          message.seq = outcome.value;
          ++messages_stored_;
          announce_message(p.get(), message);
          auto it = conversations_.find(message.conversation_id);
          if (observers_.message_stored && it != conversations_.end() &&
              message.author_kind == store::AuthorKind::customer) {
            observers_.message_stored(it->second.record, message);
          }
        }
        p->deliver(
            outbound::ack(message.client_id, outcome.conversation_id, outcome.value, outcome.at));
      },
      std::move(undo), p, ref);
}

void ContactCentre::announce_message(const Participant* origin, const store::MessageRecord& m) {
  auto it = conversations_.find(m.conversation_id);
  if (it == conversations_.end()) return;
  Conversation& conv = it->second;
  conv.delivered_seq = std::max(conv.delivered_seq, m.seq);
  conv.record.last_seq = conv.delivered_seq;
  std::string author = kSystemName;
  if (m.author_kind == store::AuthorKind::customer) author = customer_name(m.author_id);
  if (m.author_kind == store::AuthorKind::agent) {
    if (Agent* a = agent(m.author_id)) author = a->user.display_name;
  }
  if (m.author_kind == store::AuthorKind::customer && !conv.unanswered_since) {
    conv.unanswered_since = m.at;
  } else if (m.author_kind == store::AuthorKind::agent) {
    conv.unanswered_since.reset();
    conv.agent_replied = true;
  }
  const auto frame = outbound::message(m, author);
  send_to_customer(conv.record.customer_id, frame, origin);
  send_to_monitors(conv, frame, origin);
  if (conv.record.agent_id && is_open_for_agent(conv.record)) {
    send_to_agent(*conv.record.agent_id, frame, origin);
  }
}

void ContactCentre::typing(const Connection& c, const Typing& t) {
  Conversation* conv = find_visible(c, t.conversation_id);
  if (conv == nullptr) return;
  if (c.staff) {
    send_to_customer(conv->record.customer_id,
                     outbound::typing(t.conversation_id, "agent", t.active));
  } else if (conv->record.agent_id && is_open_for_agent(conv->record)) {
    send_to_agent(*conv->record.agent_id,
                  outbound::typing(t.conversation_id, "customer", t.active));
  }
}

void ContactCentre::sync(const ParticipantPtr& p, const Connection& c, const Sync& s) {
  std::optional<ConversationRecord> record;
  std::int64_t up_to = 0;
  auto live = conversations_.find(s.conversation_id);
  if (live != conversations_.end()) {
    record = live->second.record;
    up_to = live->second.delivered_seq;
  } else {
    record = store_.find_conversation(s.conversation_id);
    if (record) up_to = record->last_seq;
  }
  bool visible = false;
  if (record) {
    if (!c.staff) {
      visible = record->customer_id == c.id;
    } else {
      Agent* a = agent(c.id);
      const bool supervises = a != nullptr && a->user.role != store::Role::agent;
      visible = supervises || record->agent_id == c.id || record->last_agent_id == c.id;
    }
  }
  if (!visible) {
    p->deliver(outbound::error("not_found", std::nullopt, "no such conversation"));
    return;
  }
  std::int64_t after = s.after_seq;
  while (after < up_to) {
    auto page = store_.read_messages(s.conversation_id, after, up_to, kSyncPage);
    if (page.empty()) break;
    for (const auto& m : page) {
      std::string author = kSystemName;
      if (m.author_kind == store::AuthorKind::customer) author = customer_name(m.author_id);
      if (m.author_kind == store::AuthorKind::agent) {
        if (Agent* a = agent(m.author_id)) author = a->user.display_name;
      }
      p->deliver(outbound::message(m, author));
      after = m.seq;
    }
  }
  p->deliver(outbound::synced(s.conversation_id, up_to));
}

}  // namespace kefu
