#include "server/net/desk_candidate.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdlib>
#include <future>
#include <iostream>
#include <vector>

#include "knowledge_base/pinyin_reading.hpp"
#include "knowledge_base/simplified_folding.hpp"
#include "server/auth/password_hasher.hpp"
#include "server/cluster/cluster_key.hpp"
#include "server/cluster/desk_campaign.hpp"
#include "server/cluster/desk_connections.hpp"
#include "server/cluster/node_bus.hpp"
#include "server/cluster/pg_call.hpp"
#include "server/customers/name_search_key.hpp"
#include "server/net/desk_door.hpp"
#include "server/net/server_state.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "server/webhooks/verified_tls.hpp"

namespace kefu::net {
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// EX_TEMPFAIL (sysexits.h): the node lost the desk; its supervisor starts it again as a standby.
constexpr int kLostDesk = 75;
// A standby's tries for the desk (two reads each) and the desk's renewals of its lease (a write).
constexpr std::chrono::milliseconds kCampaignPeriod{100};
constexpr std::chrono::milliseconds kRenewal{200};
// How long a node that lost the desk gives its sockets' close frames (1012) before it exits.
constexpr std::chrono::milliseconds kLastWords{300};
// How often a standby reads the lease for the desk it relays to.
constexpr std::chrono::milliseconds kLeaseReading{500};
// The HttpRelays' kept-alive connections to the desk: how many idle at most, and for how long.
constexpr std::size_t kKeptToDesk = 16;
constexpr std::chrono::milliseconds kKeptIdle{4000};
// The largest body of a request but an attachment's (as HttpSession's).
constexpr std::uint64_t kLargestBody = 64 * 1024;

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "kefu";
  return name;
}

}  // namespace

DeskCandidate::DeskCandidate(ServeSettings settings, std::ostream& out)
    : settings_(std::move(settings)),
      out_(out),
      threads_(settings_.threads != 0 ? settings_.threads
                                      : std::max(1u, std::thread::hardware_concurrency())),
      io_(static_cast<int>(threads_)),
      lease_timer_(campaign_io_),
      last_call_(io_) {}

DeskCandidate::~DeskCandidate() {
  if (riser_.joinable()) riser_.join();
  if (campaign_thread_.joinable()) {
    campaign_work_.reset();
    campaign_io_.stop();
    campaign_thread_.join();
  }
}

void DeskCandidate::say(const std::string& line) {
  std::lock_guard lock(out_mutex_);
  out_ << line << std::endl;
}

DeskLocation DeskCandidate::desk() {
  std::lock_guard lock(mutex_);
  return desk_;
}

