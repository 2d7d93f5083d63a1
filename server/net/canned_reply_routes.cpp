#include "server/net/canned_reply_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <iostream>

#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/workspace/canned_reply_rules.hpp"
#include "server/workspace/canned_reply_text.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;
using workspace::CannedReply;

namespace {

constexpr std::string_view kPrefix = "/api/canned-replies";

// A reply the rules refuse: 400 with its typed error; nothing is stored.
struct Refusal {
  unsigned status;
  std::string error;
  std::string message;
  json::object extra = {};
};

Response refusal_response(const Request& req, const Refusal& r) {
  json::object body{{"error", r.error}, {"message", r.message}};
  for (const auto& [k, v] : r.extra) body[k] = v;
  return json_response(req, r.status, json::serialize(body));
}

Refusal invalid(std::string field, std::string message) {
  return Refusal{400, "invalid_reply", std::move(message),
                 json::object{{"field", std::move(field)}}};
}

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < 1) {
    return std::nullopt;
  }
  return value;
}

json::object reply_json(const CannedReply& r) {
  return {{"id", r.id},
          {"scope", r.owner_id ? "personal" : "shared"},
          {"team", r.team},
          {"locale", r.locale},
          {"shortcut", r.shortcut},
          {"title", r.title},
          {"body", r.body},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

bool is_admin(const StaffParty& s) {
  return s.user.role == store::Role::admin;
}
bool supervises(const StaffParty& s) {
  return s.user.role != store::Role::agent;
}

// Whether `staff` may read (and use) the reply.
bool visible(const CannedReply& r, const StaffParty& staff) {
  if (r.owner_id) return *r.owner_id == staff.user.id;
  if (r.team.empty() || supervises(staff)) return true;
  for (const auto& team : staff.user.teams)
    if (team == r.team) return true;
  return false;
}

// The reply a POST or PUT body describes; throws Refusal. `scope` is "personal" or "shared".
CannedReply read_body(const Request& req, const StaffParty& staff) {
  auto body = json_object_body(req);
  if (!body) throw invalid("", "the body must be a JSON object");
  CannedReply r;
  std::string scope;
  for (const auto& [key, value] : *body) {
    if (!value.is_string()) throw invalid(std::string(key), std::string(key) + " must be a string");
    const std::string text(value.get_string());
    if (key == "scope")
      scope = text;
    else if (key == "team")
      r.team = text;
    else if (key == "locale")
      r.locale = text;
    else if (key == "shortcut")
      r.shortcut = text;
    else if (key == "title")
      r.title = text;
    else if (key == "body")
      r.body = text;
    else
      throw invalid(std::string(key), "unknown field " + std::string(key));
  }
  if (scope != "personal" && scope != "shared") throw invalid("scope", "personal or shared");
  try {
    workspace::check_canned_reply(r);
  } catch (const workspace::CannedReplyRefused& refused) {
    if (refused.code == "unknown_variable") {
      throw Refusal{400, refused.code, refused.what(),
                    json::object{{"variable", refused.variable}}};
    }
    throw invalid(refused.field, refused.what());
  }
  if (scope == "personal") {
    if (!r.team.empty()) throw invalid("team", "personal replies have no team");
    r.owner_id = staff.user.id;
  } else if (!is_admin(staff)) {
    throw Refusal{403, "forbidden", "only admins keep shared replies"};
  }
  return r;
}

// The reply `id` when `staff` may change it; throws Refusal otherwise.
CannedReply changeable(workspace::CannedReplies& replies, std::int64_t id,
                       const StaffParty& staff) {
  auto found = replies.find(id);
  if (!found || !visible(*found, staff)) throw Refusal{404, "not_found", "no such reply"};
  if (!found->owner_id && !is_admin(staff)) {
    throw Refusal{403, "forbidden", "only admins change shared replies"};
  }
  return *found;
}

// The text of reply `id` with its variables filled for the conversation named in the query.
json::object text_of(workspace::CannedReplies& replies, const Request& req, std::int64_t id,
                     const StaffParty& staff) {
  std::optional<std::int64_t> conversation;
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) throw Refusal{400, "bad_request", "malformed query"};
  for (const auto& param : url->params()) {
    if (param.key != "conversation_id" || conversation) {
      throw Refusal{400, "bad_request", "give conversation_id once, and nothing else"};
    }
    conversation = whole_number(param.value);
    if (!conversation) throw Refusal{400, "bad_request", "conversation_id: a conversation id"};
  }
  if (!conversation) throw Refusal{400, "bad_request", "give conversation_id"};
  auto found = replies.find(id);
  if (!found || !visible(*found, staff)) throw Refusal{404, "not_found", "no such reply"};
  auto facts = replies.facts_of(*conversation);
  if (!facts || (!supervises(staff) && facts->agent_id != staff.user.id)) {
    throw Refusal{404, "not_found", "no such conversation of yours"};
  }
  auto filled =
      workspace::fill_variables(found->body, {{"customer.name", facts->customer_name},
                                              {"order.last.number", facts->last_order_number},
                                              {"agent.name", staff.user.display_name}});
  json::array missing;
  for (auto& name : filled.missing) missing.emplace_back(name);
  return {{"id", id},
          {"conversation_id", *conversation},
          {"text", filled.text},
          {"missing", std::move(missing)}};
}

void answer(Request& req, ServerState& state, Reply& reply, const StaffParty& staff,
            std::optional<std::int64_t> id, bool text) {
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply = std::move(reply),
                                          staff, id, text]() mutable {
    auto& replies = *state.workspace().canned;
    auto& office = state.back_office();
    const auto method = req.method();
    try {
      if (text) {
        auto out = office.guarded([&](BackOffice&) { return text_of(replies, req, *id, staff); });
        return reply(json_response(req, 200, json::serialize(out)));
      }
      if (!id && method == http::verb::get) {
        std::string locale;
        auto url = boost::urls::parse_origin_form(req.target());
        if (!url) throw Refusal{400, "bad_request", "malformed query"};
        for (const auto& param : url->params()) {
          if (param.key != "locale" || (param.value != "zh" && param.value != "en")) {
            throw Refusal{400, "bad_request", "only locale=zh|en"};
          }
          locale = param.value;
        }
        auto list = office.guarded([&](BackOffice&) {
          return replies.visible_to(staff.user.id, staff.user.teams, supervises(staff), locale);
        });
        json::array out;
        for (const auto& r : list) out.push_back(reply_json(r));
        return reply(json_response(req, 200, json::serialize(json::object{{"replies", out}})));
      }
      const std::int64_t now = state.clock().now_ms();
      if (!id) {
        auto wanted = read_body(req, staff);
        auto stored = office.in_write_transaction(
            [&](BackOffice&) { return replies.add(std::move(wanted), now); });
        return reply(json_response(req, 201, json::serialize(reply_json(stored))));
      }
      if (method == http::verb::delete_) {
        office.in_write_transaction([&](BackOffice&) {
          changeable(replies, *id, staff);
          replies.remove(*id);
          return 0;
        });
        return reply(json_response(req, 204, ""));
      }
      auto stored = office.in_write_transaction([&](BackOffice&) {
        const auto before = changeable(replies, *id, staff);
        auto wanted = read_body(req, staff);
        if (wanted.owner_id.has_value() != before.owner_id.has_value()) {
          throw invalid("scope", "a reply keeps its scope");
        }
        wanted.id = before.id;
        wanted.owner_id = before.owner_id;
        return replies.update(wanted, now);
      });
      reply(json_response(req, 200, json::serialize(reply_json(stored))));
    } catch (const Refusal& refused) {
      reply(refusal_response(req, refused));
    } catch (const workspace::ShortcutTaken& taken) {
      reply(error_response(req, 409, "shortcut_taken", taken.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: canned replies: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

}  // namespace

bool handle_canned_reply_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path != kPrefix && !path.starts_with(std::string(kPrefix) + "/")) return false;
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  const auto method = req.method();
  if (path == kPrefix) {
    if (method != http::verb::get && method != http::verb::post) {
      reply(error_response(req, 405, "method_not_allowed", "GET or POST"));
    } else {
      answer(req, state, reply, *staff, std::nullopt, false);
    }
    return true;
  }
  std::string_view rest = std::string_view(path).substr(kPrefix.size() + 1);
  const bool text = rest.ends_with("/text");
  if (text) rest.remove_suffix(5);
  const auto id = whole_number(rest);
  if (!id) {
    reply(error_response(req, 404, "not_found", "no such reply"));
  } else if (text ? method != http::verb::get
                  : method != http::verb::put && method != http::verb::delete_) {
    reply(error_response(req, 405, "method_not_allowed", text ? "GET" : "PUT or DELETE"));
  } else {
    answer(req, state, reply, *staff, id, text);
  }
  return true;
}

}  // namespace kefu::net
