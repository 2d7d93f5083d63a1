#include "server/net/quality_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <iostream>
#include <map>

#include "server/json/strict_json.hpp"
#include "server/net/api_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kPrefix = "/api/quality/";
constexpr std::int64_t kLongestRange = 400LL * 24 * 3600 * 1000;

unsigned status_of(const std::string& code) {
  if (code == "not_found") return 404;
  if (code == "conflict" || code == "already_rated") return 409;
  return 400;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

// The query parameters of a request (the last value of each name).
std::map<std::string, std::string> query_of(const Request& req) {
  std::map<std::string, std::string> out;
  if (auto url = boost::urls::parse_origin_form(req.target())) {
    for (const auto& param : url->params()) out[std::string(param.key)] = std::string(param.value);
  }
  return out;
}

// Runs `work(desk, answer)` on the back office; a QualityRefused becomes its 4xx, anything else
// 503. Writes run in one write transaction.
template <typename Work>
void on_quality_desk(ServerState& state, const Request& req, const Reply& reply, bool writes,
                     Work work) {
  asio::post(state.back_office_strand(), [&state, req, reply, writes, work = std::move(work)] {
    try {
      auto run = [&](BackOffice& office) { return work(office.quality()); };
      Response res = writes ? state.back_office().guarded([&](BackOffice& office) {
        return office.in_write_transaction(run);
      })
                            : state.back_office().guarded(run);
      reply(std::move(res));
    } catch (const QualityRefused& refused) {
      reply(error_response(req, status_of(refused.code()), refused.code(), refused.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the quality data could not be read; retry"));
    }
  });
}

Response json_ok(const Request& req, unsigned status, const json::value& body) {
  return json_response(req, status, json::serialize(body));
}

bool supervises(const StaffParty& staff) {
  return staff.user.role != store::Role::agent;
}

void list_conversations(const Request& req, ServerState& state, const Reply& reply) {
  ScoredFilter filter;
  bool ok = true;
  for (const auto& [key, value] : query_of(req)) {
    if (key == "agent") {
      filter.agent_id = parse_id(value);
      ok = ok && filter.agent_id.has_value();
    } else if (key == "queue") {
      filter.queue = value;
      ok = ok && !value.empty() && value.size() <= 100;
    } else if (key == "from" || key == "to") {
      std::int64_t at = -1;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), at);
      ok = ok && ec == std::errc() && end == value.data() + value.size() && at >= 0;
      (key == "from" ? filter.from : filter.to) = at;
    } else if (key == "limit") {
      auto limit = parse_id(value);
      ok = ok && limit && *limit <= 500;
      filter.limit = static_cast<int>(limit.value_or(0));
    } else {
      ok = false;
    }
  }
  if (!ok || filter.to <= filter.from) {
    reply(
        error_response(req, 400, "bad_request",
                       "optional agent=ID, queue=NAME, from=MS, to=MS (from < to), limit=1..500"));
    return;
  }
  on_quality_desk(state, req, reply, false, [req, filter](QualityDesk& desk) {
    return json_ok(req, 200,
                   json::object{{"conversations", desk.scored_conversations(filter)},
                                {"agents", desk.agents()}});
  });
}

void conversation_detail(const Request& req, ServerState& state, const Reply& reply,
                         const StaffParty& staff, std::int64_t id) {
  const bool any = supervises(staff);
  const std::int64_t me = staff.user.id;
  on_quality_desk(state, req, reply, false, [req, id, any, me](QualityDesk& desk) {
    // An agent reads only conversations they are judged for; others are "not found".
    if (!any && desk.agent_of(id) != me) throw QualityRefused("not_found", "no such conversation");
    return json_ok(req, 200, desk.conversation_detail(id));
  });
}

void add_review(const Request& req, ServerState& state, const Reply& reply,
                const StaffParty& staff) {
  json::error_code ec;
  json::value body = parse_strict_json(req.body(), ec);
  std::optional<std::int64_t> conversation;
  std::map<std::string, double> marks;
  std::string comment;
  bool ok = !ec && body.is_object();
  if (ok) {
    const auto& o = body.get_object();
    const auto* id = o.if_contains("conversation_id");
    const auto* given = o.if_contains("marks");
    const auto* text = o.if_contains("comment");
    ok = id && id->is_int64() && id->get_int64() > 0 && given && given->is_object() &&
         (text == nullptr || text->is_string()) && o.size() <= 3;
    if (ok) {
      conversation = id->get_int64();
      for (const auto& [name, mark] : given->get_object()) {
        if (!mark.is_number())
          ok = false;
        else
          marks[std::string(name)] = mark.to_number<double>();
      }
      if (text) comment = std::string(text->get_string());
    }
  }
  if (!ok) {
    reply(error_response(req, 400, "bad_field",
                         "send {\"conversation_id\":N,\"marks\":{category:0..100},"
                         "\"comment\":string}"));
    return;
  }
  const std::int64_t reviewer = staff.user.id;
  const std::int64_t now = state.clock().now_ms();
  on_quality_desk(state, req, reply, true,
                  [req, conversation, marks, comment, reviewer, now](QualityDesk& desk) {
                    return json_ok(req, 201,
                                   desk.add_review(*conversation, reviewer, marks, comment, now));
                  });
}

void list_reviews(const Request& req, ServerState& state, const Reply& reply,
                  const StaffParty& staff) {
  std::optional<std::int64_t> agent;
  for (const auto& [key, value] : query_of(req)) {
    if (key != "agent" || !(agent = parse_id(value))) {
      reply(error_response(req, 400, "bad_request", "optional agent=ID"));
      return;
    }
  }
  if (!supervises(staff)) {
    if (agent && *agent != staff.user.id) {
      reply(error_response(req, 403, "forbidden", "agents read only their own reviews"));
      return;
    }
    agent = staff.user.id;
  }
  on_quality_desk(state, req, reply, false, [req, agent](QualityDesk& desk) {
    return json_ok(req, 200, json::object{{"reviews", desk.reviews(agent)}});
  });
}

void calibration(const Request& req, ServerState& state, const Reply& reply) {
  std::int64_t from = -1, to = -1;
  for (const auto& [key, value] : query_of(req)) {
    std::int64_t at = -1;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), at);
    if (ec != std::errc() || end != value.data() + value.size()) at = -1;
    if (key == "from")
      from = at;
    else if (key == "to")
      to = at;
    else
      from = -1;
  }
  if (from < 0 || to <= from || to - from > kLongestRange) {
    reply(error_response(req, 400, "bad_request",
                         "give from and to (ms since the epoch, from < to, at most 400 days)"));
    return;
  }
  on_quality_desk(state, req, reply, false, [req, from, to](QualityDesk& desk) {
    return json_ok(
        req, 200, json::object{{"from", from}, {"to", to}, {"agents", desk.calibration(from, to)}});
  });
}

