#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <optional>
#include <string>

#include "server/auth/login_throttle.hpp"
#include "server/auth/password_hasher.hpp"
#include "server/domain/contact_centre.hpp"
#include "server/net/serve_settings.hpp"
#include "server/store/store.hpp"

namespace kefu::net {

// What every session of one running server shares (Beast's chat example calls it
// shared_state): the settings, the store, the desk strand with the ContactCentre on it, and
// the auth services. Owned by serve(); sessions hold a reference. Thread-safe as documented
// per member: `centre` only ever on `desk`.
class ServerState {
 public:
  ServerState(boost::asio::io_context& io, ServeSettings settings, store::Store& store);
  ServerState(const ServerState&) = delete;
  ServerState& operator=(const ServerState&) = delete;

  // Starts the once-a-second timer that runs ContactCentre::tick on the desk.
  void start();
  // Stops the timer and closes every socket with 1001.
  void shut_down();

  // True when `origin` may open sockets and call the widget endpoints.
  bool origin_allowed(const std::string& origin) const;
  void allow_origin(std::string origin) { settings_.allowed_origins.push_back(std::move(origin)); }

  // The staff member behind a session cookie value, when the session is live.
  std::optional<StaffParty> staff_for_session(const std::string& token);
  // The customer behind a visitor token.
  std::optional<CustomerParty> customer_for_token(const std::string& token);

  const ServeSettings& settings() const { return settings_; }
  store::Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  boost::asio::strand<boost::asio::io_context::executor_type>& desk() { return desk_; }
  ContactCentre& centre() { return centre_; }  // on desk() only
  boost::asio::thread_pool& auth_pool() { return auth_pool_; }
  auth::PasswordHasher& hasher() { return hasher_; }
  auth::LoginThrottle& throttle() { return throttle_; }

 private:
  void schedule_tick();

  ServeSettings settings_;
  store::Store& store_;
  SystemClock clock_;
  boost::asio::strand<boost::asio::io_context::executor_type> desk_;
  ContactCentre centre_;
  boost::asio::steady_timer ticker_;
  boost::asio::thread_pool auth_pool_{1};
  auth::PasswordHasher hasher_;
  auth::LoginThrottle throttle_;
  bool stopped_ = false;
};

}  // namespace kefu::net
