#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>

namespace kefu::net {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// Hands a finished response back to the HTTP session; may be called from any thread, once.
using Reply = std::function<void(Response)>;

// A JSON response with the request's HTTP version and keep-alive.
Response json_response(const Request& req, unsigned status, std::string body);
// Headers every response of Kefu carries (HttpSession::write adds them): `nosniff`,
// `Referrer-Policy: same-origin` (not no-referrer: under it a browser sends `Origin: null` on
// its own pages' POSTs), `X-Frame-Options: DENY` unless the response set its own, and, unless the
// response set its own, a Content-Security-Policy that loads nothing and may not be framed
// (`default-src 'none'; frame-ancestors 'none'`).
void add_common_headers(boost::beast::http::fields& fields);
// {"error":code,"message":message}
Response error_response(const Request& req, unsigned status, std::string_view code,
                        std::string_view message);

}  // namespace kefu::net
