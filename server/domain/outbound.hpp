#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/domain/command.hpp"
#include "server/store/records.hpp"

namespace kefu::outbound {

// Builders for the frames the server sends (docs/protocol.md, "Server to client"). Each returns
// the serialised frame, shared so that one copy can go to many sockets.
using Frame = std::shared_ptr<const std::string>;

struct Names {
  std::string customer;
  std::string agent;  // empty when no agent
};

Frame error(std::string_view code, const std::optional<std::string>& ref, std::string_view message);
Frame ack(const std::string& ref, std::optional<std::int64_t> conversation_id,
          std::optional<std::int64_t> seq, std::int64_t at);
Frame message(const store::MessageRecord& m, const std::string& author_name);
Frame conversation(const store::ConversationRecord& c, const Names& names);
Frame queue(std::int64_t conversation_id, int position, std::int64_t estimated_wait_seconds);
Frame typing(std::int64_t conversation_id, std::string_view author, bool active);
Frame agent_status(AgentStatus status);
Frame synced(std::int64_t conversation_id, std::int64_t last_seq);

// The conversation as a JSON object (for `welcome` lists and `conversation` frames).
boost::json::object conversation_object(const store::ConversationRecord& c, const Names& names);

Frame frame_of(const boost::json::object& frame);

}  // namespace kefu::outbound
