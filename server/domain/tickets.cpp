// Tickets opened by the widget's form, another system or an agent (POST /api/tickets;
// docs/protocol.md): the customer is created first when none is named, then the conversation
// and its first message are stored together and queued once durable. Part of ContactCentre.

#include "server/domain/contact_centre.hpp"

namespace kefu {
using store::ConversationRecord;
using store::WriteBatch;

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
  store::MessageRecord message = customer_message(id, r.customer_id, "ticket-" + std::to_string(id),
                                                  request.text, clock_.now_ms());
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

}  // namespace kefu
