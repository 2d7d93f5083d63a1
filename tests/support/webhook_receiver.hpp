#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kefu::testing {

// One request a WebhookReceiver got.
struct ReceivedWebhook {
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::chrono::steady_clock::time_point at;
};

// How the receiver answers one request: a status, extra headers, and whether to hold the
// answer until release() (to be in the middle of a delivery when the server is killed).
struct ReceiverAnswer {
  int status = 200;
  std::map<std::string, std::string> headers;
  bool hold = false;
};

// A real HTTP receiver in the test process (Beast, synchronous, one thread per connection) on
// 127.0.0.1 with an ephemeral port. `answer` decides each answer from the request and how many
// came before it. Stops and joins its threads when destroyed.
class WebhookReceiver {
 public:
  using Policy = std::function<ReceiverAnswer(const ReceivedWebhook&, std::size_t index)>;
  explicit WebhookReceiver(Policy answer = {});
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  unsigned short port() const { return port_; }
  std::string url(const std::string& path = "/hooks") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void set_policy(Policy answer);
  // Answers every held request.
  void release();
  // Waits until at least `n` requests came (false after `timeout`).
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::vector<ReceivedWebhook> received();

 private:
  void accept_loop();
  void serve(int fd);

  int listen_fd_ = -1;
  unsigned short port_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  Policy policy_;                          // GUARDED_BY(mutex_)
  std::vector<ReceivedWebhook> received_;  // GUARDED_BY(mutex_)
  bool released_ = false;                  // GUARDED_BY(mutex_)
  bool stopping_ = false;                  // GUARDED_BY(mutex_)
  std::vector<std::thread> threads_;       // GUARDED_BY(mutex_)
  std::thread acceptor_;
};

// Standard Webhooks verification written apart from the server's code (OpenSSL): true when one
// of the space-separated "v1,…" signatures of `header` is base64(HMAC-SHA256(key, id.ts.body))
// with the key decoded from the whsec_ secret.
bool standard_webhooks_valid(const std::string& secret, const std::string& id,
                             const std::string& timestamp, const std::string& body,
                             const std::string& header);

}  // namespace kefu::testing
