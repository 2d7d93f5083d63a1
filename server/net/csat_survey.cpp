#include "server/net/csat_survey.hpp"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "server/domain/outbound.hpp"

namespace kefu::net {
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

// A customer back within this time after a resolution is asked again.
constexpr std::int64_t kAskAgainWithinMs = 7LL * 24 * 3600 * 1000;

outbound::Frame csat_request(const SurveyDue& due) {
  return outbound::frame_of(
      json::object{{"type", "csat_request"},
                   {"conversation_id", due.conversation_id},
                   {"agent", json::object{{"id", due.agent_id}, {"name", due.agent_name}}}});
}

// Scores a conversation in its own write transaction; failures are logged, not fatal.
void rescore(BackOffice& office, std::int64_t conversation_id, std::int64_t now) {
  try {
    office.guarded([&](BackOffice& o) {
      return o.in_write_transaction([&](BackOffice& w) {
        w.quality().score_conversation(conversation_id, now);
        return 0;
      });
    });
  } catch (const std::exception& failure) {
    std::cerr << "kefu: quality score of conversation " << conversation_id << ": " << failure.what()
              << "\n";
  }
}

}  // namespace

void take_survey(ServerState& state, const ParticipantPtr& customer, const CustomerParty& who,
                 RateConversation rate) {
  asio::post(state.back_office_strand(), [&state, customer, who, rate = std::move(rate)] {
    SurveyReceipt receipt;
    try {
      receipt = state.back_office().guarded([&](BackOffice& o) {
        return o.in_write_transaction([&](BackOffice& w) {
          return w.quality().submit_survey(who.customer_id, rate.conversation_id, rate.rating,
                                           rate.comment, rate.client_id, state.clock().now_ms());
        });
      });
    } catch (const QualityRefused& refused) {
      customer->deliver(outbound::error(refused.code(), rate.client_id, refused.what()));
      return;
    } catch (const std::exception& failure) {
      std::cerr << "kefu: survey: " << failure.what() << "\n";
      customer->deliver(
          outbound::error("unavailable", rate.client_id, "could not store the rating; retry it"));
      return;
    }
    customer->deliver(
        outbound::ack(rate.client_id, receipt.conversation_id, std::nullopt, receipt.at));
    const auto recorded = outbound::frame_of(json::object{{"type", "csat_recorded"},
                                                          {"conversation_id", rate.conversation_id},
                                                          {"rating", rate.rating}});
    asio::post(state.desk(), [&state, customer, who, recorded] {
      state.centre().send_to_customer(who.customer_id, recorded, customer.get());
    });
  });
}

void offer_pending_survey(ServerState& state, const ParticipantPtr& customer,
                          std::int64_t customer_id) {
  asio::post(state.back_office_strand(), [&state, customer, customer_id] {
    std::optional<SurveyDue> due;
    try {
      due = state.back_office().guarded([&](BackOffice& o) {
        return o.quality().pending_survey_of(customer_id, state.clock().now_ms(),
                                             kAskAgainWithinMs);
      });
    } catch (const std::exception& failure) {
      std::cerr << "kefu: pending survey: " << failure.what() << "\n";
      return;
    }
    if (due) customer->deliver(csat_request(*due));
  });
}

void follow_quality(ServerState& state, const Event& stored) {
  if (!stored.conversation_id) return;
  const bool resolved = stored.type == "conversation_resolved";
  if (!resolved && stored.type != "conversation_reopened") return;
  const std::int64_t id = *stored.conversation_id;
  asio::post(state.back_office_strand(), [&state, id, resolved] {
    BackOffice& office = state.back_office();
    rescore(office, id, state.clock().now_ms());
    if (!resolved) return;
    std::optional<SurveyDue> due;
    try {
      due = office.guarded([&](BackOffice& o) { return o.quality().survey_due(id); });
    } catch (const std::exception& failure) {
      std::cerr << "kefu: survey for conversation " << id << ": " << failure.what() << "\n";
      return;
    }
    if (!due) return;
    asio::post(state.desk(), [&state, due = *due] {
      state.centre().send_to_customer(due.customer_id, csat_request(due));
    });
  });
}

}  // namespace kefu::net
