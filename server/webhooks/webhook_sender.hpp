#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/webhooks/target_address.hpp"

namespace kefu::webhooks {

// What came back from one POST: the status (none when no answer came, with `error` saying
// why), the first characters of the body and a Retry-After in delta-seconds, if sent.
struct WebhookResponse {
  std::optional<int> status;
  std::string error;  // "forbidden_address", "timeout", "connect_failed", ... or ""
  std::string body;
  std::optional<std::int64_t> retry_after_ms;
  std::int64_t duration_ms = 0;
};

// One outgoing request: the target, the Standard Webhooks headers and the body.
struct WebhookPost {
  WebhookTarget target;
  std::string webhook_id;
  std::int64_t timestamp_s = 0;
  std::string signature;
  std::string body;
};

// POSTs webhooks with Beast over Asio (TLS through OpenSSL, certificates verified against the
// system's store, host name checked). The name is resolved, every address it resolves to is
// judged by the AddressPolicy (any forbidden one refuses the delivery), and the connection goes
// to those very addresses (no second lookup). Redirects are not followed: a 3xx is a failure.
// The whole exchange has `timeout`. Thread-safe; `done` runs on `executor`.
class WebhookSender {
 public:
  WebhookSender(boost::asio::any_io_executor executor, AddressPolicy policy,
                std::chrono::milliseconds timeout);

  void send(WebhookPost post, std::function<void(WebhookResponse)> done);

 private:
  boost::asio::any_io_executor executor_;
  AddressPolicy policy_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
};

}  // namespace kefu::webhooks
