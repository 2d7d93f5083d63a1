// The contact centre's core: construction and loading, the dispatch of each command to the
// part of the desk that carries it out, the register of open conversations, names, and the
// durable write every change goes through. The other parts of ContactCentre live beside it,
// each in a file named for what it does (docs/architecture.md, "server/domain").

#include "server/domain/contact_centre.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cassert>

namespace kefu {
using store::ConversationRecord;
using store::WriteBatch;

ContactCentre::Conversation ContactCentre::conversation_of(ConversationRecord record) {
  Conversation c;
  c.delivered_seq = record.last_seq;
  c.record = std::move(record);
  return c;
}

ContactCentre::ContactCentre(store::Store& store, const Clock& clock, PostToDesk post_to_desk,
                             DeskSettings settings)
    : store_(store),
      clock_(clock),
      post_to_desk_(std::move(post_to_desk)),
      settings_(std::move(settings)),
      engine_(routing::EngineOptions{settings_.agent_grace_ms, 24LL * 3600 * 1000,
                                     settings_.offer_timeout_ms, 0.02}) {
  // Every agent has the skill "general", so the default queues reach everyone; skilled
  // queues can be added beside them.
  routing::QueueConfig chat;
  chat.name = settings_.chat_queue;
  chat.channel = routing::Channel::chat;
  chat.skill = "general";
  chat.initial_handle_time_ms = 180'000;
  engine_.add_queue(chat);
  routing::QueueConfig ticket;
  ticket.name = settings_.ticket_queue;
  ticket.channel = routing::Channel::ticket;
  ticket.skill = "general";
  ticket.target = routing::ServiceLevelTarget{0.8, 4 * 3600 * 1000};
  ticket.initial_handle_time_ms = 900'000;
  engine_.add_queue(ticket);
}

void ContactCentre::load() {
  next_conversation_id_ = store_.max_conversation_id() + 1;
  const std::int64_t now = clock_.now_ms();
  for (auto& record : store_.load_open_conversations()) {
    Conversation& c = admit(std::move(record));
    if (c.record.status == "queued" || c.record.status == "assigned") {
      // After a restart nobody is connected: a chat that had an agent waits for them again for
      // the grace period, as when their socket drops (not given to whoever connects first),
      // and goes to someone else if they do not come back.
      c.last_agent_at = now;
      c.abandon_at = now + settings_.abandon_grace_ms;
      if (c.record.status == "assigned" && c.record.last_agent_id) {
        c.held_until = now + settings_.agent_grace_ms;
      }
      enqueue(c, "restart");
    }
  }
  apply_routing();
}

ContactCentre::Agent* ContactCentre::agent(std::int64_t id) {
  auto it = agents_.find(id);
  if (it != agents_.end()) return &it->second;
  auto user = store_.find_user(id);
  if (!user) return nullptr;
  Agent a;
  a.user = std::move(*user);
  return &agents_.emplace(id, std::move(a)).first->second;
}

void ContactCentre::note_customer_name(std::int64_t customer_id, std::string name) {
  if (name.empty()) return;
  customer_names_[customer_id] = std::move(name);
}

std::string ContactCentre::staff_name(std::int64_t user_id) {
  const Agent* a = agent(user_id);
  return a ? a->user.display_name : std::string();
}

const std::string& ContactCentre::customer_name(std::int64_t customer_id) {
  static const std::string erased;
  if (customer_ended(customer_id)) return erased;  // not read back before the erasure commits
  auto it = customer_names_.find(customer_id);
  if (it != customer_names_.end()) return it->second;
  auto customer = store_.find_customer(customer_id);
  std::string name = customer ? customer->display_name : "Customer " + std::to_string(customer_id);
  return customer_names_.emplace(customer_id, std::move(name)).first->second;
}

outbound::Names ContactCentre::names_of(const ConversationRecord& c) {
  outbound::Names names;
  names.customer = customer_name(c.customer_id);
  if (c.agent_id) {
    if (Agent* a = agent(*c.agent_id)) names.agent = a->user.display_name;
  }
  return names;
}

void ContactCentre::handle(const ParticipantPtr& p, Command command) {
  const Connection* found = switchboard_.find(p.get());
  if (found == nullptr) return;  // closed while the command was on its way
  const Connection& c = *found;
  std::visit(
      [&](auto& cmd) {
        using T = std::decay_t<decltype(cmd)>;
        if constexpr (std::is_same_v<T, SendMessage>) {
          if (c.staff) {
            agent_message(p, c, std::move(cmd));
          } else {
            customer_message(p, c, std::move(cmd));
          }
        } else if constexpr (std::is_same_v<T, Typing>) {
          typing(c, cmd);
        } else if constexpr (std::is_same_v<T, Sync>) {
          sync(p, c, cmd);
        } else if constexpr (std::is_same_v<T, Resolve>) {
          resolve(p, c, cmd);
        } else if constexpr (std::is_same_v<T, Transfer>) {
          transfer(p, c, cmd);
        } else if constexpr (std::is_same_v<T, Monitor>) {
          monitor(p, c, cmd);
        } else if constexpr (std::is_same_v<T, Whisper>) {
          whisper(p, c, cmd);
        } else if constexpr (std::is_same_v<T, TakeOver>) {
          take_over(p, c, cmd);
        } else if constexpr (std::is_same_v<T, SetAgentStatus>) {
          set_agent_status(p, c, cmd);
        } else if constexpr (std::is_same_v<T, MoveWaiting>) {
          move_waiting(p, c, cmd);
        } else if constexpr (std::is_same_v<T, PickUp>) {
          pick_up(p, c, cmd);
        } else if constexpr (std::is_same_v<T, SetPriority>) {
          set_priority(p, c, cmd);
        } else if constexpr (std::is_same_v<T, WriteNote>) {
          // Notes are stored by the back office (WebSocketSession); none reaches the desk.
          p->deliver(outbound::error("unavailable", cmd.client_id, "notes are not taken here"));
        } else if constexpr (std::is_same_v<T, SetStatus>) {
          Agent* a = agents_.contains(c.id) ? &agents_[c.id] : nullptr;
          if (a == nullptr) {
            p->deliver(outbound::error("unknown_type", cmd.client_id, "only agents have a status"));
            return;
          }
          set_status(c, cmd.status, "agent");
          p->deliver(outbound::ack(cmd.client_id, std::nullopt, std::nullopt, clock_.now_ms()));
        }
      },
      command);
}

ContactCentre::Conversation* ContactCentre::find_visible(const Connection& c,
                                                         std::int64_t conversation_id) {
  auto it = conversations_.find(conversation_id);
  if (it == conversations_.end()) return nullptr;
  const auto& r = it->second.record;
  if (!c.staff) return r.customer_id == c.id ? &it->second : nullptr;
  return r.agent_id == c.id ? &it->second : nullptr;
}

ContactCentre::Conversation* ContactCentre::open_chat_of(std::int64_t customer_id) {
  auto chats = chats_by_customer_.find(customer_id);
  if (chats == chats_by_customer_.end()) return nullptr;
  return &conversations_.at(std::ranges::max(chats->second));
}

ContactCentre::Conversation& ContactCentre::admit(ConversationRecord record) {
  const std::int64_t id = record.id;
  auto [it, added] = conversations_.emplace(id, conversation_of(std::move(record)));
  assert(added && "a conversation is admitted once");
  if (added && it->second.record.channel == "chat") {
    chats_by_customer_[it->second.record.customer_id].push_back(id);
  }
  return it->second;
}

void ContactCentre::forget(std::int64_t conversation_id) {
  auto it = conversations_.find(conversation_id);
  if (it == conversations_.end()) return;
  auto chats = chats_by_customer_.find(it->second.record.customer_id);
  if (chats != chats_by_customer_.end()) {
    std::erase(chats->second, conversation_id);
    if (chats->second.empty()) chats_by_customer_.erase(chats);
  }
  conversations_.erase(it);
}

ConversationRecord ContactCentre::new_conversation(std::int64_t customer_id,
                                                   const std::string& channel) {
  const std::int64_t now = clock_.now_ms();
  ConversationRecord r;
  r.id = next_conversation_id_++;
  r.customer_id = customer_id;
  r.channel = channel;
  r.status = "queued";
  r.queue = channel == "chat" ? settings_.chat_queue : settings_.ticket_queue;
  r.created_at = r.queued_at = r.updated_at = now;
  return r;
}

store::MessageRecord ContactCentre::customer_message(std::int64_t conversation,
                                                     std::int64_t customer, std::string client_id,
                                                     std::string body, std::int64_t at) {
  store::MessageRecord message;
  message.conversation_id = conversation;
  message.author_kind = store::AuthorKind::customer;
  message.author_id = customer;
  message.client_id = std::move(client_id);
  message.body = std::move(body);
  message.at = at;
  return message;
}

ContactCentre::Conversation& ContactCentre::open_conversation(ConversationRecord record,
                                                              WriteBatch& batch,
                                                              std::function<void()>& undo) {
  const std::int64_t id = record.id;
  batch.mutations.push_back(store::UpsertConversation{record});
  batch.mutations.push_back(store::AppendEvent{event("conversation_opened", record)});
  undo = [this, id] { forget(id); };
  return admit(std::move(record));
}

Event ContactCentre::event(const std::string& type, const ConversationRecord& c,
                           std::optional<std::int64_t> agent_id, std::string data) const {
  Event e;
  e.at = clock_.now_ms();
  e.type = type;
  e.conversation_id = c.id;
  e.customer_id = c.customer_id;
  e.agent_id = agent_id;
  e.channel = c.channel;
  e.queue = c.queue;
  e.data = std::move(data);
  return e;
}

void ContactCentre::write(WriteBatch batch, std::function<void(const store::WriteResult&)> then,
                          std::function<void()> undo, ParticipantPtr p,
                          std::optional<std::string> ref) {
  std::vector<Event> events;
  if (observers_.event_stored) {
    for (const auto& m : batch.mutations) {
      if (auto* e = std::get_if<store::AppendEvent>(&m)) events.push_back(e->event);
    }
  }
  store_.submit(std::move(batch), [this, then = std::move(then), undo = std::move(undo),
                                   p = std::move(p), ref = std::move(ref),
                                   events = std::move(events)](store::WriteResult result) mutable {
    post_to_desk_([this, result = std::move(result), then = std::move(then), undo = std::move(undo),
                   p = std::move(p), ref = std::move(ref), events = std::move(events)] {
      if (result.ok) {
        for (const auto& e : events) observers_.event_stored(e);
        if (then) then(result);
        return;
      }
      if (undo) undo();
      if (p && ref) {
        p->deliver(outbound::error("unavailable", ref, "could not store that; retry it"));
      }
      (void)this;
    });
  });
}

void ContactCentre::write_event(Event e) {
  WriteBatch batch;
  batch.mutations.push_back(store::AppendEvent{std::move(e)});
  write(std::move(batch), {}, {}, nullptr, std::nullopt);
}

DeskFigures ContactCentre::figures() const {
  std::size_t waiting = 0;
  for (const auto& q : engine_.queue_stats(clock_.now_ms())) waiting += q.waiting;
  return DeskFigures{switchboard_.size(), waiting, messages_stored_};
}

std::vector<routing::RoutingEngine::QueueStats> ContactCentre::queue_stats() const {
  return engine_.queue_stats(clock_.now_ms());
}

const ConversationRecord* ContactCentre::open_conversation(std::int64_t id) const {
  auto it = conversations_.find(id);
  return it == conversations_.end() ? nullptr : &it->second.record;
}

}  // namespace kefu
