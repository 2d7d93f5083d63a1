#include "server/net/websocket_relay.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <optional>

#include "server/cluster/advertised_address.hpp"
#include "server/net/hop_by_hop.hpp"
#include "server/net/relayed_for.hpp"
#include "server/net/standby_answer.hpp"
#include "server/net/websocket_tunnel.hpp"

namespace kefu::net {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

constexpr std::chrono::seconds kConnectTimeout{3};
constexpr std::chrono::seconds kAnswerTimeout{5};
constexpr std::uint32_t kAnswerHeaderLimit = 16 * 1024;
constexpr std::uint64_t kAnswerBodyLimit = 64 * 1024;  // a refusal's body

// True when `res` (a 101) switches to the WebSocket protocol (RFC 6455 §4.2.2).
bool switches_to_websocket(const Response& res) {
  return http::token_list{res[http::field::upgrade]}.exists("websocket") &&
         http::token_list{res[http::field::connection]}.exists("upgrade");
}

}  // namespace

WebSocketRelay::WebSocketRelay(beast::tcp_stream&& client, std::shared_ptr<const RelayPlan> plan,
                               std::string client_address)
    : client_(std::move(client)),
      desk_(client_.get_executor()),
      resolver_(client_.get_executor()),
      plan_(std::move(plan)),
      client_address_(std::move(client_address)) {}

void WebSocketRelay::run(Request upgrade) {
  upgrade_ = std::move(upgrade);
  // Held by the relayed sockets before the lease is read: a desk move from here on reaches this
  // upgrade (with the desk on this strand by the time desk_moved() runs there).
  round_ = plan_->sockets->add_waiting(shared_from_this());
  desk_location_ = plan_->desk();
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
  std::string host(upgrade_[http::field::host]);
  if (host.empty()) host = where->origin.substr(std::string("http://").size());
  outbound_ = {http::verb::get, upgrade_.target(), 11};
  outbound_.set(http::field::host, host);
  // Every line of each, as the client sent them: the desk reads a subprotocol offer (the
  // customer's token) over all its lines, and refuses two tokens.
  for (const auto field :
       {http::field::origin, http::field::cookie, http::field::user_agent,
        http::field::sec_websocket_key, http::field::sec_websocket_version,
        http::field::sec_websocket_protocol, http::field::sec_websocket_extensions}) {
    const auto [first, last] = upgrade_.equal_range(field);
    for (auto line = first; line != last; ++line) outbound_.insert(field, line->value());
  }
  outbound_.set(http::field::upgrade, "websocket");
  outbound_.set(http::field::connection, "Upgrade");
  with_desk_ = true;
  resolver_.async_resolve(
      where->host, where->port,
      beast::bind_front_handler(&WebSocketRelay::on_resolve, shared_from_this()));
}

void WebSocketRelay::desk_moved() {
  net::dispatch(client_.get_executor(), [self = shared_from_this()] {
    if (!self->with_desk_) return;
    self->desk_moved_ = true;
    self->resolver_.cancel();
    // Closed, not destroyed: a completion already queued finds it closed and fails.
    beast::error_code ignored;
    self->desk_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    self->desk_.close();
  });
}

std::string WebSocketRelay::moved() const {
  return "the desk, node " + desk_location_.node + ", was replaced while this upgrade waited on it";
}

void WebSocketRelay::answer(Response res) {
  with_desk_ = false;
  res.keep_alive(false);
  auto owned = std::make_shared<Response>(std::move(res));
  in_flight_ = owned;
  client_.expires_after(plan_->request_timeout);
  http::async_write(client_, *owned, [self = shared_from_this()](beast::error_code, std::size_t) {
    self->in_flight_.reset();
    beast::error_code ignored;
    self->client_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  });
}

void WebSocketRelay::on_resolve(beast::error_code ec,
                                const net::ip::tcp::resolver::results_type& results) {
  if (ec || desk_moved_) return unreachable();
  desk_.expires_after(kConnectTimeout);
  desk_.async_connect(results,
                      beast::bind_front_handler(&WebSocketRelay::on_connect, shared_from_this()));
}

