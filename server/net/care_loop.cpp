#include "server/net/care_loop.hpp"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "server/care/care_office.hpp"
#include "server/net/care_message_delivery.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {
namespace asio = boost::asio;

namespace {

care::DeskHooks desk_hooks(ServerState& state) {
  care::DeskHooks hooks;
  hooks.resolve = [&state](std::int64_t conversation_id, std::int64_t rule_id) {
    asio::post(state.desk(), [&state, conversation_id, rule_id] {
      state.centre().resolve_by_rule(conversation_id, rule_id);
    });
  };
  hooks.notify_supervisors = [&state](const std::string& text, std::int64_t rule_id,
                                      std::int64_t customer_id) {
    auto frame = outbound::frame_of(boost::json::object{{"type", "care_notice"},
                                                        {"text", text},
                                                        {"rule_id", rule_id},
                                                        {"customer_id", customer_id}});
    asio::post(state.desk(), [&state, frame] { state.centre().send_to_supervisors(frame); });
  };
  hooks.assign_queue = [&state](std::int64_t conversation_id, const std::string& queue,
                                std::int64_t) {
    asio::post(state.desk(), [&state, conversation_id, queue] {
      state.centre().move_by_rule(conversation_id, queue);
    });
  };
  hooks.set_priority = [&state](std::int64_t conversation_id, const std::string& priority,
                                std::int64_t rule_id) {
    asio::post(state.desk(), [&state, conversation_id, priority, rule_id] {
      state.centre().prioritise_by_rule(conversation_id, priority, rule_id);
    });
  };
  hooks.offer_messages = [&state](std::int64_t customer_id) {
    push_care_messages(state, customer_id);
  };
  return hooks;
}

// The team's hours as the admin set them, and the SLA policy's first-response targets as the
// back office holds them (read on its strand, where the care office runs).
care::CareSettings care_settings(ServerState& state) {
  care::CareSettings settings;
  settings.team_calendar = [&state](const std::string& team) {
    return state.business_hours().calendar(team);
  };
  settings.reply_target_ms = [&state](const std::string& channel) {
    return state.back_office().service_level_threshold(channel);
  };
  return settings;
}

}  // namespace

CareLoop::CareLoop(ServerState& state)
    : state_(state),
      office_(std::make_unique<care::CareOffice>(state.settings().location(), state.clock(),
                                                 desk_hooks(state), care_settings(state))),
      timer_(state.back_office_strand()) {}

CareLoop::~CareLoop() = default;

void CareLoop::start() {
  asio::post(state_.back_office_strand(), [this] {
    try {
      office_->start();
    } catch (const std::exception& failure) {
      std::cerr << "kefu: care: could not start: " << failure.what() << "\n";
    }
    schedule();
  });
}

void CareLoop::stop() {
  asio::post(state_.back_office_strand(), [this] {
    stopped_ = true;
    timer_.cancel();
  });
}

void CareLoop::schedule() {
  timer_.expires_after(std::chrono::seconds(1));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_) return;
    try {
      office_->tick();
    } catch (const std::exception& failure) {
      // Nothing of a failed turn was kept: the next turn reads and runs it again.
      std::cerr << "kefu: care: " << failure.what() << "\n";
    }
    schedule();
  });
}

}  // namespace kefu::net
