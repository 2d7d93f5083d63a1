#include "server/cluster/desk_campaign.hpp"

#include <stdexcept>

namespace kefu::cluster {
namespace {

// How long after the lease it read runs out a candidate tries again.
constexpr std::chrono::milliseconds kPastTheLease{2};

}  // namespace

DeskCampaign::DeskCampaign(boost::asio::any_io_executor executor, std::string uri, std::string node,
                           CampaignSettings settings, BecameDesk became_desk, LostDesk lost_desk)
    : timer_(std::move(executor)),
      uri_(std::move(uri)),
      node_(std::move(node)),
      settings_(settings),
      became_desk_(std::move(became_desk)),
      lost_desk_(std::move(lost_desk)) {}

void DeskCampaign::start() {
  running_ = true;
  round();
}

void DeskCampaign::stop() {
  running_ = false;
  timer_.cancel();
  if (election_) election_->resign();
  if (epoch_ != 0) {
    epoch_ = 0;
    lost_desk_();
  }
}

void DeskCampaign::schedule() {
  if (!running_) return;
  auto wait = epoch_ != 0 ? settings_.renewal : settings_.period;
  if (const auto left = election_ ? election_->lease_left() : std::nullopt;
      epoch_ == 0 && left && *left >= std::chrono::milliseconds::zero() && *left < wait) {
    // The desk's lease runs out before the next round: try just after it does (the database's
    // clock decides; one more round comes a period later should this one be early).
    wait = *left + kPastTheLease;
  }
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && running_) round();
  });
}

void DeskCampaign::round() {
  if (!election_ || election_->lost()) {
    election_.reset();
    try {
      election_ = std::make_unique<DeskElection>(uri_, node_, settings_.lease, settings_.address);
      ++candidacies_;
    } catch (const std::runtime_error&) {
      // PostgreSQL unreachable: no desk here this round (nor anywhere that cannot reach it).
    }
  }
  const auto epoch = election_ ? election_->campaign() : std::nullopt;
  const std::int64_t now = epoch.value_or(0);
  if (now != epoch_) {
    const bool was_desk = epoch_ != 0;
    epoch_ = now;
    if (was_desk) lost_desk_();
    if (now != 0) became_desk_(now);
  }
  schedule();
}

}  // namespace kefu::cluster
