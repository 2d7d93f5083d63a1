#include "server/net/figure_route.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

#include "server/back_office/sqlite_conversation_labels.hpp"
#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::int64_t kLongestRange = 400LL * 24 * 3600 * 1000;

bool known_figure(std::string_view name) {
  for (std::string_view f : metrics::drill_down_figures()) {
    if (f == name) return true;
  }
  return false;
}

// The drill-down list as JSON with each conversation's customer and agent named.
json::object labelled(const metrics::FigureList& list, ConversationLabels& labels) {
  std::vector<std::int64_t> conversations, agents;
  for (const auto& e : list.entries) {
    conversations.push_back(e.conversation_id);
    if (e.agent_id != 0) agents.push_back(e.agent_id);
  }
  const auto names = labels.conversations(conversations);
  const auto staff = labels.staff(agents);
  json::object out = list.to_json();
  for (auto& row : out["conversations"].as_array()) {
    json::object& o = row.as_object();
    const std::int64_t id = o["conversation_id"].as_int64();
    auto found = names.find(id);
    o["customer"] = found == names.end() ? "" : found->second.customer;
    o["status"] = found == names.end() ? "" : found->second.status;
    json::value& agent = o["agent_id"];
    auto name = agent.is_int64() ? staff.find(agent.as_int64()) : staff.end();
    o["agent"] = name == staff.end() ? json::value(nullptr) : json::value(name->second);
  }
  return out;
}

}  // namespace

bool handle_figure_report(Request& req, ServerState& state, Reply& reply) {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/api/reports/figure") return false;
  if (req.method() != http::verb::get) {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    return true;
  }
  auto staff = supervisor_only(req, state, reply);
  if (!staff) return true;
  std::string figure;
  std::optional<std::int64_t> from, to;
  metrics::FigureGroup group;
  int groups = 0;
  bool bad = false;
  if (auto url = boost::urls::parse_origin_form(req.target())) {
    for (const auto& param : url->params()) {
      if (param.key == "figure") {
        figure = param.value;
      } else if (param.key == "from") {
        from = parse_ms(param.value);
        bad = bad || !from;
      } else if (param.key == "to") {
        to = parse_ms(param.value);
        bad = bad || !to;
      } else if (param.key == "queue" || param.key == "team" || param.key == "channel" ||
                 param.key == "agent") {
        ++groups;
        group = {std::string(param.key), std::string(param.value)};
        bad = bad || group.key.empty() ||
              (param.key == "agent" && (!parse_ms(param.value) || *parse_ms(param.value) == 0));
      } else {
        bad = true;
      }
    }
  } else {
    bad = true;
  }
  if (!known_figure(figure)) {
    reply(error_response(req, 400, "unknown_figure",
                         "figure must name a KPI with conversations behind it (docs/metrics.md)"));
    return true;
  }
  const bool live = metrics::is_live_figure(figure);
  if (bad || groups > 1 ||
      (!live && (!from || !to || *to <= *from || *to - *from > kLongestRange))) {
    reply(error_response(req, 400, "bad_request",
                         "give from and to (ms since the epoch, from < to, at most 400 days) and "
                         "at most one of queue, team, channel, agent"));
    return true;
  }
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply, figure, group, live,
                                          from = from.value_or(0), to = to.value_or(0)] {
    try {
      const std::int64_t now = state.clock().now_ms();
      json::object body = state.back_office().guarded([&](BackOffice& office) {
        metrics::FigureList list = office.figure(figure, live ? now : from, live ? now : to, group);
        SqliteConversationLabels labels(office.sql());
        return labelled(list, labels);
      });
      reply(json_response(req, 200, json::serialize(body)));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: figure report: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the report failed; retry"));
    }
  });
  return true;
}

}  // namespace kefu::net
