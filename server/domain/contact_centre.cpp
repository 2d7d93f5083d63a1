#include "server/domain/contact_centre.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cassert>

namespace kefu {
namespace json = boost::json;
using store::ConversationRecord;
using store::WriteBatch;

namespace {

constexpr int kRecentConversations = 20;
constexpr int kSyncPage = 500;
const std::string kSystemName = "Kefu";

bool is_open_for_agent(const ConversationRecord& r) { return r.status == "assigned"; }

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
      settings_(std::move(settings)) {}

void ContactCentre::load() {
  next_conversation_id_ = store_.max_conversation_id() + 1;
  for (auto& record : store_.load_open_conversations()) {
    Conversation c;
    c.delivered_seq = record.last_seq;
    c.record = std::move(record);
    const std::int64_t id = c.record.id;
    if (c.record.status == "queued") {
      queue_.emplace(c.record.queued_at, id);
      c.abandon_at = clock_.now_ms() + settings_.abandon_grace_ms;
    }
    if (c.record.status == "assigned" && c.record.agent_id) {
      // The agent must come back within the grace period or the chat is requeued.
      Agent* a = agent(*c.record.agent_id);
      if (a != nullptr) {
        (c.record.channel == "chat" ? a->chats : a->tickets)++;
        a->gone_since = clock_.now_ms();
      }
    }
    conversations_.emplace(id, std::move(c));
  }
}

ContactCentre::Agent* ContactCentre::agent(std::int64_t id) {
  auto it = agents_.find(id);
  if (it != agents_.end()) return &it->second;
  auto user = store_.find_user(id);
  if (!user) return nullptr;
  Agent a;
  a.user = std::move(*user);
  a.idle_since = clock_.now_ms();
  return &agents_.emplace(id, std::move(a)).first->second;
}

const std::string& ContactCentre::customer_name(std::int64_t customer_id) {
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
  connections_[p.get()] = Connection{p, false, who.customer_id, {}, 0};
  customer_sockets_[who.customer_id].push_back(p.get());
  json::array list;
  for (auto& record : store_.recent_conversations_of_customer(who.customer_id,
                                                              kRecentConversations)) {
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
  for (auto& [id, c] : conversations_) {
    if (c.record.customer_id == who.customer_id && c.record.status == "queued") {
      c.last_queue_notice = {-1, -1};
    }
  }
  notify_queue();
}

void ContactCentre::connect_staff(const ParticipantPtr& p, const StaffParty& who) {
  const std::int64_t id = who.user.id;
  connections_[p.get()] = Connection{p, true, id, who.session_hash, who.session_expires_at};
  agent_sockets_[id].push_back(p.get());
  json::array list;
  std::string status = "online";
  if (who.user.role == store::Role::agent) {
    Agent* a = agent(id);
    assert(a != nullptr);
    a->user = who.user;
    ++a->sockets;
    a->gone_since.reset();
    if (a->status == AgentStatus::offline) set_status(connections_[p.get()], AgentStatus::online,
                                                      "connect");
    status = std::string(to_string(a->status));
    for (auto& [cid, c] : conversations_) {
      if (c.record.agent_id == id && is_open_for_agent(c.record)) {
        list.push_back(outbound::conversation_object(c.record, names_of(c.record)));
      }
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
      {"conversations", std::move(list)}}));
  route();
}

void ContactCentre::disconnect(const Participant* p) {
  auto it = connections_.find(p);
  if (it == connections_.end()) return;
  const Connection c = it->second;
  connections_.erase(it);
  const std::int64_t now = clock_.now_ms();
  if (c.staff) {
    remove_socket(agent_sockets_, c.id, p);
    auto a = agents_.find(c.id);
    if (a != agents_.end() && --a->second.sockets == 0) a->second.gone_since = now;
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
  Conversation* best = nullptr;
  for (auto& [id, c] : conversations_) {
    if (c.record.customer_id != customer_id || c.record.channel != "chat") continue;
    if (best == nullptr || c.record.id > best->record.id) best = &c;
  }
  return best;
}

ConversationRecord ContactCentre::new_conversation(std::int64_t customer_id,
                                                   const std::string& channel) {
  const std::int64_t now = clock_.now_ms();
  ConversationRecord r;
  r.id = next_conversation_id_++;
  r.customer_id = customer_id;
  r.channel = channel;
  r.status = "queued";
  r.queue = settings_.default_queue;
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

void ContactCentre::customer_message(const ParticipantPtr& p, const Connection& c,
                                     SendMessage m) {
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
  bool enqueue_when_stored = false;
  if (conv != nullptr && conv->record.status == "resolved") {
    if (conv->record.resolved_at && now - *conv->record.resolved_at > settings_.reopen_window_ms) {
      conv = nullptr;  // too late to reopen: tick() will close it; this starts a new chat
    } else {
      const ConversationRecord before = conv->record;
      auto& r = conv->record;
      r.status = "queued";
      r.agent_id.reset();
      r.queued_at = r.updated_at = now;
      r.resolved_at.reset();
      batch.mutations.push_back(store::UpsertConversation{r});
      batch.mutations.push_back(store::AppendEvent{event("conversation_reopened", r)});
      batch.mutations.push_back(
          store::AppendEvent{event("conversation_queued", r, std::nullopt, R"({"reason":"reopened"})")});
      const std::int64_t id = r.id;
      undo = [this, id, before] {
        auto it = conversations_.find(id);
        if (it != conversations_.end()) it->second.record = before;
      };
      enqueue_when_stored = true;
    }
  }
  if (conv == nullptr) {
    ConversationRecord r = new_conversation(c.id, "chat");
    const std::int64_t id = r.id;
    batch.mutations.push_back(store::UpsertConversation{r});
    batch.mutations.push_back(store::AppendEvent{event("conversation_opened", r)});
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_queued", r, std::nullopt, R"({"reason":"new"})")});
    conv = &conversations_.emplace(id, conversation_of(std::move(r))).first->second;
    undo = [this, id] { conversations_.erase(id); };
    enqueue_when_stored = true;
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
  if (enqueue_when_stored) {
    on_stored = [this, id] {
      auto it = conversations_.find(id);
      if (it == conversations_.end() || it->second.record.status != "queued") return;
      enqueue(it->second);
      route();
    };
  }
  store_message(p, id, std::move(message), "message_received", std::move(batch),
                std::move(undo));
  if (on_stored) {
    // Runs after the message's own completion: batches complete in submission order.
    write(WriteBatch{}, [on_stored](const store::WriteResult&) { on_stored(); }, {}, nullptr,
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
        }
        p->deliver(outbound::ack(message.client_id, outcome.conversation_id, outcome.value,
                                 outcome.at));
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
  const auto frame = outbound::message(m, author);
  send_to_customer(conv.record.customer_id, frame, origin);
  if (conv.record.agent_id && is_open_for_agent(conv.record)) {
    send_to_agent(*conv.record.agent_id, frame, origin);
  }
}

void ContactCentre::write(WriteBatch batch, std::function<void(const store::WriteResult&)> then,
                          std::function<void()> undo, ParticipantPtr p,
                          std::optional<std::string> ref) {
  store_.submit(std::move(batch), [this, then = std::move(then), undo = std::move(undo),
                                   p = std::move(p), ref = std::move(ref)](
                                      store::WriteResult result) mutable {
    post_to_desk_([this, result = std::move(result), then = std::move(then),
                   undo = std::move(undo), p = std::move(p), ref = std::move(ref)] {
      if (result.ok) {
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
    p->deliver(outbound::error("conflict", cmd.client_id, "only an assigned conversation resolves"));
    return;
  }
  const std::int64_t now = clock_.now_ms();
  const ConversationRecord before = conv->record;
  auto& r = conv->record;
  r.status = "resolved";
  r.resolved_at = r.updated_at = now;
  Agent* a = agent(c.id);
  if (a != nullptr) release(*a, r.channel);
  WriteBatch batch;
  batch.mutations.push_back(store::UpsertConversation{r});
  batch.mutations.push_back(store::AppendEvent{event("conversation_resolved", r, c.id)});
  const std::int64_t id = r.id;
  const std::int64_t agent_id = c.id;
  write(
      std::move(batch),
      [this, p, id, ref = cmd.client_id](const store::WriteResult&) {
        auto it = conversations_.find(id);
        if (it != conversations_.end()) announce_conversation(it->second);
        p->deliver(outbound::ack(ref, id, std::nullopt, clock_.now_ms()));
        route();
      },
      [this, id, before, agent_id] {
        auto it = conversations_.find(id);
        if (it != conversations_.end()) it->second.record = before;
        if (Agent* a = agent(agent_id)) (before.channel == "chat" ? a->chats : a->tickets)++;
      },
      p, cmd.client_id);
  if (conv->assigned_at > 0 && now > conv->assigned_at) {
    // Handle time (assigned to resolved) feeds the customers' wait estimates.
    average_handle_ms_ = (average_handle_ms_ * 4 + (now - conv->assigned_at)) / 5;
  }
}

void ContactCentre::release(Agent& a, const std::string& channel) {
  int& load = channel == "chat" ? a.chats : a.tickets;
  load = std::max(0, load - 1);
  if (a.chats + a.tickets == 0) a.idle_since = clock_.now_ms();
}

void ContactCentre::set_status(const Connection& c, AgentStatus status, const std::string& by) {
  Agent* a = agent(c.id);
  if (a == nullptr) return;
  const AgentStatus before = a->status;
  a->status = status;
  if (before != status) {
    Event e;
    e.at = clock_.now_ms();
    e.type = "agent_status_changed";
    e.agent_id = c.id;
    json::object data{{"status", to_string(status)}, {"by", by}};
    e.data = json::serialize(data);
    WriteBatch batch;
    batch.mutations.push_back(store::AppendEvent{std::move(e)});
    write(std::move(batch), {}, {}, nullptr, std::nullopt);
  }
  send_to_agent(c.id, outbound::agent_status(status));
  if (status == AgentStatus::offline) requeue_chats_of(*a, "agent_offline");
  if (status == AgentStatus::online) route();
}

void ContactCentre::typing(const Connection& c, const Typing& t) {
  Conversation* conv = find_visible(c, t.conversation_id);
  if (conv == nullptr) return;
  if (c.staff) {
    send_to_customer(conv->record.customer_id, outbound::typing(t.conversation_id, "agent", t.active));
  } else if (conv->record.agent_id && is_open_for_agent(conv->record)) {
    send_to_agent(*conv->record.agent_id, outbound::typing(t.conversation_id, "customer", t.active));
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

void ContactCentre::enqueue(Conversation& c) {
  queue_.emplace(c.record.queued_at, c.record.id);
  if (!customer_sockets_.contains(c.record.customer_id)) {
    c.abandon_at = clock_.now_ms() + settings_.abandon_grace_ms;
  }
  c.last_queue_notice = {-1, -1};
}

void ContactCentre::route() {
  std::vector<std::int64_t> waiting;
  for (const auto& [queued_at, id] : queue_) waiting.push_back(id);
  for (std::int64_t id : waiting) {
    Conversation& c = conversations_.at(id);
    const bool chat = c.record.channel == "chat";
    auto eligible = [&](const Agent& a) {
      if (a.user.role != store::Role::agent || a.status != AgentStatus::online || a.sockets == 0)
        return false;
      return chat ? a.chats < a.user.chat_capacity : a.tickets < a.user.ticket_capacity;
    };
    Agent* chosen = nullptr;
    std::string reason = "least_load";
    if (c.record.last_agent_id) {
      auto last = agents_.find(*c.record.last_agent_id);
      if (last != agents_.end() && eligible(last->second)) {
        chosen = &last->second;
        reason = "sticky";
      }
    }
    if (chosen == nullptr) {
      double best_load = 2.0;
      for (auto& [aid, a] : agents_) {
        if (!eligible(a)) continue;
        const double load = chat ? double(a.chats) / a.user.chat_capacity
                                 : double(a.tickets) / a.user.ticket_capacity;
        if (chosen == nullptr || load < best_load ||
            (load == best_load && a.idle_since < chosen->idle_since)) {
          chosen = &a;
          best_load = load;
        }
      }
    }
    if (chosen != nullptr) assign(c, *chosen, reason);
  }
  notify_queue();
}

bool ContactCentre::assign(Conversation& c, Agent& a, const std::string& reason) {
  const std::int64_t now = clock_.now_ms();
  const ConversationRecord before = c.record;
  queue_.erase({c.record.queued_at, c.record.id});
  c.record.status = "assigned";
  c.record.agent_id = a.user.id;
  c.record.last_agent_id = a.user.id;
  c.record.updated_at = now;
  c.assigned_at = now;
  c.abandon_at.reset();
  (c.record.channel == "chat" ? a.chats : a.tickets)++;
  json::object data{{"reason", reason}, {"wait_ms", now - before.queued_at}};
  WriteBatch batch;
  batch.mutations.push_back(store::UpsertConversation{c.record});
  batch.mutations.push_back(store::AppendEvent{
      event("conversation_assigned", c.record, a.user.id, json::serialize(data))});
  const std::int64_t id = c.record.id;
  const std::int64_t agent_id = a.user.id;
  write(
      std::move(batch),
      [this, id](const store::WriteResult&) {
        auto it = conversations_.find(id);
        if (it == conversations_.end()) return;
        announce_conversation(it->second);
        send_to_customer(it->second.record.customer_id, outbound::queue(id, 0, 0));
      },
      [this, id, before, agent_id] {
        auto it = conversations_.find(id);
        if (it == conversations_.end()) return;
        it->second.record = before;
        queue_.emplace(before.queued_at, id);
        if (Agent* a = agent(agent_id)) release(*a, before.channel);
      },
      nullptr, std::nullopt);
  return true;
}

void ContactCentre::requeue_chats_of(Agent& a, const std::string& reason) {
  for (auto& [id, c] : conversations_) {
    auto& r = c.record;
    if (r.agent_id != a.user.id || r.status != "assigned" || r.channel != "chat") continue;
    r.status = "queued";
    r.agent_id.reset();
    r.updated_at = clock_.now_ms();
    release(a, "chat");
    WriteBatch batch;
    batch.mutations.push_back(store::UpsertConversation{r});
    json::object data{{"reason", reason}};
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_queued", r, a.user.id, json::serialize(data))});
    const std::int64_t agent_id = a.user.id;
    write(
        std::move(batch),
        [this, id = id, agent_id](const store::WriteResult&) {
          auto it = conversations_.find(id);
          if (it == conversations_.end()) return;
          // The agent drops it from their list; the customer learns it is waiting again.
          send_to_agent(agent_id, outbound::conversation(it->second.record, names_of(it->second.record)));
          announce_conversation(it->second);
          if (it->second.record.status == "queued") {
            enqueue(it->second);
            route();
          }
        },
        {}, nullptr, std::nullopt);
  }
}

void ContactCentre::notify_queue() {
  int capacity = 0;
  for (const auto& [id, a] : agents_) {
    if (a.status == AgentStatus::online && a.sockets > 0) capacity += a.user.chat_capacity;
  }
  int position = 0;
  for (const auto& [queued_at, id] : queue_) {
    ++position;
    Conversation& c = conversations_.at(id);
    const std::int64_t estimate =
        (static_cast<std::int64_t>(position) * average_handle_ms_ / std::max(1, capacity) + 999) /
        1000;
    const std::pair<int, std::int64_t> notice{position, estimate};
    if (c.last_queue_notice == notice) continue;
    c.last_queue_notice = notice;
    send_to_customer(c.record.customer_id, outbound::queue(id, position, estimate));
  }
}

void ContactCentre::announce_conversation(const Conversation& c) {
  const auto frame = outbound::conversation(c.record, names_of(c.record));
  send_to_customer(c.record.customer_id, frame);
  if (c.record.agent_id) send_to_agent(*c.record.agent_id, frame);
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

void ContactCentre::open_ticket(TicketRequest request, std::function<void(TicketResult)> done) {
  if (!request.customer_id) {
    // A ticket from another system or an agent: the customer is created first.
    WriteBatch customer;
    customer.mutations.push_back(store::InsertCustomer{
        store::CustomerRecord{0, request.customer_name, clock_.now_ms()}});
    write(
        std::move(customer),
        [this, request, done](const store::WriteResult& r) mutable {
          request.customer_id = r.outcomes.front().value;
          open_ticket(std::move(request), std::move(done));
        },
        [done] { done(TicketResult{false, "store unavailable", 0, 0}); }, nullptr, std::nullopt);
    return;
  }
  ConversationRecord r = new_conversation(*request.customer_id, "ticket");
  r.subject = request.subject;
  const std::int64_t id = r.id;
  WriteBatch batch;
  batch.mutations.push_back(store::UpsertConversation{r});
  batch.mutations.push_back(store::AppendEvent{event("conversation_opened", r)});
  batch.mutations.push_back(
      store::AppendEvent{event("conversation_queued", r, std::nullopt, R"({"reason":"new"})")});
  store::MessageRecord message;
  message.conversation_id = id;
  message.author_kind = store::AuthorKind::customer;
  message.author_id = r.customer_id;
  message.client_id = "ticket-" + std::to_string(id);
  message.body = request.text;
  message.at = clock_.now_ms();
  batch.mutations.push_back(store::AppendMessage{message, event("message_received", r)});
  conversations_.emplace(id, conversation_of(std::move(r)));
  write(
      std::move(batch),
      [this, id, done](const store::WriteResult& result) {
        auto it = conversations_.find(id);
        if (it != conversations_.end()) {
          it->second.delivered_seq = it->second.record.last_seq = result.outcomes.back().value;
          enqueue(it->second);
          route();
        }
        done(TicketResult{true, {}, id, result.outcomes.back().value});
      },
      [this, id, done] {
        conversations_.erase(id);
        done(TicketResult{false, "store unavailable", 0, 0});
      },
      nullptr, std::nullopt);
}

void ContactCentre::end_staff_session(const std::string& session_hash) {
  for (auto& [p, c] : connections_) {
    if (c.staff && c.session_hash == session_hash) c.participant->close(CloseCause::session_ended);
  }
}

void ContactCentre::tick() {
  const std::int64_t now = clock_.now_ms();
  for (auto& [id, a] : agents_) {
    if (a.gone_since && now - *a.gone_since >= settings_.agent_grace_ms &&
        a.status != AgentStatus::offline) {
      Connection c;
      c.id = id;
      set_status(c, AgentStatus::offline, "disconnect");
    }
  }
  std::vector<std::int64_t> to_close;
  std::vector<std::int64_t> to_abandon;
  for (auto& [id, c] : conversations_) {
    const auto& r = c.record;
    if (r.status == "resolved" && r.resolved_at &&
        now - *r.resolved_at > settings_.reopen_window_ms) {
      to_close.push_back(id);
    } else if (r.status == "queued" && c.abandon_at && *c.abandon_at <= now &&
               !customer_sockets_.contains(r.customer_id) && queue_.contains({r.queued_at, id})) {
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
    conversations_.erase(id);
    write(std::move(batch), {}, {}, nullptr, std::nullopt);
  }
  for (std::int64_t id : to_abandon) {
    auto& r = conversations_.at(id).record;
    queue_.erase({r.queued_at, id});
    json::object data{{"wait_ms", now - r.queued_at}};
    r.status = "abandoned";
    r.updated_at = now;
    WriteBatch batch;
    batch.mutations.push_back(store::UpsertConversation{r});
    batch.mutations.push_back(
        store::AppendEvent{event("conversation_abandoned", r, std::nullopt, json::serialize(data))});
    conversations_.erase(id);
    write(std::move(batch), {}, {}, nullptr, std::nullopt);
  }
  if (!to_abandon.empty()) notify_queue();
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
  return DeskFigures{connections_.size(), queue_.size(), messages_stored_};
}

}  // namespace kefu
