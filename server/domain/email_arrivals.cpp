// ContactCentre::receive_email: a customer's mail reaching the desk (docs/architecture.md,
// "E-mail").
#include "server/domain/contact_centre.hpp"

namespace kefu {

using store::ConversationRecord;
using store::WriteBatch;

void ContactCentre::receive_email(EmailArrival arrival, std::function<void(EmailFiled)> done) {
  if (customer_ended(arrival.customer_id)) {
    EmailFiled refused;
    refused.error = "the customer was erased";
    done(refused);
    return;
  }
  const std::int64_t now = clock_.now_ms();
  Conversation* conv = nullptr;
  if (arrival.conversation_id) {
    auto it = conversations_.find(*arrival.conversation_id);
    if (it != conversations_.end() && it->second.record.customer_id == arrival.customer_id) {
      conv = &it->second;
    }
  }
  WriteBatch batch;
  std::function<void()> undo = [] {};
  std::string reason;
  if (reopen_resolved(conv, now, batch, undo)) reason = "reopened";
  if (conv == nullptr) {
    ConversationRecord r = new_conversation(arrival.customer_id, "email");
    r.subject = arrival.subject;
    conv = &open_conversation(std::move(r), batch, undo);
    reason = "new";
  }
  store::MessageRecord message =
      customer_message(conv->record.id, arrival.customer_id, std::move(arrival.client_id),
                       std::move(arrival.text), now);
  batch.mutations.push_back(store::AppendMessage{message, event("message_received", conv->record)});
  const std::int64_t id = conv->record.id;
  write(
      std::move(batch),
      [this, id, reason, done, message](const store::WriteResult& result) mutable {
        const auto& outcome = result.outcomes.back();
        EmailFiled filed;
        filed.ok = true;
        filed.conversation_id = outcome.conversation_id;
        filed.seq = outcome.value;
        filed.duplicate = outcome.duplicate;
        auto it = conversations_.find(id);
        if (outcome.duplicate) {
          // Filed before (a crash came between the desk's commit and the mail module's): a
          // conversation opened for it now stays empty and is closed at once.
          if (reason == "new" && it != conversations_.end() && outcome.conversation_id != id) {
            auto& r = it->second.record;
            r.status = "closed";
            r.updated_at = clock_.now_ms();
            WriteBatch close;
            close.mutations.push_back(store::UpsertConversation{r});
            close.mutations.push_back(store::AppendEvent{event("conversation_closed", r)});
            forget(id);
            write(std::move(close), {}, {}, nullptr, std::nullopt);
          }
          done(filed);
          return;
        }
        filed.opened = reason == "new";
        filed.reopened = reason == "reopened";
        message.seq = outcome.value;
        ++messages_stored_;
        announce_message(nullptr, message);
        if (it != conversations_.end()) {
          if (observers_.message_stored) observers_.message_stored(it->second.record, message);
          if (!reason.empty() && it->second.record.status == "queued") {
            enqueue(it->second, reason);
            it->second.abandon_at.reset();  // a mail's customer is never on the site to leave
            apply_routing();
          }
        }
        done(filed);
      },
      [undo, done] {
        undo();
        EmailFiled failed;
        failed.error = "store unavailable";
        done(failed);
      },
      nullptr, std::nullopt);
}

}  // namespace kefu
