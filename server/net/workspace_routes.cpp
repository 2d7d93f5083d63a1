#include "server/net/workspace_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <iostream>
#include <map>
#include <unordered_map>

#include "server/net/api_routes.hpp"
#include "server/net/conversation_note_flow.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kInbox = "/api/conversations";
constexpr std::size_t kMaxQueryBytes = 200;

std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t min,
                                         std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (value == a) return true;
  return false;
}

// The inbox query from the URL's parameters; a message for the 400 otherwise.
struct ParsedInbox {
  workspace::InboxQuery query;
  std::string sla;
  std::string problem;
};

ParsedInbox parse_inbox(const Request& req, const StaffParty& staff) {
  ParsedInbox parsed;
  auto& q = parsed.query;
  q.staff_id = staff.user.id;
  q.supervises = staff.user.role != store::Role::agent;
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) {
    parsed.problem = "malformed query";
    return parsed;
  }
  std::map<std::string, int> seen;
  for (const auto& param : url->params()) {
    const std::string key = param.key;
    const std::string value = param.value;
    if (++seen[key] > 1) {
      parsed.problem = key + " is given twice";
      return parsed;
    }
    if (key == "view") {
      auto view = workspace::inbox_view_named(value);
      if (!view)
        parsed.problem = "view: mine, unassigned, team, resolved or mentions";
      else
        q.view = *view;
    } else if (key == "q") {
      if (value.size() > kMaxQueryBytes) parsed.problem = "q: at most 200 bytes";
      q.text = value;
    } else if (key == "channel") {
      if (!one_of(value, {"chat", "ticket", "email"})) {
        parsed.problem = "channel: chat, ticket or email";
      }
      q.channel = value;
    } else if (key == "status") {
      if (!one_of(value, {"queued", "assigned", "resolved", "closed", "abandoned"})) {
        parsed.problem = "status: queued, assigned, resolved, closed or abandoned";
      }
      q.status = value;
    } else if (key == "sla") {
      if (!one_of(value, {"breached", "at_risk", "ok", "none"})) {
        parsed.problem = "sla: breached, at_risk, ok or none";
      }
      parsed.sla = value;
    } else if (key == "tag" || key == "queue") {
      if (value.empty() || value.size() > 64) parsed.problem = key + ": 1 to 64 bytes";
      (key == "tag" ? q.tag : q.queue) = value;
    } else if (key == "limit") {
      auto n = whole_number(value, 1, 100);
      if (!n)
        parsed.problem = "limit: 1..100";
      else
        q.limit = static_cast<int>(*n);
    } else if (key == "offset") {
      auto n = whole_number(value, 0, 1'000'000);
      if (!n)
        parsed.problem = "offset: 0..1000000";
      else
        q.offset = static_cast<int>(*n);
    } else {
      parsed.problem = "unknown parameter " + key;
    }
    if (!parsed.problem.empty()) return parsed;
  }
  return parsed;
}

// What the desk knows of open conversations: SLA risk and since when the customer waits.
struct DeskView {
  std::unordered_map<std::int64_t, json::object> sla;  // id -> {"sla_risk","waiting_since"}
  std::vector<std::string> queues;
};

