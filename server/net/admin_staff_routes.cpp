#include "server/net/admin_staff_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <iostream>

#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kStaff = "/api/admin/staff";
constexpr std::string_view kInvitations = "/api/invitations/";
constexpr std::size_t kMaxTextBytes = 1024;

// A body the routes cannot read: 400 bad_request.
struct BadRequest : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

Response typed_error(const Request& req, unsigned status, std::string_view code,
                     std::string_view message) {
  return error_response(req, status, code, message);
}

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string() || v->get_string().size() > kMaxTextBytes) {
    throw BadRequest(std::string(key) + " must be a string");
  }
  return std::string(v->get_string());
}

std::vector<std::string> texts(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return out;
  if (!v->is_array()) throw BadRequest(std::string(key) + " must be an array of strings");
  for (const auto& item : v->get_array()) {
    if (!item.is_string() || item.get_string().size() > kMaxTextBytes) {
      throw BadRequest(std::string(key) + " must be an array of strings");
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

int whole_number(const json::object& o, std::string_view key, int fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_int64() || v->get_int64() < -1'000'000 || v->get_int64() > 1'000'000) {
    throw BadRequest(std::string(key) + " must be a whole number");
  }
  return static_cast<int>(v->get_int64());
}

// The profile in a POST (with login) or PUT (without) body.
admin::StaffProfile read_profile(const Request& req, bool with_login) {
  auto body = json_object_body(req);
  if (!body) throw BadRequest("the body must be a JSON object");
  for (const auto& member : *body) {
    const std::string_view key = member.key();
    if (key != "name" && key != "role" && key != "teams" && key != "skills" && key != "languages" &&
        key != "chat_capacity" && key != "ticket_capacity" && !(with_login && key == "login")) {
      throw BadRequest("unknown field " + std::string(key));
    }
  }
  admin::StaffProfile p;
  if (with_login) p.login = text(*body, "login");
  p.name = text(*body, "name");
  const std::string role = text(*body, "role");
  auto parsed = store::parse_role(role);
  if (!parsed) throw admin::StaffInputError("unknown_role", "no role '" + role + "'");
  p.role = *parsed;
  p.teams = texts(*body, "teams");
  p.languages = texts(*body, "languages");
  p.chat_capacity = whole_number(*body, "chat_capacity", 3);
  p.ticket_capacity = whole_number(*body, "ticket_capacity", 5);
  if (const json::value* skills = body->if_contains("skills")) {
    if (!skills->is_array()) throw BadRequest("skills must be an array of {name, level}");
    for (const auto& s : skills->get_array()) {
      if (!s.is_object()) throw BadRequest("skills must be an array of {name, level}");
      p.skills.emplace_back(text(s.get_object(), "name"), whole_number(s.get_object(), "level", 3));
    }
  }
  return p;
}

// Admins only; answers 401/403 itself and returns nothing otherwise.
std::optional<StaffParty> admin_only(const Request& req, ServerState& state, const Reply& reply) {
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(typed_error(req, 401, "unauthorized", "log in first"));
    return std::nullopt;
  }
  if (staff->user.role != store::Role::admin) {
    reply(typed_error(req, 403, "forbidden", "for admins only"));
    return std::nullopt;
  }
  return staff;
}

// Runs `work` on the back office strand and turns the staff errors into their replies.
template <typename Work>
void on_staff(ServerState& state, const Request& req, const Reply& reply, Work work) {
  asio::post(state.back_office_strand(), [&state, req, reply, work = std::move(work)]() mutable {
    try {
      reply(work(state.staff_directory()));
    } catch (const admin::StaffNotFound&) {
      reply(typed_error(req, 404, "not_found", "no such staff member"));
    } catch (const admin::StaffInputError& bad) {
      reply(typed_error(req, 400, bad.code, bad.what()));
    } catch (const admin::LinkRefused& refused) {
      reply(typed_error(req, 404, "invalid_link", refused.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: staff: " << failure.what() << "\n";
      reply(typed_error(req, 503, "unavailable", "the change could not be stored; retry"));
    }
  });
}

Response member_reply(const Request& req, unsigned status, const admin::StaffMember& m,
                      json::object extra = {}) {
  extra["member"] = admin::member_json(m);
  return json_response(req, status, json::serialize(extra));
}

void list_staff(const Request& req, ServerState& state, const Reply& reply) {
  on_staff(state, req, reply, [req](admin::StaffDirectory& staff) {
    json::array members, skills;
    for (const auto& m : staff.list()) members.push_back(admin::member_json(m));
    for (const auto& s : staff.skill_catalogue()) skills.emplace_back(s);
    return json_response(
        req, 200,
        json::serialize(json::object{{"staff", std::move(members)},
                                     {"skills", std::move(skills)},
                                     {"roles", json::array{"agent", "supervisor", "admin"}}}));
  });
}

void invite(const Request& req, ServerState& state, const Reply& reply, std::int64_t by) {
  auto profile = read_profile(req, true);
  on_staff(state, req, reply, [req, profile, by](admin::StaffDirectory& staff) {
    const auto issued = staff.invite(profile, by);
    return member_reply(req, 201, issued.member,
                        {{"invitation_url", "/invitation?token=" + issued.token}});
  });
}

void change(const Request& req, ServerState& state, const Reply& reply, std::int64_t by,
            std::int64_t id, std::string_view action) {
  if (action.empty()) {
    auto profile = read_profile(req, false);
    on_staff(state, req, reply, [&state, req, profile, by, id](admin::StaffDirectory& staff) {
      const auto member = staff.update(id, profile, by);
      asio::post(state.desk(), [&state, user = member.user] { state.centre().update_staff(user); });
      return member_reply(req, 200, member);
    });
  } else if (action == "deactivate") {
    on_staff(state, req, reply, [&state, req, by, id](admin::StaffDirectory& staff) {
      const auto member = staff.deactivate(id, by);
      asio::post(state.desk(), [&state, id] { state.centre().retire_staff(id); });
      return member_reply(req, 200, member);
    });
  } else if (action == "reactivate") {
    on_staff(state, req, reply, [req, by, id](admin::StaffDirectory& staff) {
      const auto issued = staff.reactivate(id, by);
      return member_reply(req, 200, issued.member,
                          {{"reset_url", "/invitation?token=" + issued.token}});
    });
  } else if (action == "reset-password") {
    on_staff(state, req, reply, [&state, req, by, id](admin::StaffDirectory& staff) {
      const auto issued = staff.reset_password(id, by);
      asio::post(state.desk(), [&state, id] { state.centre().end_staff_sockets(id); });
      return member_reply(req, 200, issued.member,
                          {{"reset_url", "/invitation?token=" + issued.token}});
    });
  } else {
    on_staff(state, req, reply, [&state, req, by, id](admin::StaffDirectory& staff) {
      staff.sign_out(id, by);
      asio::post(state.desk(), [&state, id] { state.centre().end_staff_sockets(id); });
      return json_response(req, 204, "");
    });
  }
}

// /api/admin/staff/{id}[/{action}]: the id and action, or nothing for a malformed path.
std::optional<std::pair<std::int64_t, std::string>> member_path(std::string_view rest) {
  const auto slash = rest.find('/');
  const std::string_view digits = rest.substr(0, slash);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  std::string action = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
  if (action != "" && action != "deactivate" && action != "reset-password" &&
      action != "sign-out" && action != "reactivate") {
    return std::nullopt;
  }
  return std::make_pair(id, action);
}

void setup(const Request& req, ServerState& state, const Reply& reply) {
  auto body = json_object_body(req);
  if (!body) throw BadRequest("send {\"token\",\"login\",\"name\",\"password\"}");
  const std::string token = text(*body, "token"), login = text(*body, "login"),
                    name = text(*body, "name"), password = text(*body, "password");
  on_staff(state, req, reply, [req, token, login, name, password](admin::StaffDirectory& staff) {
    return member_reply(req, 201, staff.complete_setup(token, login, name, password));
  });
}

void invitation(const Request& req, ServerState& state, const Reply& reply, std::string token) {
  if (req.method() == http::verb::get) {
    on_staff(state, req, reply, [req, token](admin::StaffDirectory& staff) {
      admin::LinkPurpose purpose = admin::LinkPurpose::invitation;
      const auto member = staff.peek_link(token, purpose);
      return json_response(req, 200,
                           json::serialize(json::object{{"purpose", admin::to_string(purpose)},
                                                        {"login", member.user.login},
                                                        {"name", member.user.display_name}}));
    });
    return;
  }
  auto body = json_object_body(req);
  if (!body || body->size() != 1) throw BadRequest("send {\"password\"}");
  const std::string password = text(*body, "password");
  on_staff(state, req, reply, [req, token, password](admin::StaffDirectory& staff) {
    return member_reply(req, 200, staff.accept_link(token, password));
  });
}

}  // namespace

bool handle_admin_staff_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  const auto method = req.method();
  auto wrong_method = [&] {
    reply(typed_error(req, 405, "method_not_allowed", "wrong method"));
    return true;
  };
  try {
    if (path == "/api/setup") {
      if (method != http::verb::post) return wrong_method();
      setup(req, state, reply);
      return true;
    }
    if (path.starts_with(kInvitations)) {
      if (method != http::verb::post && method != http::verb::get) return wrong_method();
      invitation(req, state, reply, path.substr(kInvitations.size()));
      return true;
    }
    if (path != kStaff && !path.starts_with(std::string(kStaff) + "/")) return false;
    auto admin = admin_only(req, state, reply);
    if (!admin) return true;
    if (path == kStaff) {
      if (method == http::verb::get) {
        list_staff(req, state, reply);
      } else if (method == http::verb::post) {
        invite(req, state, reply, admin->user.id);
      } else {
        return wrong_method();
      }
      return true;
    }
    auto member = member_path(std::string_view(path).substr(kStaff.size() + 1));
    if (!member) {
      reply(typed_error(req, 404, "not_found", "no such endpoint"));
      return true;
    }
    const bool put = member->second.empty();
    if (method != (put ? http::verb::put : http::verb::post)) return wrong_method();
    change(req, state, reply, admin->user.id, member->first, member->second);
  } catch (const BadRequest& bad) {
    reply(typed_error(req, 400, "bad_request", bad.what()));
  } catch (const admin::StaffInputError& bad) {
    reply(typed_error(req, 400, bad.code, bad.what()));
  }
  return true;
}

}  // namespace kefu::net
