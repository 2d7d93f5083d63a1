#include "server/net/care_message_delivery.hpp"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <iostream>
#include <vector>

#include "server/care/care_office.hpp"
#include "server/domain/outbound.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::vector<outbound::Frame> frames_of(const std::vector<care::CareMessage>& messages) {
  std::vector<outbound::Frame> frames;
  for (const auto& m : messages)
    frames.push_back(outbound::frame_of(json::object{
        {"type", "care_message"}, {"id", m.id}, {"text", m.text}, {"at", m.created_at}}));
  return frames;
}

// On the back office strand: the customer's waiting messages, marked shown; none on failure
// (they stay waiting for the next visit).
std::vector<outbound::Frame> take(ServerState& state, std::int64_t customer_id) {
  try {
    return frames_of(state.care().office().take_messages(customer_id));
  } catch (const std::exception& failure) {
    std::cerr << "kefu: care messages: " << failure.what() << "\n";
    return {};
  }
}

}  // namespace

void offer_care_messages(ServerState& state, const ParticipantPtr& customer,
                         std::int64_t customer_id) {
  asio::post(state.back_office_strand(), [&state, customer, customer_id] {
    for (const auto& frame : take(state, customer_id)) customer->deliver(frame);
  });
}

void push_care_messages(ServerState& state, std::int64_t customer_id) {
  asio::post(state.desk(), [&state, customer_id] {
    if (!state.centre().customer_connected(customer_id)) return;
    asio::post(state.back_office_strand(), [&state, customer_id] {
      auto frames = take(state, customer_id);
      if (frames.empty()) return;
      asio::post(state.desk(), [&state, customer_id, frames = std::move(frames)] {
        for (const auto& frame : frames) state.centre().send_to_customer(customer_id, frame);
      });
    });
  });
}

}  // namespace kefu::net
