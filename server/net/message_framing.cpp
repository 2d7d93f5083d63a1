#include "server/net/message_framing.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>

namespace kefu::net {
namespace http = boost::beast::http;

std::optional<std::string_view> framing_fault(const http::request_header<http::fields>& header) {
  const auto codings = header.equal_range(http::field::transfer_encoding);
  if (codings.first == codings.second) return std::nullopt;
  if (header.count(http::field::content_length) != 0) {
    return "both Transfer-Encoding and Content-Length";
  }
  if (header.version() < 11) return "Transfer-Encoding in an HTTP/1.0 request";
  int count = 0;
  bool chunked = false;
  for (auto line = codings.first; line != codings.second; ++line) {
    const http::opt_token_list list(line->value());
    if (!http::validate_list(list)) return "a Transfer-Encoding that is not a list of codings";
    for (const auto coding : list) {
      ++count;
      chunked = boost::beast::iequals(coding, "chunked");
    }
  }
  // Only `chunked` is decoded; gzip, deflate, identity or anything else would leave the body
  // unread and its bytes taken for the next request.
  if (count != 1 || !chunked) return "the only transfer coding accepted is chunked";
  return std::nullopt;
}

}  // namespace kefu::net
