#pragma once

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <optional>
#include <string_view>

namespace kefu::net {

// Why a request's header leaves the length of its body ambiguous, or nullopt when it does not.
// RFC 9112 §6.1 and §6.3: a request whose Transfer-Encoding is anything but exactly `chunked`
// (an unknown coding, a coding after chunked, a coding Kefu does not decode, an empty value,
// several header lines), or that carries both Transfer-Encoding and Content-Length, or
// Transfer-Encoding in HTTP/1.0, would be framed differently by a proxy in front of Kefu: the
// bytes after it could be read as a second, smuggled request. Such a request gets 400 and the
// connection is closed. Checked on the header alone, before any of the body is read.
std::optional<std::string_view> framing_fault(
    const boost::beast::http::request_header<boost::beast::http::fields>& header);

}  // namespace kefu::net
