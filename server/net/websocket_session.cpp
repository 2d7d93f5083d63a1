#include "server/net/websocket_session.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <iostream>

#include "server/domain/command_decoder.hpp"
#include "server/domain/outbound.hpp"
#include "server/net/care_message_delivery.hpp"
#include "server/net/conversation_note_flow.hpp"
#include "server/net/csat_survey.hpp"
#include "server/net/visitor_token_offer.hpp"

namespace kefu::net {
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {

constexpr std::size_t kMaxFrameBytes = 16 * 1024;

websocket::close_reason reason_for(CloseCause cause) {
  switch (cause) {
    case CloseCause::going_away:
      return {websocket::close_code::going_away, "server shutting down"};
    case CloseCause::session_ended:
      return {websocket::close_code::policy_error, "session ended"};
    case CloseCause::too_slow:
      return {websocket::close_code::policy_error, "too slow to read"};
    case CloseCause::desk_lost:
      return {websocket::close_code::service_restart, "desk moved to another node"};
  }
  return {websocket::close_code::normal};
}

// The client_id a command carries, for the error that refuses it.
std::optional<std::string> client_id_of(const Command& command) {
  std::optional<std::string> ref;
  std::visit(
      [&](const auto& c) {
        if constexpr (requires { c.client_id; }) ref = c.client_id;
      },
      command);
  return ref;
}

}  // namespace

WebSocketSession::WebSocketSession(beast::tcp_stream&& stream, ServerState& state, Party party)
    : ws_(std::move(stream)), state_(state), party_(std::move(party)) {}

void WebSocketSession::run(beast::http::request<beast::http::string_body> upgrade) {
  ws_.next_layer().keep_alive_with(weak_from_this());
  beast::get_lowest_layer(ws_).expires_never();
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  // Not Beast's suggested 300 s: a client gone without a FIN (its network lost, the node that
  // relays it frozen) must count as disconnected within seconds for a contact centre (its
  // grace period starts, its chats go to others). A ping after half the idle time in silence,
  // closed once all of it passes without a byte (ServeSettings::socket_idle_ms).
  const auto idle = std::chrono::milliseconds(state_.settings().socket_idle_ms);
  timeouts.idle_timeout = idle;
  timeouts.handshake_timeout =
      std::min<websocket::stream_base::duration>(timeouts.handshake_timeout, idle);
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(kMaxFrameBytes);
  // A customer's upgrade offered kCustomerSubprotocol with its token (HttpSession checked
  // both); the answer names that one (RFC 6455 §4.2.2), never the token.
  const bool customer = std::holds_alternative<CustomerParty>(party_);
  ws_.set_option(websocket::stream_base::decorator([customer](websocket::response_type& res) {
    res.set(beast::http::field::server, "kefu");
    if (customer) res.set(beast::http::field::sec_websocket_protocol, kCustomerSubprotocol);
  }));
  ws_.async_accept(upgrade,
                   beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) return;
  auto self = shared_from_this();
  net::post(state_.desk(), [self] {
    auto& centre = self->state_.centre();
    try {
      if (auto* customer = std::get_if<CustomerParty>(&self->party_)) {
        centre.connect_customer(self, *customer);
        offer_pending_survey(self->state_, self, customer->customer_id);
        offer_care_messages(self->state_, self, customer->customer_id);
      } else {
        centre.connect_staff(self, std::get<StaffParty>(self->party_));
      }
    } catch (const std::exception& failure) {
      // The welcome reads the store (PostgreSQL may be restarting): the client is told to
      // reconnect (1012), which resumes it by seq, rather than the io thread ending.
      std::cerr << "kefu: desk: a socket's welcome failed: " << failure.what() << std::endl;
      self->close(CloseCause::desk_lost);
    }
  });
  do_read();
}

void WebSocketSession::do_read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    // message_too_big (1009) and bad UTF-8 (1007) were already answered by Beast with the
    // close code; closed, aborted and reset sockets are ordinary ends.
    gone();
    return;
  }
  on_frame();
  buffer_.consume(buffer_.size());
  do_read();
}

