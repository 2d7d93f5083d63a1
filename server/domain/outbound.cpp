#include "server/domain/outbound.hpp"

#include <boost/json.hpp>

namespace kefu::outbound {
namespace json = boost::json;

Frame frame_of(const json::object& frame) {
  return std::make_shared<const std::string>(json::serialize(frame));
}

namespace {

// The frames sent for every message (ack, message, error) build their JSON in a buffer on the
// stack instead of the heap: one allocation fewer per member and string.
constexpr std::size_t kFrameScratch = 2048;

}  // namespace

Frame error(std::string_view code, const std::optional<std::string>& ref,
            std::string_view message) {
  unsigned char scratch[kFrameScratch];
  json::monotonic_resource memory(scratch, sizeof scratch);
  json::object o(&memory);
  o["type"] = "error";
  o["code"] = code;
  o["ref"] = ref ? json::value(*ref) : json::value(nullptr);
  o["message"] = message;
  return frame_of(o);
}

Frame ack(const std::string& ref, std::optional<std::int64_t> conversation_id,
          std::optional<std::int64_t> seq, std::int64_t at) {
  unsigned char scratch[kFrameScratch];
  json::monotonic_resource memory(scratch, sizeof scratch);
  json::object o(&memory);
  o["type"] = "ack";
  o["ref"] = ref;
  if (conversation_id) o["conversation_id"] = *conversation_id;
  if (seq) o["seq"] = *seq;
  o["at"] = at;
  return frame_of(o);
}

Frame message(const store::MessageRecord& m, const std::string& author_name) {
  unsigned char scratch[kFrameScratch];
  json::monotonic_resource memory(scratch, sizeof scratch);
  json::object o(&memory);
  o["type"] = "message";
  o["conversation_id"] = m.conversation_id;
  o["seq"] = m.seq;
  o["at"] = m.at;
  o["client_id"] = m.client_id;
  o["author"] = json::object(
      {{"kind", store::to_string(m.author_kind)}, {"id", m.author_id}, {"name", author_name}},
      &memory);
  o["text"] = m.body;
  return frame_of(o);
}

json::object conversation_object(const store::ConversationRecord& c, const Names& names) {
  json::object o;
  o["id"] = c.id;
  o["channel"] = c.channel;
  o["status"] = c.status;
  o["queue"] = c.queue;
  o["subject"] = c.subject;
  o["last_seq"] = c.last_seq;
  o["customer"] = json::object{{"id", c.customer_id}, {"name", names.customer}};
  if (c.agent_id && !names.agent.empty()) {
    o["agent"] = json::object{{"id", *c.agent_id}, {"name", names.agent}};
  } else {
    o["agent"] = nullptr;
  }
  o["created_at"] = c.created_at;
  o["queued_at"] = c.queued_at;
  o["updated_at"] = c.updated_at;
  return o;
}

Frame conversation(const store::ConversationRecord& c, const Names& names) {
  return frame_of(
      json::object{{"type", "conversation"}, {"conversation", conversation_object(c, names)}});
}

Frame queue(std::int64_t conversation_id, int position, std::int64_t estimated_wait_seconds) {
  return frame_of(json::object{{"type", "queue"},
                               {"conversation_id", conversation_id},
                               {"position", position},
                               {"estimated_wait_seconds", estimated_wait_seconds}});
}

Frame typing(std::int64_t conversation_id, std::string_view author, bool active) {
  return frame_of(json::object{{"type", "typing"},
                               {"conversation_id", conversation_id},
                               {"author", author},
                               {"active", active}});
}

Frame agent_status(AgentStatus status) {
  return frame_of(json::object{{"type", "agent_status"}, {"status", to_string(status)}});
}

Frame synced(std::int64_t conversation_id, std::int64_t last_seq) {
  return frame_of(json::object{
      {"type", "synced"}, {"conversation_id", conversation_id}, {"last_seq", last_seq}});
}

}  // namespace kefu::outbound
