#pragma once

#include "server/domain/command.hpp"
#include "server/domain/contact_centre.hpp"
#include "server/domain/participant.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// A staff member's `note` (docs/protocol.md, "Private notes"): authorised and stored by the
// back office (the conversation's agent now or last, a colleague who wrote or was mentioned in
// one of its notes, or any supervisor or admin; `not_found` otherwise), then, once durable,
// `note` to every staff socket on the conversation and the author's, `mention` to each
// colleague it mentions, and `ack` to the sender. Never to the customer. A refusal stores
// nothing and tells nobody else. Callable from any thread.
void take_note(ServerState& state, const ParticipantPtr& author, const StaffParty& who,
               WriteNote note);

// True when `who` may read the conversation's notes (the same rule as writing them).
bool may_see_notes(workspace::ConversationNotes& notes, const workspace::ConversationStaff& c,
                   const StaffParty& who);

}  // namespace kefu::net
