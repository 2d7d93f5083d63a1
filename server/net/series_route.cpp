#include "server/net/series_route.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace asio = boost::asio;

namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

}  // namespace

bool handle_series_report(Request& req, ServerState& state, Reply& reply) {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/api/reports/series") return false;
  if (req.method() != http::verb::get) {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    return true;
  }
  auto staff = supervisor_only(req, state, reply);
  if (!staff) return true;
  std::optional<std::int64_t> from, to;
  std::string step;
  bool bad = false;
  if (auto url = boost::urls::parse_origin_form(req.target())) {
    for (const auto& param : url->params()) {
      if (param.key == "from") {
        from = parse_ms(param.value);
      } else if (param.key == "to") {
        to = parse_ms(param.value);
      } else if (param.key == "step") {
        step = param.value;
      } else {
        bad = true;
      }
    }
  }
  const std::int64_t longest = step == "hour" ? 7 * kDay : 400 * kDay;
  if (bad || !from || !to || *to <= *from || (step != "hour" && step != "day") ||
      *to - *from > longest) {
    reply(error_response(req, 400, "bad_request",
                         "give from and to (ms since the epoch, from < to) and step hour (at most "
                         "7 days) or day (at most 400 days)"));
    return true;
  }
  asio::post(state.back_office_strand(),
             [&state, req = std::move(req), reply, from = *from, to = *to, step] {
               try {
                 auto body = state.back_office().guarded(
                     [&](BackOffice& office) { return office.report_series(from, to, step); });
                 reply(json_response(req, 200, boost::json::serialize(body)));
               } catch (const std::exception& failure) {
                 std::cerr << "kefu: series report: " << failure.what() << "\n";
                 reply(error_response(req, 503, "unavailable", "the report failed; retry"));
               }
             });
  return true;
}

}  // namespace kefu::net
