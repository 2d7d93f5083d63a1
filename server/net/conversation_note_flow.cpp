#include "server/net/conversation_note_flow.hpp"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "server/domain/outbound.hpp"

namespace kefu::net {
namespace json = boost::json;
namespace asio = boost::asio;

bool may_see_notes(workspace::ConversationNotes& notes, const workspace::ConversationStaff& c,
                   const StaffParty& who) {
  const std::int64_t me = who.user.id;
  if (who.user.role != store::Role::agent) return true;
  if (c.agent_id == me || c.last_agent_id == me) return true;
  return notes.takes_part(c.conversation_id, me);
}

void take_note(ServerState& state, const ParticipantPtr& author, const StaffParty& who,
               WriteNote note) {
  asio::post(state.back_office_strand(), [&state, author, who, note = std::move(note)] {
    workspace::StoredNote stored;
    try {
      auto& notes = *state.workspace().notes;
      const auto conversation = state.back_office().guarded(
          [&](BackOffice&) { return notes.staff_of(note.conversation_id); });
      if (!conversation || !may_see_notes(notes, *conversation, who)) {
        author->deliver(outbound::error("not_found", note.client_id, "no such conversation"));
        return;
      }
      stored = state.back_office().in_write_transaction([&](BackOffice&) {
        return notes.add(workspace::NewNote{note.conversation_id, who.user.id, note.client_id,
                                            note.text, note.mentions, state.clock().now_ms()});
      });
    } catch (const workspace::UnknownColleague& unknown) {
      author->deliver(outbound::error("bad_field", note.client_id, unknown.what()));
      return;
    } catch (const std::exception& failure) {
      std::cerr << "kefu: note: " << failure.what() << "\n";
      author->deliver(
          outbound::error("unavailable", note.client_id, "could not store the note; retry it"));
      return;
    }
    const std::int64_t at = stored.note.at("at").as_int64();
    if (stored.replayed) {
      author->deliver(outbound::ack(note.client_id, note.conversation_id, std::nullopt, at));
      return;
    }
    std::vector<std::int64_t> mentioned;
    for (const auto& m : stored.note.at("mentions").as_array()) {
      mentioned.push_back(m.at("id").as_int64());
    }
    const auto frame = outbound::frame_of(json::object{
        {"type", "note"}, {"conversation_id", note.conversation_id}, {"note", stored.note}});
    const auto mention = outbound::frame_of(json::object{
        {"type", "mention"}, {"conversation_id", note.conversation_id}, {"note", stored.note}});
    asio::post(state.desk(), [&state, author, who, conversation = note.conversation_id, frame,
                              mention, mentioned, ref = note.client_id, at] {
      state.centre().send_to_conversation_staff(conversation, frame, {who.user.id});
      for (std::int64_t colleague : mentioned) state.centre().send_to_agent(colleague, mention);
      author->deliver(outbound::ack(ref, conversation, std::nullopt, at));
    });
  });
}

}  // namespace kefu::net