void settings(const Request& req, ServerState& state, const Reply& reply, const StaffParty& staff) {
  if (req.method() == http::verb::get) {
    on_quality_desk(state, req, reply, false, [req](QualityDesk& desk) {
      return json_ok(req, 200, desk.settings().to_json());
    });
    return;
  }
  if (staff.user.role != store::Role::admin) {
    reply(error_response(req, 403, "forbidden", "for admins"));
    return;
  }
  json::error_code ec;
  json::value body = parse_strict_json(req.body(), ec);
  if (ec) {
    reply(error_response(req, 400, "bad_json", "the body must be a JSON object"));
    return;
  }
  on_quality_desk(state, req, reply, true, [req, body](QualityDesk& desk) {
    desk.replace_settings(body);
    return json_ok(req, 200, desk.settings().to_json());
  });
}

}  // namespace

bool handle_quality_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path.rfind(kPrefix, 0) != 0) return false;
  const std::string rest = path.substr(kPrefix.size());
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  const auto method = req.method();
  auto wrong_method = [&] {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    return true;
  };
  auto forbidden = [&] {
    reply(error_response(req, 403, "forbidden", "for supervisors and admins"));
    return true;
  };
  if (rest == "reviews") {
    if (method == http::verb::get) {
      list_reviews(req, state, reply, *staff);
    } else if (method == http::verb::post) {
      if (!supervises(*staff)) return forbidden();
      add_review(req, state, reply, *staff);
    } else {
      return wrong_method();
    }
  } else if (rest == "settings") {
    if (method != http::verb::get && method != http::verb::put) return wrong_method();
    settings(req, state, reply, *staff);
  } else if (rest == "conversations") {
    if (method != http::verb::get) return wrong_method();
    if (!supervises(*staff)) return forbidden();
    list_conversations(req, state, reply);
  } else if (rest.rfind("conversations/", 0) == 0) {
    if (method != http::verb::get) return wrong_method();
    auto id = parse_id(std::string_view(rest).substr(std::string_view("conversations/").size()));
    if (!id) {
      reply(error_response(req, 404, "not_found", "no such conversation"));
      return true;
    }
    conversation_detail(req, state, reply, *staff, *id);
  } else if (rest == "calibration") {
    if (method != http::verb::get) return wrong_method();
    if (!supervises(*staff)) return forbidden();
    calibration(req, state, reply);
  } else {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
  }
  return true;
}

}  // namespace kefu::net
