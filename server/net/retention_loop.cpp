#include "server/net/retention_loop.hpp"

#include <boost/asio/post.hpp>
#include <chrono>
#include <iostream>

#include "server/back_office/sqlite_message_retention.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {
namespace asio = boost::asio;

RetentionSweep sweep_messages(ServerState& state, std::int64_t by) {
  const std::int64_t now = state.clock().now_ms();
  auto sweep = state.back_office().in_write_transaction([&](BackOffice& office) {
    SqliteMessageRetention retention(office.sql());
    const auto days = retention.message_days();
    if (!days) return RetentionSweep{};
    return retention.remove_before(now - std::int64_t{*days} * 86'400'000, by, now);
  });
  for (const auto& key : sweep.attachment_files) state.workspace().attachment_files->remove(key);
  if ((sweep.messages > 0 || sweep.attachments > 0) && !state.back_office().truncate_log()) {
    std::cerr << "kefu: the log was not truncated after a retention sweep (readers were busy)\n";
  }
  return sweep;
}

RetentionLoop::RetentionLoop(ServerState& state)
    : state_(state), timer_(state.back_office_strand()) {}

void RetentionLoop::start() {
  asio::post(state_.back_office_strand(), [this] {
    timer_.expires_after(std::chrono::seconds(0));
    schedule();
  });
}

void RetentionLoop::stop() {
  asio::post(state_.back_office_strand(), [this] {
    stopped_ = true;
    timer_.cancel();
  });
}

void RetentionLoop::schedule() {
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_) return;
    try {
      sweep_messages(state_, 0);
    } catch (const std::exception& failure) {
      // Nothing of a failed sweep was kept: tomorrow's removes it all.
      std::cerr << "kefu: retention: " << failure.what() << "\n";
    }
    timer_.expires_after(std::chrono::hours(24));
    schedule();
  });
}

}  // namespace kefu::net
