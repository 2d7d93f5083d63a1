#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace kefu::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

// One HTTP/1.1 request to 127.0.0.1:port on a new connection. A write (any method but GET,
// HEAD, OPTIONS) carries the server's own Origin (http://127.0.0.1:port), as the console's
// would; `headers` may replace it, or remove it with {"Origin", ""}. Headers may be oversized.
HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {});

// Opens a TCP connection, sends `partial` (an unfinished request) and waits. Returns the
// milliseconds until the server closed the connection, or -1 if it was still open after
// `limit_ms`.
int ms_until_dropped(unsigned short port, const std::string& partial, int limit_ms);

// What came back on a raw TCP connection: every byte the server sent, and whether it closed
// the connection before the time was up.
struct RawExchange {
  std::string received;
  bool closed = false;
};
// Sends `bytes` as they are on a new connection, then reads until the server closes it,
// `limit_ms` passes, or (when `enough` is not empty) what was received contains `enough` (for
// requests Beast's client would not write, such as smuggled ones).
RawExchange raw_exchange(unsigned short port, const std::string& bytes, int limit_ms = 3000,
                         const std::string& enough = "");

// Logs in and returns the kefu_session cookie value ("" when refused).
std::string log_in(unsigned short port, const std::string& login, const std::string& password);

// The headers of a staff request made with the session `cookie` (log_in's value).
std::map<std::string, std::string> as(const std::string& cookie);
// A new visitor token from /api/widget/visitor.
std::string new_visitor(unsigned short port);

// Thrown when a WebSocket upgrade is refused; carries the HTTP status and the answer's body.
struct UpgradeRefused : std::runtime_error {
  explicit UpgradeRefused(int s, std::string b = "")
      : std::runtime_error("upgrade refused: " + std::to_string(s)),
        status(s),
        body(std::move(b)) {}
  int status;
  std::string body;
};

// The Sec-WebSocket-Protocol offer of a customer socket carrying `token` (docs/protocol.md,
// "Connecting"): the customer subprotocol and the token, never the token in the URL.
std::string customer_subprotocols(const std::string& token);

// A real WebSocket client (Beast) for tests, with a timeout on every wait.
class WsClient {
 public:
  // Connects and upgrades; throws UpgradeRefused when the server answers with a status.
  // `subprotocols` ("" for none) is sent as Sec-WebSocket-Protocol. `limit_ms` > 0: the
  // connection and the upgrade must be done within that time, else UpgradeRefused (status 0,
  // body "no upgrade in time"); 0 waits as long as the server takes (a process frozen with
  // SIGSTOP still accepts the TCP connection in the kernel and never answers).
  WsClient(unsigned short port, const std::string& target, const std::string& origin,
           const std::string& cookie = "", const std::string& subprotocols = "", int limit_ms = 0);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  static std::unique_ptr<WsClient> customer(unsigned short port, const std::string& origin,
                                            const std::string& token, int limit_ms = 0);
  static std::unique_ptr<WsClient> staff(unsigned short port, const std::string& origin,
                                         const std::string& cookie, int limit_ms = 0);

  // The Sec-WebSocket-Protocol of the server's 101 ("" when it named none).
  const std::string& subprotocol() const;

  void send(const std::string& text);
  void send_json(const boost::json::value& v);
  void send_binary_text_frame(const std::string& bytes);  // a text frame, bytes unchecked

  // The next frame, parsed; throws on timeout or close.
  boost::json::value next(int timeout_ms = 3000);
  // Skips frames until one of this type arrives.
  boost::json::value next_of_type(const std::string& type, int timeout_ms = 3000);
  // Nothing arrives within the time (returns the frame if something did).
  std::optional<boost::json::value> quiet_for(int ms);
  // Waits for the server to close; returns the close code (or -1 when the TCP connection
  // simply ended).
  int closed_with(int timeout_ms = 3000);
  // Drops the TCP connection without a close handshake (a killed client).
  void kill();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kefu::testing