void WebSocketSession::on_frame() {
  const bool staff = std::holds_alternative<StaffParty>(party_);
  if (!ws_.got_text()) {
    send(outbound::error("bad_json", std::nullopt, "frames must be text"));
    return;
  }
  auto decoded = decode_command(beast::buffers_to_string(buffer_.data()),
                                staff ? SenderRole::staff : SenderRole::customer);
  if (auto* problem = std::get_if<CommandError>(&decoded)) {
    send(outbound::error(problem->code, problem->ref, problem->message));
    return;
  }
  auto command = std::get<Command>(std::move(decoded));
  if (!take_token()) {
    send(outbound::error("rate_limited", client_id_of(command),
                         "too many messages; slow down and retry"));
    return;
  }
  auto self = shared_from_this();
  if (auto* rate = std::get_if<RateConversation>(&command)) {
    // A CSAT rating is stored by the back office, not the desk.
    take_survey(state_, self, std::get<CustomerParty>(party_), std::move(*rate));
    return;
  }
  if (auto* note = std::get_if<WriteNote>(&command)) {
    // A private note is stored by the back office and reaches staff only.
    take_note(state_, self, std::get<StaffParty>(party_), std::move(*note));
    return;
  }
  // The client_id an `unavailable` would name, copied here on the socket's strand rather than
  // on the desk's (one strand for every socket).
  auto ref = client_id_of(command);
  net::post(state_.desk(), [self, ref = std::move(ref), command = std::move(command)]() mutable {
    try {
      self->state_.centre().handle(self, std::move(command));
    } catch (const std::exception& failure) {
      // A read of the store failed (PostgreSQL restarting): the command is refused as a write
      // the store cannot take is, and the client retries it with the same client_id.
      std::cerr << "kefu: desk: a command failed: " << failure.what() << std::endl;
      self->deliver(
          outbound::error("unavailable", ref, "the store cannot be read right now; retry"));
    }
  });
}

bool WebSocketSession::take_token() {
  // One budget per person, whatever number of sockets they open (docs/security/limits.md).
  const std::int64_t now = state_.clock().now_ms();
  if (const auto* staff = std::get_if<StaffParty>(&party_)) {
    return state_.limits().staff_commands.take(std::to_string(staff->user.id), now) == 0;
  }
  const auto& customer = std::get<CustomerParty>(party_);
  return state_.limits().customer_commands.take(std::to_string(customer.customer_id), now) == 0;
}

void WebSocketSession::deliver(std::shared_ptr<const std::string> frame) {
  if (!inbox_.add(std::move(frame))) return;  // its take_inbox() is already on its way
  net::post(ws_.get_executor(), [self = shared_from_this()] { self->take_inbox(); });
}

void WebSocketSession::take_inbox() {
  const bool idle = outbox_.empty();
  bool open = true;
  inbox_.take(
      [&](std::shared_ptr<const std::string>& frame) { open = open && enqueue(std::move(frame)); });
  if (open && idle && !outbox_.empty()) do_write(false);
}

bool WebSocketSession::enqueue(std::shared_ptr<const std::string> frame) {
  if (closing_) return false;
  if (outbox_.size() >= state_.settings().send_queue_limit) {
    // A client that does not read must not hold memory or slow anyone else down.
    closing_ = true;
    beast::get_lowest_layer(ws_).close();
    return false;
  }
  outbox_.push_back(std::move(frame));
  return true;
}

void WebSocketSession::send(std::shared_ptr<const std::string> frame) {
  if (enqueue(std::move(frame)) && outbox_.size() == 1) do_write(false);
}

void WebSocketSession::do_write(bool continuing) {
  // The first frame of a burst leaves at once; the frames behind it gather while the first is
  // written and leave together when the last is (one system call, not one each).
  ws_.next_layer().expect_more(continuing && outbox_.size() > 1);
  ws_.text(true);
  ws_.async_write(net::buffer(*outbox_.front()),
                  beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(beast::error_code ec, std::size_t) {
  if (ec) {
    outbox_.clear();
    return;
  }
  outbox_.pop_front();
  if (!outbox_.empty() && !closing_) {
    do_write(true);
  } else {
    // Closing with frames still queued: the close frame takes what waits along with it.
    ws_.next_layer().expect_more(false);
  }
}

void WebSocketSession::close(CloseCause cause) {
  net::dispatch(ws_.get_executor(), [self = shared_from_this(), cause] {
    if (self->closing_) return;
    self->closing_ = true;
    self->ws_.next_layer().expect_more(false);
    self->ws_.async_close(reason_for(cause), [self](beast::error_code) {});
  });
}

void WebSocketSession::drop() {
  net::dispatch(ws_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    beast::get_lowest_layer(self->ws_).close();
  });
}

void WebSocketSession::gone() {
  if (reported_gone_) return;
  reported_gone_ = true;
  auto self = shared_from_this();
  net::post(state_.desk(), [self] { self->state_.centre().disconnect(self.get()); });
}

}  // namespace kefu::net
