#pragma once

#include <string_view>
#include <variant>

#include "server/domain/command.hpp"

namespace kefu {

enum class SenderRole { customer, staff };

// Longest message text, in characters (docs/protocol.md).
inline constexpr std::size_t kMaxTextCharacters = 4000;
// Longest comment on a CSAT rating, in characters.
inline constexpr std::size_t kMaxRatingCommentCharacters = 500;

// Decodes one WebSocket text frame from a client of the given role into a Command, or into
// the error to send back. Never throws on bad input. Commands a role may not send (a customer
// setting an agent status) are unknown_type.
std::variant<Command, CommandError> decode_command(std::string_view frame, SenderRole role);

}  // namespace kefu
