#include "server/domain/command_decoder.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "server/json/strict_json.hpp"

namespace kefu {
namespace json = boost::json;

std::string_view to_string(AgentStatus status) {
  switch (status) {
    case AgentStatus::online:
      return "online";
    case AgentStatus::away:
      return "away";
    case AgentStatus::offline:
      return "offline";
  }
  return "offline";
}

namespace {

constexpr std::size_t kMaxClientIdBytes = 64;

// Thrown inside decoding only; turned into a CommandError before leaving this file.
struct FieldProblem {
  std::string message;
};

std::size_t count_characters(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

const json::value& require(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) throw FieldProblem{std::string("missing field '") + std::string(key) + "'"};
  return *v;
}

std::string require_string(const json::object& o, std::string_view key) {
  const json::value& v = require(o, key);
  if (!v.is_string()) throw FieldProblem{"'" + std::string(key) + "' must be a string"};
  return std::string(v.get_string());
}

std::int64_t as_id(const json::value& v, std::string_view key, std::int64_t minimum) {
  if (v.is_int64() && v.get_int64() >= minimum) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX) &&
      static_cast<std::int64_t>(v.get_uint64()) >= minimum) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  throw FieldProblem{"'" + std::string(key) + "' must be an integer of at least " +
                     std::to_string(minimum)};
}

std::int64_t require_id(const json::object& o, std::string_view key, std::int64_t minimum = 1) {
  return as_id(require(o, key), key, minimum);
}

std::string require_client_id(const json::object& o) {
  std::string id = require_string(o, "client_id");
  if (id.empty() || id.size() > kMaxClientIdBytes) {
    throw FieldProblem{"'client_id' must be 1 to 64 bytes"};
  }
  return id;
}

std::optional<std::string> find_ref(const json::object& o) {
  const json::value* v = o.if_contains("client_id");
  if (v != nullptr && v->is_string() && v->get_string().size() <= kMaxClientIdBytes) {
    return std::string(v->get_string());
  }
  return std::nullopt;
}

AgentStatus status_of(const std::string& status) {
  if (status == "online") return AgentStatus::online;
  if (status == "away") return AgentStatus::away;
  if (status == "offline") return AgentStatus::offline;
  throw FieldProblem{"'status' must be online, away or offline"};
}

}  // namespace