void inbox_page(Request& req, ServerState& state, Reply& reply, ParsedInbox parsed, DeskView desk) {
  auto& q = parsed.query;
  q.queues = std::move(desk.queues);
  if (!parsed.sla.empty()) {
    q.only_ids.emplace();
    for (const auto& [id, sla] : desk.sla)
      if (sla.at("sla_risk").as_string() == parsed.sla) q.only_ids->insert(id);
  }
  try {
    auto page = state.back_office().guarded([&](BackOffice& office) {
      if (!q.text.empty()) {
        q.customers.emplace();
        for (const auto& match : office.search_customers(q.text)) {
          for (std::int64_t id : office.customer_ids_behind(match.at("customer_id").as_int64()))
            q.customers->insert(id);
        }
      }
      return state.workspace().inbox->list(q);
    });
    json::object counts;
    for (const auto& [view, n] : page.counts) counts[view] = n;
    for (auto& c : page.conversations) {
      auto& o = c.as_object();
      auto found = desk.sla.find(o.at("id").as_int64());
      o["sla_risk"] = found == desk.sla.end() ? json::value("none") : found->second.at("sla_risk");
      o["waiting_since"] =
          found == desk.sla.end() ? json::value() : found->second.at("waiting_since");
    }
    reply(
        json_response(req, 200,
                      json::serialize(json::object{{"view", workspace::to_string(q.view)},
                                                   {"conversations", std::move(page.conversations)},
                                                   {"counts", std::move(counts)},
                                                   {"total", page.total},
                                                   {"more", page.more},
                                                   {"limit", q.limit},
                                                   {"offset", q.offset}})));
  } catch (const std::exception& failure) {
    std::cerr << "kefu: inbox: " << failure.what() << "\n";
    reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
  }
}

void inbox(Request& req, ServerState& state, Reply& reply, const StaffParty& staff) {
  auto parsed = parse_inbox(req, staff);
  if (!parsed.problem.empty()) {
    reply(error_response(req, 400, "bad_request", parsed.problem));
    return;
  }
  asio::post(state.desk(), [&state, req = std::move(req), reply = std::move(reply),
                            parsed = std::move(parsed)]() mutable {
    DeskView desk;
    for (auto& row : state.centre().supervision_overview(SIZE_MAX)) {
      auto& o = row.as_object();
      desk.sla[o.at("id").as_int64()] =
          json::object{{"sla_risk", o.at("sla_risk")}, {"waiting_since", o.at("waiting_since")}};
    }
    for (const auto& queue : state.centre().queue_stats()) desk.queues.push_back(queue.name);
    asio::post(state.back_office_strand(),
               [&state, req = std::move(req), reply = std::move(reply), parsed = std::move(parsed),
                desk = std::move(desk)]() mutable {
                 inbox_page(req, state, reply, std::move(parsed), std::move(desk));
               });
  });
}

void notes(Request& req, ServerState& state, Reply& reply, const StaffParty& staff,
           std::int64_t id) {
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply = std::move(reply),
                                          staff, id]() mutable {
    try {
      auto& notes = *state.workspace().notes;
      auto list = state.back_office().guarded([&](BackOffice&) {
        std::optional<std::vector<json::object>> found;
        auto conversation = notes.staff_of(id);
        if (conversation && may_see_notes(notes, *conversation, staff)) {
          found = notes.list(id);
        }
        return found;
      });
      if (!list) {
        reply(error_response(req, 404, "not_found", "no such conversation"));
        return;
      }
      json::array out;
      for (auto& n : *list) out.push_back(std::move(n));
      reply(json_response(req, 200, json::serialize(json::object{{"notes", std::move(out)}})));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: notes: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

}  // namespace

bool handle_workspace_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  std::optional<std::int64_t> notes_of;
  if (path != kInbox) {
    const std::string prefix = std::string(kInbox) + "/";
    const std::string suffix = "/notes";
    if (!path.starts_with(prefix) || !path.ends_with(suffix) ||
        path.size() <= prefix.size() + suffix.size()) {
      return false;
    }
    notes_of = whole_number(
        std::string_view(path).substr(prefix.size(), path.size() - prefix.size() - suffix.size()),
        1, INT64_MAX);
  }
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  if (req.method() != http::verb::get) {
    reply(error_response(req, 405, "method_not_allowed", "GET"));
    return true;
  }
  if (path == kInbox) {
    inbox(req, state, reply, *staff);
  } else if (!notes_of) {
    reply(error_response(req, 404, "not_found", "no such conversation"));
  } else {
    notes(req, state, reply, *staff, *notes_of);
  }
  return true;
}

}  // namespace kefu::net
