#include "server/domain/contact_centre.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cassert>

#include "server/domain/conversation_priority.hpp"

namespace kefu {
namespace json = boost::json;
using store::ConversationRecord;
using store::WriteBatch;

namespace {

constexpr int kRecentConversations = 20;
constexpr int kSyncPage = 500;
const std::string kSystemName = "Kefu";

bool is_open_for_agent(const ConversationRecord& r) {
  return r.status == "assigned";
}

}  // namespace

ContactCentre::Conversation ContactCentre::conversation_of(ConversationRecord record) {
  Conversation c;
  c.delivered_seq = record.last_seq;
  c.record = std::move(record);
  return c;
}

namespace {

template <typename Map>
void remove_socket(Map& map, std::int64_t id, const Participant* p) {
  auto it = map.find(id);
  if (it == map.end()) return;
  std::erase(it->second, p);
  if (it->second.empty()) map.erase(it);
}

}  // namespace

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
      // After a restart nobody is connected: a chat that had an agent waits for them again,
      // first in line for them (sticky), and goes to someone else if they do not come back.
      c.last_agent_at = now;
      c.abandon_at = now + settings_.abandon_grace_ms;
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

void ContactCentre::connect_customer(const ParticipantPtr& p, const CustomerParty& who) {
  if (customer_ended(who.customer_id)) {
    p->close(CloseCause::session_ended);  // erased while the socket was being opened
    return;
  }
  connections_[p.get()] = Connection{p, false, who.customer_id, who.visitor_id, 0, false};
  customer_sockets_[who.customer_id].push_back(p.get());
  json::array list;
  for (auto& record :
       store_.recent_conversations_of_customer(who.customer_id, kRecentConversations)) {
    auto live = conversations_.find(record.id);
    if (live != conversations_.end()) {
      live->second.abandon_at.reset();
      record = live->second.record;
    }
    list.push_back(outbound::conversation_object(record, names_of(record)));
  }
  p->deliver(outbound::frame_of(json::object{{"type", "welcome"},
                                             {"role", "customer"},
                                             {"visitor_id", who.visitor_id},
                                             {"server_time", clock_.now_ms()},
                                             {"conversations", std::move(list)}}));
  // A customer back in the queue hears their place again.
  for (auto& [id, c] : conversations_) {
    if (c.record.customer_id != who.customer_id || c.record.status != "queued") continue;
    if (auto it = last_place_.find(id); it != last_place_.end()) p->deliver(it->second);
  }
  apply_routing();
}

void ContactCentre::connect_staff(const ParticipantPtr& p, const StaffParty& who) {
  const std::int64_t id = who.user.id;
  connections_[p.get()] = Connection{
      p, true, id, who.session_hash, who.session_expires_at, who.user.role != store::Role::agent};
  agent_sockets_[id].push_back(p.get());
  json::array list;
  std::string status = "online";
  if (who.user.role == store::Role::agent) {
    Agent* a = agent(id);
    assert(a != nullptr);
    a->user = who.user;
    ++a->sockets;
    const bool within_grace = a->routed && engine_.agent_reconnected(id, clock_.now_ms());
    route_agent(*a);
    if (!within_grace || a->status == AgentStatus::offline) {
      set_status(connections_[p.get()], AgentStatus::online, "connect");
    }
    status = std::string(to_string(a->status));
  }
  // A supervisor's list holds what they took over.
  for (auto& [cid, c] : conversations_) {
    if (c.record.agent_id == id && is_open_for_agent(c.record)) {
      list.push_back(outbound::conversation_object(c.record, names_of(c.record)));
    }
  }
  p->deliver(outbound::frame_of(json::object{
      {"type", "welcome"},
      {"role", store::to_string(who.user.role)},
      {"server_time", clock_.now_ms()},
      {"user", json::object{{"id", id},
                            {"login", who.user.login},
                            {"name", who.user.display_name},
                            {"role", store::to_string(who.user.role)}}},
      {"status", status},
      {"queues",
       json::array{json::value(settings_.chat_queue), json::value(settings_.ticket_queue)}},
      {"conversations", std::move(list)}}));
  apply_routing();
}

void ContactCentre::disconnect(const Participant* p) {
  auto it = connections_.find(p);
  if (it == connections_.end()) return;
  const Connection c = it->second;
  connections_.erase(it);
  const std::int64_t now = clock_.now_ms();
  if (c.staff) {
    remove_socket(agent_sockets_, c.id, p);
    if (c.supervises) stop_monitoring(p);
    auto a = agents_.find(c.id);
    if (a != agents_.end() && --a->second.sockets == 0 && a->second.routed) {
      engine_.agent_disconnected(c.id, now);
      apply_routing();
    }
    return;
  }
  remove_socket(customer_sockets_, c.id, p);
  if (customer_sockets_.contains(c.id)) return;
  for (auto& [id, conv] : conversations_) {
    if (conv.record.customer_id == c.id && conv.record.status == "queued") {
      conv.abandon_at = now + settings_.abandon_grace_ms;
    }
  }
}

void ContactCentre::handle(const ParticipantPtr& p, Command command) {
  auto it = connections_.find(p.get());
  if (it == connections_.end()) return;  // closed while the command was on its way
  const Connection& c = it->second;
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
    ConversationRecord r = new_conversation(c.id, "chat");
    const std::int64_t id = r.id;
    batch.mutations.push_back(store::UpsertConversation{r});
    batch.mutations.push_back(store::AppendEvent{event("conversation_opened", r)});
    conv = &admit(std::move(r));
    undo = [this, id] { forget(id); };
    enqueue_reason = "new";
  }
  store::MessageRecord message;
  message.conversation_id = conv->record.id;
  message.author_kind = store::AuthorKind::customer;
  message.author_id = c.id;
  message.client_id = std::move(m.client_id);
  message.body = std::move(m.text);
  message.at = now;
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

void ContactCentre::transfer(const ParticipantPtr& p, const Connection& c, const Transfer& t) {
  auto it = conversations_.find(t.conversation_id);
  Agent* me = agent(c.id);
  const bool supervises = me != nullptr && me->user.role != store::Role::agent;
  if (it == conversations_.end() || (!supervises && it->second.record.agent_id != c.id)) {
    p->deliver(outbound::error("not_found", t.client_id, "no such conversation"));
    return;
  }
  const auto target =
      t.to_agent ? routing::Target::to_agent(*t.to_agent) : routing::Target::to_queue(t.to_queue);
  const std::optional<std::int64_t> holder = it->second.record.agent_id;
  try {
    if (supervises && holder != c.id) {
      engine_.move(t.conversation_id, target, clock_.now_ms());
      if (holder) tell_reassigned(*holder, c.id, {t.conversation_id}, t.to_agent, t.to_queue);
    } else {
      engine_.transfer(t.conversation_id, target, t.note, clock_.now_ms());
    }
  } catch (const routing::RoutingError& refused) {
    p->deliver(outbound::error("conflict", t.client_id, refused.what()));
    return;
  }
  if (!t.note.empty()) it->second.transfer_note = t.note;
  apply_routing();
  p->deliver(outbound::ack(t.client_id, t.conversation_id, std::nullopt, clock_.now_ms()));
}

void ContactCentre::set_status(const Connection& c, AgentStatus status, const std::string& by) {
  change_status(c.id, status, json::object{{"by", by}});
}

void ContactCentre::change_status(std::int64_t agent_id, AgentStatus status, json::object data) {
  Agent* a = agent(agent_id);
  if (a == nullptr) return;
  const AgentStatus before = a->status;
  a->status = status;
  if (before != status) {
    a->status_since = clock_.now_ms();
    Event e;
    e.at = a->status_since;
    e.type = "agent_status_changed";
    e.agent_id = agent_id;
    json::object logged{{"status", to_string(status)}};
    for (auto& [key, value] : data) logged[key] = std::move(value);
    e.data = json::serialize(logged);
    write_event(std::move(e));
  }
  send_to_agent(agent_id, outbound::agent_status(status));
  if (a->routed) {
    const auto routed_status = status == AgentStatus::online ? routing::AgentStatus::online
                               : status == AgentStatus::away ? routing::AgentStatus::away
                                                             : routing::AgentStatus::offline;
    engine_.set_status(agent_id, routed_status, clock_.now_ms());
    apply_routing();
  }
}

void ContactCentre::write_event(Event e) {
  WriteBatch batch;
  batch.mutations.push_back(store::AppendEvent{std::move(e)});
  write(std::move(batch), {}, {}, nullptr, std::nullopt);
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

routing::AgentProfile ContactCentre::profile_of(const store::UserRecord& user) const {
  routing::AgentProfile profile;
  profile.id = user.id;
  profile.skills.push_back({"general", 1});
  for (const auto& [skill, level] : user.skills) {
    if (skill != "general") profile.skills.push_back({skill, std::clamp(level * 2, 1, 10)});
  }
  profile.languages = user.languages;
  profile.teams = user.teams;
  profile.chat_capacity = std::clamp(user.chat_capacity, 0, 1000);
  profile.ticket_capacity = std::clamp(user.ticket_capacity, 0, 1000);
  return profile;
}

void ContactCentre::route_agent(Agent& a) {
  if (a.user.role != store::Role::agent) return;
  engine_.update_agent(profile_of(a.user), clock_.now_ms());
  a.routed = true;
}

void ContactCentre::enqueue(Conversation& c, const std::string& reason) {
  routing::Conversation ask;
  ask.id = c.record.id;
  const bool chat = c.record.channel == "chat";
  ask.channel = chat ? routing::Channel::chat : routing::Channel::ticket;
  ask.skill = "general";
  ask.arrival = c.record.queued_at;
  ask.last_agent = c.record.last_agent_id;
  ask.last_agent_at = c.last_agent_at;
  if (observers_.segment_of) {
    ask.segment = routing::segment_from_string(observers_.segment_of(c.record.customer_id));
  }
  ask.queue = queue_choice_.choose(ask.channel, ask.segment);
  if (ask.queue.empty()) ask.queue = chat ? settings_.chat_queue : settings_.ticket_queue;
  c.record.queue = ask.queue;
  c.record.priority = priority_of(c.record, ask.segment);
  ask.priority = routing_priority(c.record.priority);  // what a person or rule set counts
  if (!customer_sockets_.contains(c.record.customer_id)) {
    c.abandon_at = clock_.now_ms() + settings_.abandon_grace_ms;
  }
  follow_opening_hours();  // an hours change counts from this decision
  engine_.enqueue(ask, clock_.now_ms(), reason);
}

void ContactCentre::apply_routing() {
  for (const auto& d : engine_.take_decisions()) apply(d);
  for (const auto& u : engine_.take_queue_updates(clock_.now_ms())) {
    auto it = conversations_.find(u.conversation);
    if (it == conversations_.end()) continue;
    const std::int64_t seconds = u.estimated_wait_ms ? (*u.estimated_wait_ms + 999) / 1000 : -1;
    auto frame = outbound::queue(u.conversation, u.position, seconds);
    if (u.position == 0) {
      last_place_.erase(u.conversation);
    } else {
      last_place_[u.conversation] = frame;
    }
    // Position 0 is announced with the assignment, once it is durable.
    if (u.position > 0) send_to_customer(it->second.record.customer_id, frame);
  }
}

void ContactCentre::apply(const routing::RoutingDecision& d) {
  const std::int64_t now = clock_.now_ms();
  if (d.kind == routing::DecisionKind::agent_offline) {
    if (auto a = agents_.find(d.agent.value_or(0)); a != agents_.end()) {
      a->second.status = AgentStatus::offline;
      a->second.status_since = now;
      Event e;
      e.at = now;
      e.type = "agent_status_changed";
      e.agent_id = a->first;
      e.data = R"({"status":"offline","by":"disconnect"})";
      write_event(std::move(e));
    }
    return;
  }
  auto it = conversations_.find(d.conversation);
  if (it == conversations_.end()) return;
  Conversation& c = it->second;
  auto& r = c.record;
  json::object data{{"reason", d.reason}};
  if (!r.priority.empty()) data["priority"] = r.priority;  // the SLA policy's priority
  WriteBatch batch;
  if (d.kind == routing::DecisionKind::queued) {
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_queued", r, std::nullopt, json::serialize(data))});
  } else if (d.kind == routing::DecisionKind::overflowed) {
    batch.mutations.push_back(store::AppendEvent{event("conversation_overflowed", r)});
  } else if (d.kind == routing::DecisionKind::assigned ||
             d.kind == routing::DecisionKind::offered) {
    r.status = "assigned";
    r.agent_id = d.agent;
    r.last_agent_id = d.agent;
    r.queue = d.queue;
    r.updated_at = now;
    c.assigned_at = now;
    c.last_agent_at = now;
    c.abandon_at.reset();
    data["wait_ms"] = d.wait_ms;
    if (d.estimated_wait_ms) data["estimated_wait_ms"] = *d.estimated_wait_ms;
    batch.mutations.push_back(store::UpsertConversation{r});
    if (d.reason == "transfer" || d.reason == "manual") {
      json::object moved{{"from_agent", d.from_agent ? json::value(*d.from_agent) : json::value()},
                         {"to_agent", *d.agent},
                         {"to_queue", nullptr},
                         {"by", d.reason}};
      batch.mutations.push_back(store::AppendEvent{
          event("conversation_transferred", r, d.from_agent, json::serialize(moved))});
    }
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_assigned", r, d.agent, json::serialize(data))});
  } else if (d.kind == routing::DecisionKind::requeued) {
    r.status = "queued";
    r.agent_id.reset();
    r.queue = d.queue;
    r.updated_at = now;
    if (d.reason == "agent_lost" || d.reason == "agent_away") {
      // Back to the head of the line with the original arrival time (the engine keeps it).
    } else {
      r.queued_at = now;
    }
    if (d.reason == "transfer" || d.reason == "manual") {
      json::object moved{{"from_agent", d.from_agent ? json::value(*d.from_agent) : json::value()},
                         {"to_agent", nullptr},
                         {"to_queue", d.queue},
                         {"by", d.reason}};
      batch.mutations.push_back(store::AppendEvent{
          event("conversation_transferred", r, d.from_agent, json::serialize(moved))});
    }
    batch.mutations.push_back(store::UpsertConversation{r});
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_queued", r, d.from_agent, json::serialize(data))});
  }
  const std::int64_t id = r.id;
  write(
      std::move(batch),
      [this, id, d](const store::WriteResult&) {
        auto found = conversations_.find(id);
        if (found == conversations_.end()) return;
        Conversation& conv = found->second;
        if (d.kind == routing::DecisionKind::assigned || d.kind == routing::DecisionKind::offered) {
          auto frame = outbound::conversation_object(conv.record, names_of(conv.record));
          if (!conv.transfer_note.empty()) frame["transfer_note"] = conv.transfer_note;
          conv.transfer_note.clear();
          const auto shared = outbound::frame_of(
              json::object{{"type", "conversation"}, {"conversation", std::move(frame)}});
          send_to_agent(*d.agent, shared);
          send_to_customer(conv.record.customer_id, shared);
          send_to_monitors(conv, shared);
          if (d.from_agent && d.from_agent != d.agent) send_to_agent(*d.from_agent, shared);
          send_to_customer(conv.record.customer_id, outbound::queue(id, 0, 0));
          if (observers_.assigned) observers_.assigned(conv.record);
        } else if (d.kind == routing::DecisionKind::requeued) {
          // The agent drops it from their list; the customer learns it is waiting again.
          announce_conversation(conv);
          if (d.from_agent) {
            send_to_agent(*d.from_agent,
                          outbound::conversation(conv.record, names_of(conv.record)));
          }
        }
      },
      {}, nullptr, std::nullopt);
}

void ContactCentre::announce_conversation(const Conversation& c) {
  const auto frame = outbound::conversation(c.record, names_of(c.record));
  send_to_customer(c.record.customer_id, frame);
  if (c.record.agent_id) send_to_agent(*c.record.agent_id, frame);
  send_to_monitors(c, frame);
}

void ContactCentre::send_to_customer(std::int64_t customer_id, const outbound::Frame& frame,
                                     const Participant* except) {
  auto it = customer_sockets_.find(customer_id);
  if (it == customer_sockets_.end()) return;
  for (const Participant* p : it->second) {
    if (p != except) connections_.at(p).participant->deliver(frame);
  }
}

void ContactCentre::send_to_agent(std::int64_t agent_id, const outbound::Frame& frame,
                                  const Participant* except) {
  auto it = agent_sockets_.find(agent_id);
  if (it == agent_sockets_.end()) return;
  for (const Participant* p : it->second) {
    if (p != except) connections_.at(p).participant->deliver(frame);
  }
}

std::vector<std::pair<std::int64_t, std::int64_t>> ContactCentre::agents_serving(
    std::int64_t customer_id) const {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& [id, c] : conversations_) {
    if (c.record.customer_id == customer_id && c.record.agent_id && is_open_for_agent(c.record)) {
      out.emplace_back(id, *c.record.agent_id);
    }
  }
  return out;
}

void ContactCentre::send_to_supervisors(const outbound::Frame& frame) {
  for (auto& [p, c] : connections_) {
    if (c.supervises) c.participant->deliver(frame);
  }
}

void ContactCentre::open_ticket(TicketRequest request, std::function<void(TicketResult)> done) {
  if (request.customer_id && customer_ended(*request.customer_id)) {
    done(TicketResult{false, "the customer was erased", 0, 0});
    return;
  }
  if (!request.customer_id) {
    // A ticket from another system or an agent: the customer is created first.
    WriteBatch customer;
    customer.mutations.push_back(
        store::InsertCustomer{store::CustomerRecord{0, request.customer_name, clock_.now_ms()}});
    write(
        std::move(customer),
        [this, request, done](const store::WriteResult& r) mutable {
          request.customer_id = r.outcomes.front().value;
          open_ticket(std::move(request), std::move(done));
        },
        [done] {
          done(TicketResult{false, "store unavailable", 0, 0});
        },
        nullptr, std::nullopt);
    return;
  }
  ConversationRecord r = new_conversation(*request.customer_id, request.channel);
  r.subject = request.subject;
  const std::int64_t id = r.id;
  WriteBatch batch;
  batch.mutations.push_back(store::UpsertConversation{r});
  batch.mutations.push_back(store::AppendEvent{event("conversation_opened", r)});
  store::MessageRecord message;
  message.conversation_id = id;
  message.author_kind = store::AuthorKind::customer;
  message.author_id = r.customer_id;
  message.client_id = "ticket-" + std::to_string(id);
  message.body = request.text;
  message.at = clock_.now_ms();
  batch.mutations.push_back(store::AppendMessage{message, event("message_received", r)});
  admit(std::move(r));
  write(
      std::move(batch),
      [this, id, done](const store::WriteResult& result) {
        auto it = conversations_.find(id);
        if (it != conversations_.end()) {
          it->second.delivered_seq = it->second.record.last_seq = result.outcomes.back().value;
          enqueue(it->second, "new");
          apply_routing();
        }
        done(TicketResult{true, {}, id, result.outcomes.back().value});
      },
      [this, id, done] {
        forget(id);
        done(TicketResult{false, "store unavailable", 0, 0});
      },
      nullptr, std::nullopt);
}

void ContactCentre::end_staff_session(const std::string& session_hash) {
  for (auto& [p, c] : connections_) {
    if (c.staff && c.session_hash == session_hash) c.participant->close(CloseCause::session_ended);
  }
}

void ContactCentre::end_visitor_session(const std::string& visitor_id) {
  if (visitor_id.empty()) return;
  for (auto& [p, c] : connections_) {
    if (!c.staff && c.session_hash == visitor_id) c.participant->close(CloseCause::session_ended);
  }
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
               *c.abandon_at <= now && !customer_sockets_.contains(r.customer_id)) {
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
  for (auto& [p, c] : connections_) {
    if (c.staff && c.session_expires_at != 0 && c.session_expires_at <= now) {
      c.participant->close(CloseCause::session_ended);
    }
  }
}

void ContactCentre::shut_down() {
  for (auto& [p, c] : connections_) c.participant->close(CloseCause::going_away);
}

DeskFigures ContactCentre::figures() const {
  std::size_t waiting = 0;
  for (const auto& q : engine_.queue_stats(clock_.now_ms())) waiting += q.waiting;
  return DeskFigures{connections_.size(), waiting, messages_stored_};
}

std::vector<routing::RoutingEngine::QueueStats> ContactCentre::queue_stats() const {
  return engine_.queue_stats(clock_.now_ms());
}

const ConversationRecord* ContactCentre::open_conversation(std::int64_t id) const {
  auto it = conversations_.find(id);
  return it == conversations_.end() ? nullptr : &it->second.record;
}

}  // namespace kefu
