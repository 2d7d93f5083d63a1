// A conversation's lifecycle after it is answered: an agent resolves it, its customer's new
// words reopen it within the reopen window, and the desk's timers close it after the window,
// abandon a chat whose customer left the queue, and end expired staff sessions
// (docs/protocol.md; docs/product.md, "Conversations"). Part of ContactCentre.

#include <boost/json.hpp>

#include "server/domain/contact_centre.hpp"

namespace kefu {
namespace json = boost::json;
using store::ConversationRecord;
using store::WriteBatch;

bool ContactCentre::reopen_resolved(Conversation*& conv, std::int64_t now, WriteBatch& batch,
                                    std::function<void()>& undo) {
  if (conv == nullptr || conv->record.status != "resolved") return false;
  if (conv->record.resolved_at && now - *conv->record.resolved_at > settings_.reopen_window_ms) {
    conv = nullptr;  // too late to reopen: tick() closes it; the caller opens a new one
    return false;
  }
  const ConversationRecord before = conv->record;
  auto& r = conv->record;
  r.status = "queued";
  r.agent_id.reset();
  r.queued_at = r.updated_at = now;
  r.resolved_at.reset();
  batch.mutations.push_back(store::UpsertConversation{r});
  batch.mutations.push_back(store::AppendEvent{event("conversation_reopened", r)});
  const std::int64_t id = r.id;
  undo = [this, id, before] {
    auto it = conversations_.find(id);
    if (it != conversations_.end()) it->second.record = before;
  };
  return true;
}

void ContactCentre::resolve(const ParticipantPtr& p, const Connection& c, const Resolve& cmd) {
  Conversation* conv = find_visible(c, cmd.conversation_id);
  if (conv == nullptr) {
    p->deliver(outbound::error("not_found", cmd.client_id, "no such conversation"));
    return;
  }
  if (!is_open_for_agent(conv->record)) {
    p->deliver(
        outbound::error("conflict", cmd.client_id, "only an assigned conversation resolves"));
    return;
  }
  const std::int64_t now = clock_.now_ms();
  auto& r = conv->record;
  r.status = "resolved";
  r.resolved_at = r.updated_at = now;
  conv->last_agent_at = now;
  // The engine frees the agent at once; if the write fails the conversation is reloaded as it
  // was at the next start, and the agent keeps the freed slot meanwhile. A conversation a
  // supervisor took over is no longer the engine's.
  if (engine_.conversation(r.id)) engine_.conversation_ended(r.id, now);
  WriteBatch batch;
  batch.mutations.push_back(store::UpsertConversation{r});
  batch.mutations.push_back(store::AppendEvent{event("conversation_resolved", r, c.id)});
  const std::int64_t id = r.id;
  write(
      std::move(batch),
      [this, p, id, ref = cmd.client_id](const store::WriteResult&) {
        auto it = conversations_.find(id);
        if (it != conversations_.end()) announce_conversation(it->second);
        p->deliver(outbound::ack(ref, id, std::nullopt, clock_.now_ms()));
      },
      {}, p, cmd.client_id);
  apply_routing();
}

void ContactCentre::tick() {
  const std::int64_t now = clock_.now_ms();
  follow_opening_hours();
  engine_.tick(now);
  std::vector<std::int64_t> to_close;
  std::vector<std::int64_t> to_abandon;
  for (auto& [id, c] : conversations_) {
    const auto& r = c.record;
    if (r.status == "resolved" && r.resolved_at &&
        now - *r.resolved_at > settings_.reopen_window_ms) {
      to_close.push_back(id);
    } else if (r.status == "queued" && r.channel == "chat" && c.abandon_at &&
               *c.abandon_at <= now && !switchboard_.customer_connected(r.customer_id)) {
      // Only a chat is abandoned: a ticket (by form or e-mail) waits for an answer however long
      // its customer is away, across restarts too.
      to_abandon.push_back(id);
    }
  }
  for (std::int64_t id : to_close) {
    auto& r = conversations_.at(id).record;
    r.status = "closed";
    r.updated_at = now;
    WriteBatch batch;
    batch.mutations.push_back(store::UpsertConversation{r});
    batch.mutations.push_back(store::AppendEvent{event("conversation_closed", r)});
    forget(id);
    write(std::move(batch), {}, {}, nullptr, std::nullopt);
  }
  for (std::int64_t id : to_abandon) {
    auto& r = conversations_.at(id).record;
    if (engine_.conversation(id)) engine_.abandon(id, now);
    json::object data{{"wait_ms", now - r.queued_at}};
    r.status = "abandoned";
    r.updated_at = now;
    WriteBatch batch;
    batch.mutations.push_back(store::UpsertConversation{r});
    batch.mutations.push_back(store::AppendEvent{
        event("conversation_abandoned", r, std::nullopt, json::serialize(data))});
    forget(id);
    last_place_.erase(id);
    write(std::move(batch), {}, {}, nullptr, std::nullopt);
  }
  apply_routing();
  switchboard_.each([now](const Connection& c) {
    if (c.staff && c.session_expires_at != 0 && c.session_expires_at <= now) {
      c.participant->close(CloseCause::session_ended);
    }
  });
}

}  // namespace kefu
