#include "server/net/websocket_relay.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <optional>

#include "server/cluster/advertised_address.hpp"
#include "server/net/hop_by_hop.hpp"
#include "server/net/relayed_for.hpp"
#include "server/net/standby_answer.hpp"

namespace kefu::net {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {

constexpr std::chrono::seconds kConnectTimeout{3};
constexpr std::chrono::seconds kDeskHandshakeTimeout{5};
constexpr std::chrono::seconds kDeskIdleTimeout{20};
constexpr std::size_t kClientMessageMax = 16 * 1024;  // the desk's own (websocket_session.cpp)
constexpr std::size_t kDeskMessageMax = 16 * 1024 * 1024;

}  // namespace

WebSocketRelay::WebSocketRelay(beast::tcp_stream&& client, std::shared_ptr<const RelayPlan> plan,
                               std::string client_address, DeskLocation desk)
    : client_(std::move(client)),
      desk_(client_.get_executor()),
      resolver_(client_.get_executor()),
      plan_(std::move(plan)),
      client_address_(std::move(client_address)),
      desk_location_(std::move(desk)) {}

void WebSocketRelay::run(Request upgrade) {
  upgrade_ = std::move(upgrade);
  std::optional<cluster::AdvertisedAddress> where;
  if (!desk_location_.address.empty() && desk_location_.node != plan_->own_node) {
    try {
      where = cluster::parse_advertised_address(desk_location_.address);
    } catch (const std::invalid_argument&) {
    }
  }
  if (!where) {
    return answer(standby_answer(upgrade_, desk_location_.node == plan_->own_node
                                               ? "this node is becoming the desk"
                                               : "this node relays to the desk, which is not "
                                                 "known yet"));
  }
  host_ = std::string(upgrade_[http::field::host]);
  if (host_.empty()) host_ = where->origin.substr(std::string("http://").size());
  resolver_.async_resolve(
      where->host, where->port,
      beast::bind_front_handler(&WebSocketRelay::on_resolve, shared_from_this()));
}

void WebSocketRelay::answer(Response res) {
  res.keep_alive(false);
  auto owned = std::make_shared<Response>(std::move(res));
  in_flight_ = owned;
  auto& stream = client_.next_layer();
  stream.expires_after(plan_->request_timeout);
  http::async_write(stream, *owned, [self = shared_from_this()](beast::error_code, std::size_t) {
    self->in_flight_.reset();
    beast::error_code ignored;
    self->client_.next_layer().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  });
}

void WebSocketRelay::on_resolve(beast::error_code ec,
                                const net::ip::tcp::resolver::results_type& results) {
  if (ec) return unreachable();
  beast::get_lowest_layer(desk_).expires_after(kConnectTimeout);
  beast::get_lowest_layer(desk_).async_connect(
      results, beast::bind_front_handler(&WebSocketRelay::on_connect, shared_from_this()));
}

void WebSocketRelay::on_connect(beast::error_code ec, const net::ip::tcp::endpoint&) {
  if (ec) return unreachable();
  beast::get_lowest_layer(desk_).expires_never();
  // As the listener does for the client's side: a message leaves at once, not after the desk's
  // (delayed) acknowledgement of the one before (Nagle), which held a customer's burst of
  // messages back by up to the desk's next frame.
  beast::error_code ignored;
  beast::get_lowest_layer(desk_).socket().set_option(net::ip::tcp::no_delay(true), ignored);
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = kDeskHandshakeTimeout;
  timeouts.idle_timeout = kDeskIdleTimeout;
  timeouts.keep_alive_pings = true;
  desk_.set_option(timeouts);
  desk_.read_message_max(kDeskMessageMax);
  const auto signed_for = RelayedFor::sign(plan_->key, client_address_, plan_->own_node,
                                           std::chrono::system_clock::now());
  desk_.set_option(
      websocket::stream_base::decorator([this, signed_for](websocket::request_type& req) {
        // Every line of each, as the client sent them: the desk reads a subprotocol offer (the
        // customer's token) over all its lines, and refuses two tokens.
        for (const auto field : {http::field::origin, http::field::cookie,
                                 http::field::sec_websocket_protocol, http::field::user_agent}) {
          const auto [first, last] = upgrade_.equal_range(field);
          if (first == last) continue;
          req.erase(field);
          for (auto line = first; line != last; ++line) req.insert(field, line->value());
        }
        req.set(kRelayedForHeader, signed_for);
      }));
  desk_.async_handshake(
      desk_answer_, host_, upgrade_.target(),
      beast::bind_front_handler(&WebSocketRelay::on_handshake, shared_from_this()));
}

void WebSocketRelay::on_handshake(beast::error_code ec) {
  if (ec == websocket::error::upgrade_declined && desk_answer_.result_int() != 0) {
    // The desk refused (401, 403, 404...): the client hears the same.
    Response refused{desk_answer_.result(), upgrade_.version()};
    refused.base() = desk_answer_.base();
    refused.body() = desk_answer_.body();
    remove_hop_by_hop(refused.base());
    refused.version(upgrade_.version());
    refused.prepare_payload();
    beast::error_code ignored;
    beast::get_lowest_layer(desk_).socket().close(ignored);
    return answer(std::move(refused));
  }
  if (ec) {
    // Connected, but the desk's answer to the upgrade was not a WebSocket's, was cut short or
    // did not come within 5 s.
    beast::error_code ignored;
    beast::get_lowest_layer(desk_).socket().close(ignored);
    const std::string desk = "the desk, node " + desk_location_.node;
    if (ec == beast::error::timeout) {
      return answer(desk_timeout_answer(upgrade_, desk + ", did not answer the upgrade in 5 s"));
    }
    return answer(bad_gateway_answer(
        upgrade_, desk + ", did not answer the upgrade as a WebSocket (" + ec.message() + ")"));
  }
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.keep_alive_pings = true;
  client_.set_option(timeouts);
  client_.read_message_max(kClientMessageMax);
  const std::string chosen(desk_answer_[http::field::sec_websocket_protocol]);
  client_.set_option(websocket::stream_base::decorator([chosen](websocket::response_type& res) {
    res.set(http::field::server, "kefu");
    if (!chosen.empty()) res.set(http::field::sec_websocket_protocol, chosen);
  }));
  client_.next_layer().expires_never();
  client_.async_accept(upgrade_,
                       beast::bind_front_handler(&WebSocketRelay::on_accept, shared_from_this()));
}

void WebSocketRelay::on_accept(beast::error_code ec) {
  if (ec) {
    client_closing_ = true;
    return close_desk({websocket::close_code::going_away, "client gone"});
  }
  upgrade_ = {};
  plan_->sockets->add(shared_from_this());
  read_client();
  read_desk();
}

void WebSocketRelay::close(const websocket::close_reason& reason) {
  net::dispatch(client_.get_executor(), [self = shared_from_this(), reason] {
    self->close_client(reason);
    self->close_desk({websocket::close_code::going_away, "relay closed"});
  });
}

void WebSocketRelay::unreachable() {
  beast::error_code ignored;
  beast::get_lowest_layer(desk_).socket().close(ignored);
  answer(standby_answer(upgrade_, "this node relays to the desk, node " + desk_location_.node +
                                      ", which does not answer"));
}

void WebSocketRelay::read_client() {
  client_.async_read(from_client_, beast::bind_front_handler(&WebSocketRelay::on_client_message,
                                                             shared_from_this()));
}

void WebSocketRelay::on_client_message(beast::error_code ec, std::size_t) {
  if (ec == websocket::error::closed) {
    client_closing_ = true;  // the client's close handshake is done: pass its code on
    return close_desk(client_.reason());
  }
  if (ec) {
    client_closing_ = true;
    return close_desk({websocket::close_code::going_away, "client gone"});
  }
  if (desk_closing_) return;
  desk_.text(client_.got_text());
  desk_.async_write(from_client_.data(), beast::bind_front_handler(&WebSocketRelay::on_sent_to_desk,
                                                                   shared_from_this()));
}

void WebSocketRelay::on_sent_to_desk(beast::error_code ec, std::size_t) {
  from_client_.clear();
  if (ec) return;  // the desk's side failed: its read says how
  read_client();
}

void WebSocketRelay::read_desk() {
  desk_.async_read(from_desk_,
                   beast::bind_front_handler(&WebSocketRelay::on_desk_message, shared_from_this()));
}

void WebSocketRelay::on_desk_message(beast::error_code ec, std::size_t) {
  if (ec == websocket::error::closed) {
    desk_closing_ = true;
    return close_client(desk_.reason());
  }
  if (ec) {
    // Killed, reset, silent: the desk is going away. The client reconnects (to this node or
    // another, which relays to the next desk) and resumes by seq.
    desk_closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(desk_).socket().close(ignored);
    return close_client({websocket::close_code::service_restart, "the desk went away"});
  }
  if (client_closing_) return;
  client_.text(desk_.got_text());
  client_.async_write(
      from_desk_.data(),
      beast::bind_front_handler(&WebSocketRelay::on_sent_to_client, shared_from_this()));
}

void WebSocketRelay::on_sent_to_client(beast::error_code ec, std::size_t) {
  from_desk_.clear();
  if (ec) return;  // the client's side failed: its read says how
  read_desk();
}

void WebSocketRelay::close_client(const websocket::close_reason& reason) {
  if (client_closing_) return;
  client_closing_ = true;
  client_.async_close(reason, [self = shared_from_this()](beast::error_code) {});
}

void WebSocketRelay::close_desk(const websocket::close_reason& reason) {
  if (desk_closing_) return;
  desk_closing_ = true;
  desk_.async_close(reason, [self = shared_from_this()](beast::error_code) {});
}

}  // namespace kefu::net
