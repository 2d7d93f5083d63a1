#pragma once

#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message.hpp>
#include <optional>
#include <string>

#include "server/net/http_types.hpp"

namespace kefu::net {

using FileResponse = boost::beast::http::response<boost::beast::http::file_body>;

// Serves the built front end from `root` for GET and HEAD: "/" and the pages "/login",
// "/console", "/supervisor", "/demo" map to their .html files; anything else is a file under
// root. Paths with "..", NUL or a backslash are refused. Returns nullopt when there is no
// such regular file (a directory included; the caller answers 404). Pages carry a
// Content-Security-Policy that loads from Kefu only and forbids framing; /widget.js may be
// loaded by other sites (Cross-Origin-Resource-Policy: cross-origin).
std::optional<FileResponse> static_file(const Request& req, const std::string& root);

}  // namespace kefu::net