int DeskCandidate::run() {
  {
    // The lease and the fence are tables of the schema: migrate before standing.
    store::PgConnection db(settings_.store);
    store::migrate_postgres(db);
    settings_.cluster_key = cluster::cluster_key(db);
  }
  const auto endpoint =
      net::ip::tcp::endpoint(net::ip::make_address(settings_.address), settings_.port);
  door_ = std::make_shared<DeskDoor>(io_, endpoint);
  const std::string port = std::to_string(door_->local_endpoint().port());
  own_ = endpoint.address().is_v6() ? "http://[" + settings_.address + "]:" + port
                                    : "http://" + settings_.address + ":" + port;
  if (settings_.node.empty()) settings_.node = host_name() + ":" + port;
  advertise_ = settings_.advertise.empty() ? own_ : settings_.advertise;
  RelayPlan plan;
  plan.desk = [this] { return desk(); };
  plan.own_node = settings_.node;
  plan.key = settings_.cluster_key;
  plan.body_limit = std::max<std::uint64_t>(kLargestBody, settings_.attachment_max_bytes);
  plan.request_timeout = std::chrono::milliseconds(settings_.request_timeout_ms);
  plan.sockets = relayed_;
  // Idle ones closed by the relay well before the desk's own keep-alive timeout (its request
  // timeout, as this node's) would close them under a request.
  desk_connections_ = std::make_shared<DeskConnectionPool>(
      io_.get_executor(), kKeptToDesk,
      std::min<std::chrono::milliseconds>(kKeptIdle, plan.request_timeout / 2));
  plan.desk_connections = desk_connections_;
  door_->stand_by(std::move(plan));
  // Before the first line: whoever waits for it may signal the node at once.
  net::signal_set signals(io_, SIGINT, SIGTERM);
  signals.async_wait([this](boost::system::error_code ec, int) {
    if (!ec) stop();
  });
  door_->run();
  read_lease_once();
  say("listening on " + own_);
  heartbeats_ = std::make_unique<NodeHeartbeats>(settings_.store, settings_.node,
                                                 std::chrono::milliseconds(settings_.desk_lease_ms),
                                                 [this](const std::string& line) { say(line); });
  prepare_desk();

  cluster::CampaignSettings campaign;
  campaign.lease = std::chrono::milliseconds(settings_.desk_lease_ms);
  campaign.period = kCampaignPeriod;
  campaign.renewal = kRenewal;
  campaign.address = advertise_;
  campaign_ = std::make_unique<cluster::DeskCampaign>(
      campaign_io_.get_executor(), settings_.store, settings_.node, campaign,
      [this](std::int64_t epoch) { became_desk(epoch); },
      [this] {
        lose(
            "the desk's lease was lost (its election's connection to PostgreSQL broke, or "
            "another node won a newer epoch)");
      });
  campaign_work_.emplace(campaign_io_.get_executor());
  bus_ = std::make_unique<cluster::NodeBus>(settings_.bus, campaign_io_.get_executor(),
                                            [](cluster::WakeUp) {});
  bus_->watch_desk([this](std::int64_t epoch) { announced(epoch); });
  // Only now a standby in full: it relays, it is warmed to take over, it hears the desk's
  // announcements (the flush waits, up to 2 s, for NATS to have taken the subscription; with
  // NATS away it returns at once), and its campaign starts next, so this line always comes
  // before a `desk:` line of the same node.
  bus_->flush(2000);
  say("standby: node " + settings_.node);
  net::post(campaign_io_, [this] {
    campaign_->start();
    read_lease();
  });
  campaign_thread_ = std::thread([this] { campaign_io_.run(); });

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads_; ++i) pool.emplace_back([this] { run_io(); });
  run_io();
  for (auto& t : pool) t.join();
  heartbeats_->stop();

  // Stopping: the desk's store commits what it holds, and only then does the node resign.
  if (riser_.joinable()) riser_.join();
  if (state_) {
    state_->auth_pool().join();
    state_->stop_mail();
  }
  if (store_) store_->close();
  bus_.reset();  // nothing more is posted from the bus
  net::post(campaign_io_, [this] {
    lease_timer_.cancel();
    campaign_->stop();
    lease_reader_.reset();
  });
  campaign_work_.reset();
  campaign_thread_.join();
  state_.reset();
  store_.reset();
  say("stopped");
  return 0;
}

void DeskCandidate::run_io() {
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& failure) {
      // A handler let a failure out (a read of PostgreSQL while it restarts, say): crash-only,
      // as when the desk is lost, rather than std::terminate on a pool thread (exit 134, which
      // no supervisor restarts).
      lose(std::string("a request failed unexpectedly: ") + failure.what());
    }
  }
}

void DeskCandidate::prepare_desk() {
  // What a desk would otherwise build while it takes over, built once per process and kept:
  // ICU compiles transliteration rules the first time they are asked for (the desk's
  // ServerState gets its transliterators as copies), the knowledge base's singletons, the
  // password hasher's decoy hash (argon2id, shared by every hasher of the process) and the
  // webhook senders' TLS context with the system's certificates. None of it is the desk's state
  // or touches the database. What is left is per desk: the database connections, the knowledge
  // base's vocabulary and index, the open conversations.
  customers::NameSearchKey warm_names;
  kb::PinyinReading::instance();
  kb::SimplifiedFolding::instance();
  auth::PasswordHasher warm_hasher;
  webhooks::verified_tls();
}

