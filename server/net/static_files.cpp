#include "server/net/static_files.hpp"

#include <sys/stat.h>

#include <array>
#include <boost/beast/http.hpp>
#include <utility>

namespace kefu::net {
namespace http = boost::beast::http;
namespace beast = boost::beast;

namespace {

std::string_view mime_type(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  }};
  const auto dot = path.rfind('.');
  if (dot != std::string_view::npos) {
    for (const auto& [ext, type] : kTypes) {
      if (path.substr(dot) == ext) return type;
    }
  }
  return "application/octet-stream";
}

// Every page: the staff pages (console, supervisor, wallboard, kb, admin, setup, invitation, login,
// index) and the demo shop page, which stands for a shop's page and needs no more than a shop must
// allow for the widget (its script and its socket, both from Kefu). Scripts from Kefu only, never
// in a frame.
constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// The widget's preview (widget-preview.html): the widget alone on an empty page, which the admin
// console's Integration tab shows in a frame. The same policy, framed by Kefu's own pages only.
constexpr const char* kPreviewPolicy =
    "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'";

}  // namespace

std::optional<FileResponse> static_file(const Request& req, const std::string& root) {
  if (root.empty()) return std::nullopt;
  std::string path(req.target().substr(0, req.target().find('?')));
  if (path.empty() || path.front() != '/' || path.find("..") != std::string::npos ||
      path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
    return std::nullopt;
  }
  if (path == "/") path = "/index.html";
  for (const char* page : {"/login", "/console", "/supervisor", "/wallboard", "/demo", "/kb",
                           "/admin", "/setup", "/invitation", "/widget-preview"}) {
    if (path == page) path += ".html";
  }
  beast::error_code ec;
  http::file_body::value_type body;
  body.open((root + path).c_str(), beast::file_mode::scan, ec);
  if (ec) return std::nullopt;
  // A directory (/assets, /assets/) opens too, then fails to read once the answer has begun.
  struct stat opened {};
  if (::fstat(body.file().native_handle(), &opened) != 0 || !S_ISREG(opened.st_mode)) {
    return std::nullopt;
  }
  const auto size = body.size();
  FileResponse res{std::piecewise_construct, std::make_tuple(std::move(body)),
                   std::make_tuple(http::status::ok, req.version())};
  res.set(http::field::server, "kefu");
  res.set(http::field::content_type, mime_type(path));
  res.set("X-Content-Type-Options", "nosniff");
  res.set(http::field::cache_control,
          path.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  if (path == "/widget-preview.html") {
    res.set("Content-Security-Policy", kPreviewPolicy);
    res.set(http::field::x_frame_options, "SAMEORIGIN");
  } else if (path.ends_with(".html")) {
    res.set("Content-Security-Policy", kPagePolicy);
  } else if (path == "/widget.js") {
    // The one file other sites load: shops' pages embed it with a <script> tag. Its own
    // Content-Security-Policy is the default of every other answer (add_common_headers).
    res.set("Cross-Origin-Resource-Policy", "cross-origin");
  }
  res.content_length(size);
  res.keep_alive(req.keep_alive());
  return res;
}

}  // namespace kefu::net
