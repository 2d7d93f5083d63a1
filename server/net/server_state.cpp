#include "server/net/server_state.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

#include "server/auth/secret_token.hpp"

namespace kefu::net {
namespace {

DeskSettings desk_settings(const ServeSettings& s) {
  DeskSettings d;
  d.agent_grace_ms = s.agent_grace_ms;
  d.abandon_grace_ms = s.abandon_grace_ms;
  d.reopen_window_ms = s.reopen_window_ms;
  return d;
}

}  // namespace

ServerState::ServerState(boost::asio::io_context& io, ServeSettings settings, store::Store& store)
    : settings_(std::move(settings)),
      store_(store),
      desk_(boost::asio::make_strand(io)),
      centre_(store_, clock_,
              [this](std::function<void()> f) { boost::asio::post(desk_, std::move(f)); },
              desk_settings(settings_)),
      ticker_(desk_) {}

void ServerState::start() {
  boost::asio::post(desk_, [this] {
    centre_.load();
    schedule_tick();
  });
}

void ServerState::schedule_tick() {
  ticker_.expires_after(std::chrono::seconds(1));
  ticker_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_) return;
    centre_.tick();
    schedule_tick();
  });
}

void ServerState::shut_down() {
  boost::asio::post(desk_, [this] {
    stopped_ = true;
    ticker_.cancel();
    centre_.shut_down();
  });
}

bool ServerState::origin_allowed(const std::string& origin) const {
  const auto& list = settings_.allowed_origins;
  return !origin.empty() && std::find(list.begin(), list.end(), origin) != list.end();
}

std::optional<StaffParty> ServerState::staff_for_session(const std::string& token) {
  if (token.empty()) return std::nullopt;
  const std::string hash = auth::token_hash(token);
  auto session = store_.find_staff_session(hash);
  if (!session || session->revoked_at || session->expires_at <= clock_.now_ms()) {
    return std::nullopt;
  }
  auto user = store_.find_user(session->user_id);
  if (!user) return std::nullopt;
  return StaffParty{std::move(*user), hash, session->expires_at};
}

std::optional<CustomerParty> ServerState::customer_for_token(const std::string& token) {
  if (token.empty()) return std::nullopt;
  auto visitor = store_.find_visitor(auth::token_hash(token));
  if (!visitor) return std::nullopt;
  return CustomerParty{visitor->customer_id, visitor->visitor_id};
}

}  // namespace kefu::net