std::variant<Command, CommandError> decode_command(std::string_view frame, SenderRole role) {
  json::error_code ec;
  json::parse_options options;
  options.max_depth = 16;
  // A frame is parsed into a buffer on the stack (the heap only past it): commands copy out
  // what they keep, so nothing refers to the parsed value after this call.
  unsigned char scratch[4096];
  json::monotonic_resource memory(scratch, sizeof scratch);
  json::value parsed = parse_strict_json(frame, ec, &memory, options);
  if (ec == json_error::duplicate_key) {
    return CommandError{"bad_json", std::nullopt, "an object in the frame names a key twice"};
  }
  if (ec || !parsed.is_object()) {
    return CommandError{"bad_json", std::nullopt, "the frame is not a JSON object"};
  }
  const json::object& o = parsed.get_object();
  const auto ref = find_ref(o);
  try {
    const json::value* type_value = o.if_contains("type");
    if (type_value == nullptr || !type_value->is_string()) {
      throw FieldProblem{"'type' must be a string"};
    }
    const std::string_view type = type_value->get_string();
    if (type == "message") {
      SendMessage m;
      m.client_id = require_client_id(o);
      // A field that is present has its type: null is not "absent" (docs/protocol.md).
      if (const json::value* id = o.if_contains("conversation_id")) {
        m.conversation_id = as_id(*id, "conversation_id", 1);
      } else if (role == SenderRole::staff) {
        throw FieldProblem{"missing field 'conversation_id'"};
      }
      m.text = require_string(o, "text");
      const std::size_t characters = count_characters(m.text);
      if (characters > kMaxTextCharacters) {
        return CommandError{"too_long", ref, "text is over 4000 characters"};
      }
      if (m.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw FieldProblem{"'text' must not be empty"};
      }
      return Command{std::move(m)};
    }
    if (type == "typing") {
      Typing t;
      t.conversation_id = require_id(o, "conversation_id");
      if (const json::value* active = o.if_contains("active")) {
        if (!active->is_bool()) throw FieldProblem{"'active' must be true or false"};
        t.active = active->get_bool();
      }
      return Command{t};
    }
    if (type == "sync") {
      Sync s;
      s.conversation_id = require_id(o, "conversation_id");
      s.after_seq = require_id(o, "after_seq", 0);
      return Command{s};
    }
    if (type == "resolve" && role == SenderRole::staff) {
      return Command{Resolve{require_client_id(o), require_id(o, "conversation_id")}};
    }
    if (type == "transfer" && role == SenderRole::staff) {
      Transfer t;
      t.client_id = require_client_id(o);
      t.conversation_id = require_id(o, "conversation_id");
      if (const json::value* agent = o.if_contains("to_agent")) {
        t.to_agent = as_id(*agent, "to_agent", 1);
      }
      if (o.contains("to_queue")) t.to_queue = require_string(o, "to_queue");
      if (t.to_agent.has_value() == !t.to_queue.empty()) {
        throw FieldProblem{"give exactly one of 'to_agent' and 'to_queue'"};
      }
      if (o.contains("note")) t.note = require_string(o, "note");
      if (count_characters(t.note) > 1000) throw FieldProblem{"'note' is over 1000 characters"};
      return Command{std::move(t)};
    }
    if ((type == "monitor" || type == "unmonitor") && role == SenderRole::staff) {
      return Command{
          Monitor{require_client_id(o), require_id(o, "conversation_id"), type == "monitor"}};
    }
    if (type == "whisper" && role == SenderRole::staff) {
      Whisper w;
      w.client_id = require_client_id(o);
      w.conversation_id = require_id(o, "conversation_id");
      w.text = require_string(o, "text");
      if (count_characters(w.text) > kMaxTextCharacters) {
        return CommandError{"too_long", ref, "text is over 4000 characters"};
      }
      if (w.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw FieldProblem{"'text' must not be empty"};
      }
      return Command{std::move(w)};
    }
    if (type == "note" && role == SenderRole::staff) {
      WriteNote n;
      n.client_id = require_client_id(o);
      n.conversation_id = require_id(o, "conversation_id");
      n.text = require_string(o, "text");
      if (count_characters(n.text) > kMaxTextCharacters) {
        return CommandError{"too_long", ref, "text is over 4000 characters"};
      }
      if (n.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw FieldProblem{"'text' must not be empty"};
      }
      if (const json::value* mentions = o.if_contains("mentions")) {
        if (!mentions->is_array() || mentions->get_array().size() > 20) {
          throw FieldProblem{"'mentions' must be an array of at most 20 user ids"};
        }
        for (const auto& id : mentions->get_array()) {
          const std::int64_t user = as_id(id, "mentions", 1);
          if (std::find(n.mentions.begin(), n.mentions.end(), user) != n.mentions.end()) {
            throw FieldProblem{"'mentions' names a user twice"};
          }
          n.mentions.push_back(user);
        }
      }
      return Command{std::move(n)};
    }
    if (type == "pick_up" && role == SenderRole::staff) {
      return Command{PickUp{require_client_id(o), require_id(o, "conversation_id")}};
    }
    if (type == "set_priority" && role == SenderRole::staff) {
      return Command{SetPriority{require_client_id(o), require_id(o, "conversation_id"),
                                 require_string(o, "priority")}};
    }
    if (type == "take_over" && role == SenderRole::staff) {
      return Command{TakeOver{require_client_id(o), require_id(o, "conversation_id")}};
    }
    if (type == "set_agent_status" && role == SenderRole::staff) {
      SetAgentStatus s;
      s.client_id = require_client_id(o);
      s.agent_id = require_id(o, "agent_id");
      s.status = status_of(require_string(o, "status"));
      s.reason = require_string(o, "reason");
      if (s.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw FieldProblem{"'reason' must not be empty"};
      }
      if (count_characters(s.reason) > 200) throw FieldProblem{"'reason' is over 200 characters"};
      return Command{std::move(s)};
    }
    if (type == "move_waiting" && role == SenderRole::staff) {
      MoveWaiting m;
      m.client_id = require_client_id(o);
      m.from_queue = require_string(o, "from_queue");
      if (const json::value* agent = o.if_contains("to_agent")) {
        m.to_agent = as_id(*agent, "to_agent", 1);
      }
      if (o.contains("to_queue")) m.to_queue = require_string(o, "to_queue");
      if (m.from_queue.empty()) throw FieldProblem{"'from_queue' must not be empty"};
      if (m.to_agent.has_value() == !m.to_queue.empty()) {
        throw FieldProblem{"give exactly one of 'to_agent' and 'to_queue'"};
      }
      return Command{std::move(m)};
    }
    if (type == "status" && role == SenderRole::staff) {
      SetStatus s;
      s.client_id = require_client_id(o);
      s.status = status_of(require_string(o, "status"));
      return Command{std::move(s)};
    }
    if (type == "rate" && role == SenderRole::customer) {
      RateConversation r;
      r.client_id = require_client_id(o);
      r.conversation_id = require_id(o, "conversation_id");
      const json::value& rating = require(o, "rating");
      if (!rating.is_int64() || rating.get_int64() < 1 || rating.get_int64() > 5) {
        throw FieldProblem{"'rating' must be a whole number from 1 to 5"};
      }
      r.rating = static_cast<int>(rating.get_int64());
      if (o.contains("comment")) r.comment = require_string(o, "comment");
      if (count_characters(r.comment) > kMaxRatingCommentCharacters) {
        return CommandError{"too_long", ref, "comment is over 500 characters"};
      }
      return Command{std::move(r)};
    }
    return CommandError{"unknown_type", ref, "unknown message type '" + std::string(type) + "'"};
  } catch (const FieldProblem& problem) {
    return CommandError{"bad_field", ref, problem.message};
  }
}

}  // namespace kefu