void DeskCandidate::read_lease() {
  {
    std::lock_guard lock(mutex_);
    if (mode_ != Mode::standby) return;
  }
  read_lease_once();
  lease_timer_.expires_after(kLeaseReading);
  lease_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) read_lease();
  });
}

void DeskCandidate::read_lease_once() {
  try {
    if (!lease_reader_ || !lease_reader_->healthy()) {
      lease_reader_ = std::make_unique<store::PgConnection>(settings_.store);
    }
    const auto lease =
        cluster::call(*lease_reader_, "SELECT node, address, epoch FROM desk_lease WHERE id = 1");
    if (lease.ok() && lease.rows() == 1) {
      {
        std::lock_guard lock(mutex_);
        desk_ = {lease.text(0, 0), lease.text(0, 1), lease.int64(0, 2)};
      }
      const std::int64_t epoch = lease.int64(0, 2);
      if (lease_epoch_ != 0 && epoch != lease_epoch_) {
        // A new desk: the sockets relayed to the old one (gone, or frozen and replaced) move.
        relayed_->close_all();
        desk_connections_->drop_all();
      }
      lease_epoch_ = epoch;
    }
  } catch (const std::runtime_error&) {
    lease_reader_.reset();  // PostgreSQL away: the name stays as it was, tried again next time
  }
}

void DeskCandidate::announced(std::int64_t epoch) {
  {
    std::lock_guard lock(mutex_);
    if (mode_ != Mode::standby) return;
  }
  say("desk announced: epoch " + std::to_string(epoch));
  read_lease_once();
}

void DeskCandidate::became_desk(std::int64_t epoch) {
  const auto won = Clock::now();
  {
    std::lock_guard lock(mutex_);
    if (mode_ != Mode::standby) return;  // stopping
    mode_ = Mode::rising;
    desk_ = {settings_.node, advertise_, epoch};
  }
  // What this node relayed went to the desk before, gone or frozen: its clients reconnect (here,
  // once the desk stands, or elsewhere).
  relayed_->close_all();
  desk_connections_->drop_all();
  // Built on a thread of its own: the campaign keeps renewing the lease meanwhile, and the
  // network threads keep relaying as a standby until the desk is ready.
  riser_ = std::thread([this, epoch, won] { rise(epoch, won); });
}

void DeskCandidate::rise(std::int64_t epoch, Clock::time_point won) {
  Clock::time_point store_open, state_built, serving;
  try {
    // Every connection of the desk carries its name, so that the next desk can end them all
    // should this one freeze in the middle of a transaction (DeskElection::take_lock), and its
    // epoch, so that the modules' own connections fence their writes as the store does.
    ServeSettings desk_settings = settings_;
    desk_settings.store = cluster::desk_connection_uri(settings_.store, epoch);
    store::PostgresOptions options(desk_settings.store);
    options.migrate = false;
    options.desk_epoch = epoch;
    options.on_fenced = [this](const std::string& why) { lose(why); };
    auto store = std::make_unique<store::PostgresStore>(std::move(options));
    store_open = Clock::now();
    auto state = std::make_unique<ServerState>(io_, desk_settings, *store);
    state_built = Clock::now();
    state->start();
    std::lock_guard lock(mutex_);
    store_ = std::move(store);
    state_ = std::move(state);
    if (mode_ != Mode::rising) return;  // lost meanwhile: lose() ends the process
    mode_ = Mode::desk;
    door_->serve(*state_, relayed_here_);
    heartbeats_->watch(relayed_here_);
    serving = Clock::now();
  } catch (const std::exception& failure) {
    lose(std::string("the desk could not start: ") + failure.what());
    return;
  }
  const auto ms = [](Clock::duration d) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  };
  say("desk: node " + settings_.node + " epoch " + std::to_string(epoch));
  // The standbys read the lease now rather than at their next reading (best effort).
  bus_->announce_desk(epoch);
  say("takeover: " + ms(serving - won) + " ms from winning the lock to serving (store " +
      ms(store_open - won) + " ms, desk state " + ms(state_built - store_open) + " ms, start " +
      ms(serving - state_built) + " ms)");
  // The back office loads its figures (the KPIs from the event log, the knowledge base's
  // search statistics) on its own strand while the desk already serves: only supervisors'
  // figures and the agents' suggestions wait for it. The first admin's setup link is read
  // after it, on that strand. A signal meanwhile waits for this thread (run() joins it).
  try {
    const std::string setup_link = first_admin_link(*state_);
    say("back office ready: " + ms(Clock::now() - serving) + " ms after the desk began serving");
    if (!setup_link.empty()) say("setup: " + setup_link);
  } catch (const std::exception& failure) {
    lose(std::string("the desk could not start: ") + failure.what());
  }
}

