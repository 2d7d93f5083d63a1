#include "server/cluster/node_bus.hpp"

#include <nats/nats.h>

#include <boost/asio/post.hpp>
#include <charconv>
#include <stdexcept>
#include <utility>

namespace kefu::cluster {

struct NodeBus::Inbox {
  std::mutex mutex;
  bool open = true;  // guarded by mutex
  boost::asio::any_io_executor executor;
  Handler on_wake;
};

namespace {

// One subscription's closure: freed by the client once the subscription is closed and its
// handler has returned for the last time (natsSubscription_SetOnCompleteCB).
struct Route {
  std::shared_ptr<NodeBus::Inbox> inbox;
  std::int64_t conversation = 0;
};
struct DeskRoute {
  std::shared_ptr<NodeBus::Inbox> inbox;
  NodeBus::DeskHandler on_desk;
};

// The message's payload as a positive decimal number (a seq, an epoch), else 0; destroys it.
std::int64_t positive_payload(natsMsg* message) {
  const char* data = natsMsg_GetData(message);
  const int length = natsMsg_GetDataLength(message);
  std::int64_t value = 0;
  const bool valid = data != nullptr && length > 0 &&
                     std::from_chars(data, data + length, value).ptr == data + length && value > 0;
  natsMsg_Destroy(message);
  return valid ? value : 0;
}

// Posts `work` to the inbox's executor while the bus is open.
template <typename Work>
void deliver(NodeBus::Inbox& inbox, Work&& work) {
  std::lock_guard lock(inbox.mutex);
  if (inbox.open) boost::asio::post(inbox.executor, std::forward<Work>(work));
}

void on_message(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
  auto* route = static_cast<Route*>(closure);
  const std::int64_t seq = positive_payload(message);
  if (seq == 0) return;  // not a wake-up of ours: the poller covers whatever it was
  deliver(*route->inbox, [handler = route->inbox->on_wake,
                          wake = WakeUp{route->conversation, seq}] { handler(wake); });
}

void on_desk_message(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
  auto* route = static_cast<DeskRoute*>(closure);
  const std::int64_t epoch = positive_payload(message);
  if (epoch == 0) return;  // not an announcement of ours: the lease is read anyway
  deliver(*route->inbox, [handler = route->on_desk, epoch] { handler(epoch); });
}

void on_complete(void* closure) {
  delete static_cast<Route*>(closure);
}

void on_desk_complete(void* closure) {
  delete static_cast<DeskRoute*>(closure);
}

// Called by the client once a connection retried in the background is made: nothing to do, but
// without it natsConnection_Connect would block until NATS answers.
void on_connected(natsConnection*, void*) {}

void check(natsStatus status, const char* what) {
  if (status != NATS_OK) {
    throw std::runtime_error(std::string("nats: ") + what + ": " + natsStatus_GetText(status));
  }
}

}  // namespace

std::string NodeBus::subject_of(std::int64_t conversation) {
  return "kefu.conversation." + std::to_string(conversation);
}

NodeBus::NodeBus(const std::string& url, boost::asio::any_io_executor executor, Handler on_wake)
    : inbox_(std::make_shared<Inbox>()) {
  inbox_->executor = std::move(executor);
  inbox_->on_wake = std::move(on_wake);
  natsOptions* options = nullptr;
  check(natsOptions_Create(&options), "options");
  std::unique_ptr<natsOptions, void (*)(natsOptions*)> owned(options, &natsOptions_Destroy);
  check(natsOptions_SetURL(options, url.c_str()), "url");
  // Keep trying for as long as the node lives, twice a second, from the first connection on.
  check(natsOptions_SetMaxReconnect(options, -1), "reconnect");
  check(natsOptions_SetReconnectWait(options, 500), "reconnect wait");
  check(natsOptions_SetRetryOnFailedConnect(options, true, &on_connected, nullptr), "retry");
  check(natsOptions_SetTimeout(options, 1000), "timeout");
  // A dead server is noticed within a few seconds even without a closed socket.
  check(natsOptions_SetPingInterval(options, 2000), "ping interval");
  check(natsOptions_SetMaxPingsOut(options, 2), "pings out");
  // One shared pool delivers every subscription's messages, not a thread per conversation.
  check(natsOptions_UseGlobalMessageDelivery(options, true), "global delivery");
  // This node's own wake-ups are of no use to it.
  check(natsOptions_SetNoEcho(options, true), "no echo");
  const natsStatus status = natsConnection_Connect(&connection_, options);
  if (status != NATS_OK && status != NATS_NOT_YET_CONNECTED) check(status, "connect");
}

NodeBus::~NodeBus() {
  {
    std::lock_guard lock(inbox_->mutex);
    inbox_->open = false;
  }
  {
    std::lock_guard lock(mutex_);
    for (auto& [conversation, subscription] : watched_) natsSubscription_Destroy(subscription);
    watched_.clear();
    if (desk_watch_ != nullptr) natsSubscription_Destroy(desk_watch_);
    desk_watch_ = nullptr;
  }
  natsConnection_Close(connection_);
  natsConnection_Destroy(connection_);
}

bool NodeBus::publish_stored(std::int64_t conversation, std::int64_t seq) {
  const auto subject = subject_of(conversation);
  const auto payload = std::to_string(seq);
  return natsConnection_Publish(connection_, subject.c_str(), payload.data(),
                                static_cast<int>(payload.size())) == NATS_OK;
}

bool NodeBus::announce_desk(std::int64_t epoch) {
  const auto payload = std::to_string(epoch);
  return natsConnection_Publish(connection_, kDeskSubject, payload.data(),
                                static_cast<int>(payload.size())) == NATS_OK;
}

void NodeBus::watch_desk(DeskHandler on_desk) {
  std::lock_guard lock(mutex_);
  if (desk_watch_ != nullptr) throw std::logic_error("NodeBus::watch_desk called twice");
  auto* route = new DeskRoute{inbox_, std::move(on_desk)};
  natsSubscription* subscription = nullptr;
  natsStatus status =
      natsConnection_Subscribe(&subscription, connection_, kDeskSubject, &on_desk_message, route);
  if (status == NATS_OK)
    status = natsSubscription_SetOnCompleteCB(subscription, &on_desk_complete, route);
  if (status != NATS_OK) {
    if (subscription != nullptr) natsSubscription_Destroy(subscription);
    delete route;
    check(status, "subscribe");
  }
  desk_watch_ = subscription;
}

void NodeBus::watch(std::int64_t conversation) {
  std::lock_guard lock(mutex_);
  if (watched_.count(conversation) != 0) return;
  auto* route = new Route{inbox_, conversation};
  natsSubscription* subscription = nullptr;
  const auto subject = subject_of(conversation);
  natsStatus status =
      natsConnection_Subscribe(&subscription, connection_, subject.c_str(), &on_message, route);
  if (status == NATS_OK)
    status = natsSubscription_SetOnCompleteCB(subscription, &on_complete, route);
  if (status != NATS_OK) {
    if (subscription != nullptr) natsSubscription_Destroy(subscription);
    delete route;
    check(status, "subscribe");
  }
  watched_.emplace(conversation, subscription);
}

void NodeBus::unwatch(std::int64_t conversation) {
  std::lock_guard lock(mutex_);
  auto found = watched_.find(conversation);
  if (found == watched_.end()) return;
  natsSubscription_Unsubscribe(found->second);
  natsSubscription_Destroy(found->second);
  watched_.erase(found);
}

bool NodeBus::connected() const {
  return natsConnection_Status(connection_) == NATS_CONN_STATUS_CONNECTED;
}

bool NodeBus::flush(int timeout_ms) {
  return connected() && natsConnection_FlushTimeout(connection_, timeout_ms) == NATS_OK;
}

}  // namespace kefu::cluster