void WebSocketRelay::on_connect(beast::error_code ec, const net::ip::tcp::endpoint&) {
  if (ec || desk_moved_) return unreachable();
  // As the listener does for the client's side: a message leaves at once, not after the desk's
  // (delayed) acknowledgement of the one before (Nagle), which held a customer's burst of
  // messages back by up to the desk's next frame.
  beast::error_code ignored;
  desk_.socket().set_option(net::ip::tcp::no_delay(true), ignored);
  const auto signed_for = RelayedFor::sign(plan_->key, client_address_, plan_->own_node,
                                           std::chrono::system_clock::now());
  outbound_.set(kRelayedForHeader, signed_for);
  desk_.expires_after(kAnswerTimeout);
  http::async_write(desk_, outbound_,
                    beast::bind_front_handler(&WebSocketRelay::on_sent, shared_from_this()));
}

void WebSocketRelay::on_sent(beast::error_code ec, std::size_t) {
  if (ec) return on_answer(ec, 0);
  desk_answer_.emplace();
  desk_answer_->header_limit(kAnswerHeaderLimit);
  desk_answer_->body_limit(kAnswerBodyLimit);
  http::async_read(desk_, from_desk_, *desk_answer_,
                   beast::bind_front_handler(&WebSocketRelay::on_answer, shared_from_this()));
}

void WebSocketRelay::on_answer(beast::error_code ec, std::size_t) {
  const std::string desk = "the desk, node " + desk_location_.node;
  if (desk_moved_) {
    // Whatever the old desk answered, or not: nothing of it goes to the client; it retries.
    desk_.close();
    return answer(standby_answer(upgrade_, moved()));
  }
  if (ec) {
    // Connected, but the desk's answer to the upgrade was not HTTP, was cut short or did not
    // come within 5 s.
    desk_.close();
    if (ec == beast::error::timeout) {
      return answer(desk_timeout_answer(upgrade_, desk + ", did not answer the upgrade in 5 s"));
    }
    return answer(bad_gateway_answer(
        upgrade_, desk + ", did not answer the upgrade as HTTP (" + ec.message() + ")"));
  }
  Response res = desk_answer_->release();
  desk_answer_.reset();
  if (res.result() != http::status::switching_protocols) {
    // The desk refused (401, 403, 404...): the client hears the same.
    desk_.close();
    remove_hop_by_hop(res.base());
    res.version(upgrade_.version());
    res.prepare_payload();
    return answer(std::move(res));
  }
  if (!switches_to_websocket(res)) {
    desk_.close();
    return answer(
        bad_gateway_answer(upgrade_, desk + ", switched the upgrade to another protocol"));
  }
  desk_.expires_never();
  // The desk's 101 as it is: its Sec-WebSocket-Accept answers the client's own key.
  auto owned = std::make_shared<Response>(std::move(res));
  in_flight_ = owned;
  client_.expires_after(plan_->request_timeout);
  http::async_write(client_, *owned,
                    beast::bind_front_handler(&WebSocketRelay::on_switched, shared_from_this()));
}

void WebSocketRelay::on_switched(beast::error_code ec, std::size_t) {
  in_flight_.reset();
  upgrade_ = {};
  with_desk_ = false;
  // The client went away, or the desk was replaced while its 101 went out: no tunnel. The
  // client's connection ends (1006) as a tunnel's to a replaced desk does; the desk sees its
  // socket end.
  if (ec || desk_moved_) {
    desk_.close();
    beast::error_code ignored;
    client_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    client_.close();
    return;
  }
  // What the desk sent behind its 101 (its first frames) goes to the client first.
  const auto behind = from_desk_.cdata();
  std::string first(static_cast<const char*>(behind.data()), behind.size());
  from_desk_.clear();
  auto tunnel = std::make_shared<WebSocketTunnel>(client_.release_socket(), desk_.release_socket());
  plan_->sockets->add(tunnel);
  // Checked once the tunnel is held: a desk move after this is closed with the tunnels, one
  // before it (close_all began a new round, its desk_moved() still on its way here) now.
  if (plan_->sockets->round() != round_) return tunnel->close();
  tunnel->run(std::move(first));
}

void WebSocketRelay::unreachable() {
  desk_.close();
  if (desk_moved_) return answer(standby_answer(upgrade_, moved()));
  answer(standby_answer(upgrade_, "this node relays to the desk, node " + desk_location_.node +
                                      ", which does not answer"));
}

}  // namespace kefu::net