std::string DeskCandidate::first_admin_link(ServerState& state) {
  // On the back office's strand, waited for here, so that the desk is never torn down (a
  // signal waits while the desk rises) with this still queued.
  std::promise<std::string> link;
  net::post(state.back_office_strand(), [&] {
    try {
      if (state.staff_directory().empty()) {
        const std::string& origin =
            settings_.public_origin.empty() ? own_ : settings_.public_origin;
        link.set_value(origin + "/setup?token=" + state.staff_directory().issue_setup_link());
      } else {
        link.set_value({});
      }
    } catch (...) {
      link.set_exception(std::current_exception());
    }
  });
  return link.get_future().get();
}

void DeskCandidate::lose(const std::string& why) {
  {
    std::lock_guard lock(mutex_);
    if (mode_ == Mode::stopping) return;  // resigning on a signal
  }
  if (lost_.exchange(true)) return;  // another thread is already ending the process
  door_->stop();
  {
    // Nothing more is stored or acked from here on, and no new connection is taken.
    std::lock_guard lock(mutex_);
    if (store_) store_->refuse_writes("this node lost the desk: " + why);
    if (mode_ == Mode::desk) {
      net::post(state_->desk(), [this] { state_->centre().shut_down(CloseCause::desk_lost); });
    }
  }
  say("lost the desk: " + why);
  std::cerr << "kefu: lost the desk: " << why << "; exiting with " << kLostDesk
            << " for the supervisor to restart this node as a standby" << std::endl;
  std::this_thread::sleep_for(kLastWords);
  std::cout.flush();
  std::_Exit(kLostDesk);
}

void DeskCandidate::stop() {
  if (lost_) return;  // the node is already exiting with 75
  Mode previous = Mode::standby;
  {
    std::lock_guard lock(mutex_);
    if (mode_ == Mode::rising) {
      // The desk is being built: stop it once it stands.
      last_call_.expires_after(std::chrono::milliseconds(20));
      last_call_.async_wait([this](boost::system::error_code) { stop(); });
      return;
    }
    previous = mode_;
    mode_ = Mode::stopping;
  }
  door_->stop();
  if (previous != Mode::desk) {
    // The sockets it relays are closed (their clients reconnect to another node), given a
    // moment for the network threads to close them.
    if (relayed_->close_all() == 0) {
      io_.stop();
      return;
    }
    last_call_.expires_after(kLastWords);
    last_call_.async_wait([this](boost::system::error_code) { io_.stop(); });
    return;
  }
  give_up_ = Clock::now() + std::chrono::seconds(2);
  state_->shut_down();
  net::post(state_->desk(), [this] { wait_for_sockets(); });
}

void DeskCandidate::wait_for_sockets() {
  // Once every socket has finished its close handshake (or after two seconds), stop whatever
  // is still open, such as idle HTTP keep-alives.
  if (state_->centre().figures().connections == 0 || Clock::now() > give_up_) {
    io_.stop();
    return;
  }
  last_call_.expires_after(std::chrono::milliseconds(20));
  last_call_.async_wait(net::bind_executor(
      state_->desk(), [this](boost::system::error_code) { wait_for_sockets(); }));
}

}  // namespace kefu::net
