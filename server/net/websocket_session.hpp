#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <variant>

#include "server/domain/contact_centre.hpp"
#include "server/domain/participant.hpp"
#include "server/net/burst_inbox.hpp"
#include "server/net/coalescing_stream.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {

// One WebSocket connection of a customer or a staff member, after HttpSession has checked the
// Origin and the credential. Reads frames (size and UTF-8 are checked by Beast), decodes them,
// rate-limits them and posts the commands to the desk; sends what the desk delivers through a
// bounded queue with one write in flight, closing a client that does not read. Frames queued
// while a write is on the wire go out together in the next one (CoalescingStream). Keeps itself
// alive with shared_from_this(); deliver() and close() may be called from any thread.
class WebSocketSession final : public Participant,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  using Party = std::variant<CustomerParty, StaffParty>;

  WebSocketSession(boost::beast::tcp_stream&& stream, ServerState& state, Party party);

  // Completes the handshake for `upgrade` and starts reading.
  void run(boost::beast::http::request<boost::beast::http::string_body> upgrade);

  void deliver(std::shared_ptr<const std::string> frame) override;
  void close(CloseCause cause) override;
  // Ends the connection at once, without a close frame: the node relaying it stopped
  // heartbeating (NodeSockets), and a frozen or cut-off node would answer no close handshake.
  // The read under way ends, which reports the socket gone now (an agent's grace period starts)
  // rather than after the close handshake's timeout. Thread-safe.
  void drop();

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_frame();
  // Spends one of the person's commands (shared by all their sockets); false when none is left.
  bool take_token();
  void take_inbox();
  bool enqueue(std::shared_ptr<const std::string> frame);
  void send(std::shared_ptr<const std::string> frame);
  // Writes the outbox's first frame; `continuing`: the one before it has just been written.
  void do_write(bool continuing);
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void gone();

  boost::beast::websocket::stream<CoalescingStream<boost::beast::tcp_stream>> ws_;
  boost::beast::flat_buffer buffer_;
  ServerState& state_;
  Party party_;
  std::deque<std::shared_ptr<const std::string>> outbox_;
  // Frames delivered from other threads, taken into the outbox together (one handler on the
  // session's strand per burst, however many frames it has).
  BurstInbox<std::shared_ptr<const std::string>> inbox_;
  bool closing_ = false;
  bool reported_gone_ = false;
};

}  // namespace kefu::net
