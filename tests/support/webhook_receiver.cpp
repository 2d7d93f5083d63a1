#include "tests/support/webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

namespace kefu::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

WebhookReceiver::WebhookReceiver(Policy answer) : policy_(std::move(answer)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (listen_fd_ < 0 ||
      ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("the receiver cannot listen");
  }
  socklen_t size = sizeof address;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

WebhookReceiver::~WebhookReceiver() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    released_ = true;
  }
  changed_.notify_all();
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
}

void WebhookReceiver::set_policy(Policy answer) {
  std::lock_guard lock(mutex_);
  policy_ = std::move(answer);
}

void WebhookReceiver::release() {
  {
    std::lock_guard lock(mutex_);
    released_ = true;
  }
  changed_.notify_all();
}

bool WebhookReceiver::wait_for(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return received_.size() >= n; });
}

std::vector<ReceivedWebhook> WebhookReceiver::received() {
  std::lock_guard lock(mutex_);
  return received_;
}

void WebhookReceiver::accept_loop() {
  for (;;) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    threads_.emplace_back([this, fd] { serve(fd); });
  }
}

void WebhookReceiver::serve(int fd) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io, asio::ip::tcp::v4(), fd);
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  beast::error_code ec;
  http::read(socket, buffer, req, ec);
  if (ec) return;
  ReceivedWebhook got;
  got.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    got.headers[name] = std::string(field.value());
  }
  got.body = req.body();
  got.at = std::chrono::steady_clock::now();
  ReceiverAnswer answer;
  {
    std::unique_lock lock(mutex_);
    const std::size_t index = received_.size();
    received_.push_back(got);
    if (policy_) answer = policy_(got, index);
    changed_.notify_all();
    if (answer.hold) changed_.wait(lock, [&] { return released_; });
  }
  http::response<http::string_body> res{static_cast<http::status>(answer.status), 11};
  for (const auto& [name, value] : answer.headers) res.set(name, value);
  if (answer.status != 204 && answer.status != 304) {
    res.body() = "{\"ok\":" + std::string(answer.status < 300 ? "true" : "false") + "}";
  }
  res.prepare_payload();
  res.keep_alive(false);
  http::write(socket, res, ec);
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
}

bool standard_webhooks_valid(const std::string& secret, const std::string& id,
                             const std::string& timestamp, const std::string& body,
                             const std::string& header) {
  if (secret.rfind("whsec_", 0) != 0) return false;
  const std::string encoded = secret.substr(6);
  std::string key(encoded.size(), '\0');
  const int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                                      reinterpret_cast<const unsigned char*>(encoded.data()),
                                      static_cast<int>(encoded.size()));
  if (decoded < 0) return false;
  std::size_t padding = 0;
  for (auto it = encoded.rbegin(); it != encoded.rend() && *it == '='; ++it) ++padding;
  key.resize(static_cast<std::size_t>(decoded) - padding);
  const std::string content = id + "." + timestamp + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &size);
  std::string expected(4 * ((size + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(expected.data()), mac,
                                     static_cast<int>(size));
  expected.resize(static_cast<std::size_t>(length));
  std::size_t start = 0;
  while (start <= header.size()) {
    const auto space = header.find(' ', start);
    const std::string one =
        header.substr(start, space == std::string::npos ? std::string::npos : space - start);
    if (one == "v1," + expected) return true;
    if (space == std::string::npos) break;
    start = space + 1;
  }
  return false;
}

}  // namespace kefu::testing
