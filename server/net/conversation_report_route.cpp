#include "server/net/conversation_report_route.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

#include "server/back_office/conversation_report.hpp"
#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace asio = boost::asio;

namespace {

constexpr std::int64_t kLongestRange = 400LL * 24 * 3600 * 1000;

}  // namespace

bool handle_conversation_report(Request& req, ServerState& state, Reply& reply) {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/api/reports/conversations.csv") return false;
  if (req.method() != http::verb::get) {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    return true;
  }
  auto staff = supervisor_only(req, state, reply);
  if (!staff) return true;
  std::optional<std::int64_t> from, to;
  if (auto url = boost::urls::parse_origin_form(req.target())) {
    for (const auto& param : url->params()) {
      if (param.key == "from") from = parse_ms(param.value);
      if (param.key == "to") to = parse_ms(param.value);
    }
  }
  if (!from || !to || *to <= *from || *to - *from > kLongestRange) {
    reply(error_response(req, 400, "bad_request",
                         "give from and to (ms since the epoch, from < to, at most 400 days)"));
    return true;
  }
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply, from = *from,
                                          to = *to] {
    try {
      std::string csv = state.back_office().guarded(
          [&](BackOffice& office) { return ConversationReport(office.sql()).csv(from, to); });
      Response res = json_response(req, 200, std::move(csv));
      res.set(http::field::content_type, "text/csv; charset=utf-8");
      res.set(http::field::content_disposition, "attachment; filename=\"kefu-conversations.csv\"");
      res.prepare_payload();
      reply(std::move(res));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: conversation report: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the report failed; retry"));
    }
  });
  return true;
}

}  // namespace kefu::net
