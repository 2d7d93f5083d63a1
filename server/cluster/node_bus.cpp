#include "server/cluster/node_bus.hpp"

#include <nats/nats.h>

#include <boost/asio/post.hpp>
#include <charconv>
#include <stdexcept>

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

void on_message(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
  auto* route = static_cast<Route*>(closure);
  const char* data = natsMsg_GetData(message);
  const int length = natsMsg_GetDataLength(message);
  std::int64_t seq = 0;
  const bool valid = data != nullptr && length > 0 &&
                     std::from_chars(data, data + length, seq).ptr == data + length && seq > 0;
  natsMsg_Destroy(message);
  if (!valid) return;  // not a wake-up of ours: the poller covers whatever it was
  std::lock_guard lock(route->inbox->mutex);
  if (!route->inbox->open) return;
  boost::asio::post(route->inbox->executor,
                    [handler = route->inbox->on_wake, wake = WakeUp{route->conversation, seq}] {
                      handler(wake);
                    });
}

void on_complete(void* closure) {
  delete static_cast<Route*>(closure);
}

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
  check(natsOptions_SetRetryOnFailedConnect(options, true, nullptr, nullptr), "retry");
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
