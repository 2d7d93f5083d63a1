#include "server/net/visitor_token_offer.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/url/parse.hpp>

namespace kefu::net {
namespace http = boost::beast::http;

namespace {

VisitorTokenOffer refused(unsigned status, std::string code, std::string message) {
  return VisitorTokenOffer{std::nullopt, status, std::move(code), std::move(message)};
}

bool has_query_token(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  return url && url->params().contains("token");
}

}  // namespace

VisitorTokenOffer VisitorTokenOffer::of(const Request& upgrade) {
  if (has_query_token(upgrade.target())) {
    return refused(400, "token_in_url",
                   "send the visitor token in Sec-WebSocket-Protocol, never in the URL");
  }
  bool speaks_customer = false;
  std::optional<std::string> token;
  const auto [first, last] = upgrade.equal_range(http::field::sec_websocket_protocol);
  for (auto field = first; field != last; ++field) {
    const http::opt_token_list offered(field->value());
    if (!http::validate_list(offered)) {
      return refused(400, "bad_subprotocol", "Sec-WebSocket-Protocol is not a list of tokens");
    }
    for (const auto value : offered) {
      if (value == kCustomerSubprotocol) {
        speaks_customer = true;
      } else if (value.starts_with(kVisitorTokenPrefix)) {
        if (token) return refused(400, "bad_subprotocol", "offer one visitor token");
        token = std::string(value.substr(kVisitorTokenPrefix.size()));
      }
    }
  }
  if (!token || token->empty()) {
    return refused(401, "unauthorized", "offer the visitor token as a subprotocol");
  }
  if (!speaks_customer) {
    return refused(400, "bad_subprotocol",
                   "offer the subprotocol " + std::string(kCustomerSubprotocol));
  }
  return VisitorTokenOffer{std::move(token), 0, {}, {}};
}

}  // namespace kefu::net
