#include "server/net/api_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

#include "server/auth/same_secret.hpp"
#include "server/auth/secret_token.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/widget_identification.hpp"
#include "server/metrics/prometheus_text.hpp"
#include "server/net/admin_access.hpp"
#include "server/net/admin_config_routes.hpp"
#include "server/net/admin_routing_routes.hpp"
#include "server/net/admin_sla_routes.hpp"
#include "server/net/admin_staff_routes.hpp"
#include "server/net/alert_routes.hpp"
#include "server/net/api_key_routes.hpp"
#include "server/net/attachment_routes.hpp"
#include "server/net/canned_reply_routes.hpp"
#include "server/net/care_routes.hpp"
#include "server/net/conversation_report_route.hpp"
#include "server/net/conversation_routes.hpp"
#include "server/net/customer_routes.hpp"
#include "server/net/figure_route.hpp"
#include "server/net/json_body.hpp"
#include "server/net/kb_routes.hpp"
#include "server/net/mail_service.hpp"
#include "server/net/mailbox_routes.hpp"
#include "server/net/quality_routes.hpp"
#include "server/net/retention_routes.hpp"
#include "server/net/series_route.hpp"
#include "server/net/shop_link_routes.hpp"
#include "server/net/tag_routes.hpp"
#include "server/net/webhook_routes.hpp"
#include "server/net/workspace_routes.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::size_t kMaxLoginBytes = 128;
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxSubjectChars = 200;
const char* const kCookieName = "kefu_session";

std::optional<std::string> string_field(const json::object& o, std::string_view key,
                                        std::size_t max_bytes) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string() || v->get_string().size() > max_bytes) return std::nullopt;
  return std::string(v->get_string());
}

json::object user_json(const store::UserRecord& u) {
  return json::object{{"id", u.id},
                      {"login", u.login},
                      {"name", u.display_name},
                      {"role", store::to_string(u.role)}};
}

std::string cookie(const ServerState& state, const std::string& value, std::int64_t max_age_s) {
  std::string c = std::string(kCookieName) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (state.settings().secure_cookies) c += "; Secure";
  return c;
}

void check_password(const Request& req, ServerState& state, const std::string& name,
                    const std::string& password, const Reply& reply);

// POST /api/login from the client at `peer` (its IP address).
void login(Request&& req, ServerState& state, Reply reply, const std::string& peer) {
  auto body = json_object_body(req);
  std::optional<std::string> name, password;
  if (body) {
    name = string_field(*body, "login", kMaxLoginBytes);
    password = string_field(*body, "password", kMaxPasswordBytes);
  }
  if (!name || !password || name->empty()) {
    reply(error_response(req, 400, "bad_request", "send {\"login\":...,\"password\":...}"));
    return;
  }
  const std::int64_t wait = state.throttle().wait_before_attempt(*name, state.clock().now_ms());
  if (wait > 0) {
    auto res = error_response(req, 429, "too_many_attempts", "too many failed logins; wait");
    res.set(http::field::retry_after, std::to_string((wait + 999) / 1000));
    reply(std::move(res));
    return;
  }
  // The password check waits its turn on the auth pool, whatever the name: an unknown login
  // costs one check too, so neither the answer nor its time tells which accounts exist.
  auto check = [&state, req, name = std::move(*name), password = std::move(*password), reply] {
    try {
      check_password(req, state, name, password, reply);
    } catch (const std::exception& failure) {
      std::cerr << "kefu: login: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "could not check the password; retry"));
    }
  };
  const auto admission = state.login_queue().submit(peer, std::move(check));
  if (admission == auth::LoginQueue::Admission::admitted) return;
  auto res = admission == auth::LoginQueue::Admission::address_busy
                 ? error_response(req, 429, "too_many_attempts",
                                  "too many logins from this address at once; retry shortly")
                 : error_response(req, 503, "busy", "too many logins at once; retry shortly");
  res.set(http::field::retry_after, "1");
  reply(std::move(res));
}

// On the auth pool: checks the password and, when it matches, starts a session.
void check_password(const Request& req, ServerState& state, const std::string& name,
                    const std::string& password, const Reply& reply) {
  auto user = state.store().find_user_by_login(name);
  const bool ok = user ? state.hasher().verify(user->password_hash, password)
                       : (state.hasher().verify_nothing(password), false);
  const std::int64_t now = state.clock().now_ms();
  if (!ok) {
    state.throttle().record_failure(name, now);
    reply(error_response(req, 401, "invalid_credentials", "wrong login or password"));
    return;
  }
  state.throttle().record_success(name);
  const std::string token = auth::new_secret_token();
  store::StaffSessionRecord session{auth::token_hash(token), user->id, now,
                                    now + state.settings().session_ttl_ms, std::nullopt};
  Event e;
  e.at = now;
  e.type = "staff_login";
  e.agent_id = user->id;
  store::WriteBatch batch;
  batch.mutations.push_back(store::InsertStaffSession{session});
  batch.mutations.push_back(store::AppendEvent{e});
  state.store().submit(std::move(batch), [&state, req, token, user = *user,
                                          reply](store::WriteResult r) {
    if (!r.ok) {
      reply(error_response(req, 503, "unavailable", "could not start a session"));
      return;
    }
    auto res = json_response(req, 200, json::serialize(json::object{{"user", user_json(user)}}));
    res.set(http::field::set_cookie, cookie(state, token, state.settings().session_ttl_ms / 1000));
    reply(std::move(res));
  });
}

void logout(Request&& req, ServerState& state, Reply reply) {
  const std::string token = session_cookie(req);
  auto staff = state.staff_for_session(token);
  auto res = json_response(req, 204, "");
  res.set(http::field::set_cookie, cookie(state, "", 0));
  if (!staff) {
    reply(std::move(res));
    return;
  }
  Event e;
  e.at = state.clock().now_ms();
  e.type = "staff_logout";
  e.agent_id = staff->user.id;
  store::WriteBatch batch;
  batch.mutations.push_back(store::RevokeStaffSession{staff->session_hash, e.at});
  batch.mutations.push_back(store::AppendEvent{e});
  const std::string hash = staff->session_hash;
  state.store().submit(
      std::move(batch), [&state, hash, res = std::move(res), reply](store::WriteResult) mutable {
        asio::post(state.desk(), [&state, hash] { state.centre().end_staff_session(hash); });
        reply(std::move(res));
      });
}

// POST /api/widget/visitor from the client at `peer`: an existing token is answered again
// freely; a new one is within the address's budget.
void visitor(Request&& req, ServerState& state, Reply reply, const std::string& peer) {
  auto body = json_object_body(req);
  if (!body && !req.body().empty()) {
    reply(error_response(req, 400, "bad_request", "the body must be a JSON object"));
    return;
  }
  // A token of another type is refused, never taken for "no token": a client that sends one
  // has a bug, and a new visitor would silently cut the customer off from their history.
  const json::value* given = body ? body->if_contains("token") : nullptr;
  if (given != nullptr && !given->is_string()) {
    reply(error_response(req, 400, "bad_request", "token must be a string"));
    return;
  }
  if (given != nullptr) {
    if (auto token = string_field(*body, "token", 128)) {
      if (auto customer = state.customer_for_token(*token)) {
        auto res = json_response(
            req, 200,
            json::serialize(json::object{{"token", *token}, {"visitor_id", customer->visitor_id}}));
        allow_cross_origin(req, state, res);
        reply(std::move(res));
        return;
      }
    }
  }
  const std::int64_t now = state.clock().now_ms();
  if (const auto wait = state.limits().new_visitors.take(peer, now); wait > 0) {
    auto res = error_response(req, 429, "rate_limited", "too many new visitors from this address");
    res.set(http::field::retry_after, std::to_string((wait + 999) / 1000));
    allow_cross_origin(req, state, res);
    reply(std::move(res));
    return;
  }
  const std::string token = auth::new_secret_token();
  const std::string visitor_id = auth::new_public_id("v_");
  store::WriteBatch batch;
  batch.mutations.push_back(
      store::InsertCustomer{store::CustomerRecord{0, "Visitor " + visitor_id.substr(2, 6), now}});
  batch.mutations.push_back(
      store::InsertVisitor{store::VisitorRecord{visitor_id, auth::token_hash(token), 0, now}});
  state.store().submit(std::move(batch), [&state, req = std::move(req), token, visitor_id,
                                          reply](store::WriteResult r) {
    if (!r.ok) {
      reply(error_response(req, 503, "unavailable", "could not register the visitor"));
      return;
    }
    auto res = json_response(
        req, 200, json::serialize(json::object{{"token", token}, {"visitor_id", visitor_id}}));
    allow_cross_origin(req, state, res);
    reply(std::move(res));
  });
}

// Opens the ticket on the desk and answers 201 {"conversation_id","seq"} (503 if not stored).
void open_ticket(Request&& req, ServerState& state, Reply reply, TicketRequest ticket,
                 std::string reply_email = "") {
  asio::post(state.desk(), [&state, req = std::move(req), ticket = std::move(ticket), reply,
                            reply_email = std::move(reply_email)]() mutable {
    const std::string subject = ticket.subject;
    state.centre().open_ticket(std::move(ticket), [&state, req, reply, reply_email,
                                                   subject](TicketResult r) {
      if (!r.ok) {
        reply(error_response(req, 503, "unavailable", r.error));
        return;
      }
      // The answer reaches the address by mail too (the e-mail channel, MailService).
      if (!reply_email.empty()) {
        state.mail().adopt_ticket(r.conversation_id, reply_email, subject, r.seq);
      }
      auto res = json_response(
          req, 201,
          json::serialize(json::object{{"conversation_id", r.conversation_id}, {"seq", r.seq}}));
      allow_cross_origin(req, state, res);
      reply(std::move(res));
    });
  });
}

// Stores `email` as an unverified email of the ticket's customer (as POST /api/widget/claim
// does), then opens the ticket. An invalid address answers 400 invalid_email and a customer
// holding too many addresses 429 too_many_claims; neither opens a ticket.
void keep_reply_address(Request&& req, ServerState& state, Reply reply, TicketRequest ticket,
                        std::string email) {
  asio::post(state.back_office_strand(),
             [&state, req = std::move(req), reply, ticket = std::move(ticket),
              email = std::move(email)]() mutable {
               const std::int64_t now = state.clock().now_ms();
               customers::ClaimReceipt receipt;
               try {
                 receipt = state.back_office().in_write_transaction([&](BackOffice& office) {
                   return office.claim_identity(*ticket.customer_id, "email", email, now);
                 });
               } catch (const customers::ClaimLimitReached& limit) {
                 auto res = error_response(req, 429, "too_many_claims", limit.what());
                 allow_cross_origin(req, state, res);
                 return reply(std::move(res));
               } catch (const customers::InvalidCustomerInput&) {
                 auto res = error_response(req, 400, "invalid_email", "not a valid email");
                 allow_cross_origin(req, state, res);
                 return reply(std::move(res));
               } catch (const customers::CustomerNotFound&) {
                 return reply(error_response(req, 401, "unauthorized", "unknown visitor token"));
               } catch (const std::exception& failure) {
                 std::cerr << "kefu: ticket address: " << failure.what() << "\n";
                 return reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
               }
               for (std::int64_t candidate : receipt.candidate_ids)
                 state.push_customer_view(candidate);
               ticket.channel = "email";  // answered by mail at the address given
               open_ticket(std::move(req), state, std::move(reply), std::move(ticket), email);
             });
}

void ticket(Request&& req, ServerState& state, Reply reply) {
  std::optional<std::int64_t> customer_id;
  const std::string authorization(req[http::field::authorization]);
  if (authorization.rfind("Bearer ", 0) == 0) {
    auto customer = state.customer_for_token(authorization.substr(7));
    if (!customer) {
      reply(error_response(req, 401, "unauthorized", "unknown visitor token"));
      return;
    }
    customer_id = customer->customer_id;
  } else if (!state.staff_for_session(session_cookie(req))) {
    reply(error_response(req, 401, "unauthorized", "log in or send a visitor token"));
    return;
  }
  serve_ticket(std::move(req), state, std::move(reply), customer_id);
}

}  // namespace

void serve_ticket(Request&& req, ServerState& state, Reply reply,
                  std::optional<std::int64_t> customer_id) {
  TicketRequest ticket;
  ticket.customer_id = customer_id;
  auto body = json_object_body(req);
  std::optional<std::string> subject, text, email;
  if (body) {
    subject = string_field(*body, "subject", kMaxSubjectChars * 4);
    text = string_field(*body, "text", 4000 * 4);
    email = body->contains("email") ? string_field(*body, "email", 254) : std::string();
  }
  if (!subject || !text || !email || subject->empty() ||
      text->find_first_not_of(" \t\r\n") == std::string::npos) {
    reply(error_response(req, 400, "bad_request",
                         "send {\"subject\":string,\"text\":string,\"email\":string}"));
    return;
  }
  if (ticket.customer_id) {
    const auto wait =
        state.limits().tickets.take(std::to_string(*ticket.customer_id), state.clock().now_ms());
    if (wait > 0) {
      auto res = error_response(req, 429, "rate_limited", "too many tickets; retry later");
      res.set(http::field::retry_after, std::to_string((wait + 999) / 1000));
      allow_cross_origin(req, state, res);
      reply(std::move(res));
      return;
    }
  }
  ticket.subject = std::move(*subject);
  ticket.text = std::move(*text);
  ticket.customer_name = email->empty() ? "Ticket customer" : *email;
  if (ticket.customer_id && !email->empty()) {
    // The address the visitor wants the answer at: kept first as an unverified identity of
    // their customer, so the agent sees it on the ticket; a bad one stops the ticket.
    keep_reply_address(std::move(req), state, std::move(reply), std::move(ticket), *email);
    return;
  }
  open_ticket(std::move(req), state, std::move(reply), std::move(ticket));
}

namespace {

void healthz(Request&& req, ServerState& state, Reply reply) {
  store::WriteBatch probe;
  probe.mutations.push_back(store::Probe{});
  state.store().submit(std::move(probe), [req = std::move(req), reply](store::WriteResult r) {
    Response res{r.ok ? http::status::ok : http::status::service_unavailable, req.version()};
    res.set(http::field::content_type, "text/plain");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = r.ok ? "ok\n" : "store unavailable\n";
    res.prepare_payload();
    reply(std::move(res));
  });
}

// GET /api/agents: the agents a conversation can be transferred to, with their status and
// load (ContactCentre::colleagues). Any signed-in staff member; 401 otherwise.
void colleagues(Request&& req, ServerState& state, Reply reply) {
  if (!state.staff_for_session(session_cookie(req))) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return;
  }
  asio::post(state.desk(), [&state, req = std::move(req), reply] {
    auto res = json_response(
        req, 200, json::serialize(json::object{{"agents", state.centre().colleagues()}}));
    reply(std::move(res));
  });
}

void report_reply(ServerState& state, const Request& req, const Reply& reply, std::int64_t from,
                  std::int64_t to, const std::string& format);

// GET /api/reports?from=MS&to=MS[&format=csv]: KPI history for [from, to).
void report(Request&& req, ServerState& state, Reply reply) {
  if (!supervisor_only(req, state, reply)) return;
  serve_report(std::move(req), state, std::move(reply));
}

}  // namespace

void serve_report(Request&& req, ServerState& state, Reply reply) {
  auto url = boost::urls::parse_origin_form(req.target());
  std::int64_t from = -1, to = -1;
  std::string format = "json";
  if (url) {
    for (const auto& param : url->params()) {
      if (param.key == "from") from = parse_ms(param.value).value_or(-1);
      if (param.key == "to") to = parse_ms(param.value).value_or(-1);
      if (param.key == "format") format = std::string(param.value);
    }
  }
  constexpr std::int64_t kLongestRange = 400LL * 24 * 3600 * 1000;
  if (from < 0 || to <= from || to - from > kLongestRange ||
      (format != "json" && format != "csv")) {
    reply(error_response(req, 400, "bad_request",
                         "give from and to (ms since the epoch, from < to, at most 400 days) "
                         "and format json or csv"));
    return;
  }
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply, from, to, format] {
    try {
      report_reply(state, req, reply, from, to, format);
    } catch (const std::exception& failure) {
      std::cerr << "kefu: report: " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the report failed; retry"));
    }
  });
}

namespace {

void report_reply(ServerState& state, const Request& req, const Reply& reply, std::int64_t from,
                  std::int64_t to, const std::string& format) {
  auto& office = state.back_office();
  {
    if (format == "csv") {
      Response res = json_response(
          req, 200, office.guarded([&](BackOffice& o) { return o.report_csv(from, to); }));
      res.set(http::field::content_type, "text/csv; charset=utf-8");
      res.set(http::field::content_disposition, "attachment; filename=\"kefu-kpi.csv\"");
      res.prepare_payload();
      reply(std::move(res));
      return;
    }
    reply(json_response(req, 200, json::serialize(office.guarded([&](BackOffice& o) {
                          return o.report_json(from, to);
                        }))));
  }
}

// GET /metrics: operations figures in the Prometheus text format, for the holder of the
// metrics token (`Authorization: Bearer TOKEN`). Without a configured token the endpoint is
// closed and answers 404 like any unknown path; a missing or wrong token gets 401.
void operations(Request&& req, ServerState& state, Reply reply) {
  const std::string& token = state.settings().metrics_token;
  if (token.empty()) {
    reply(error_response(req, 404, "not_found", "no such page"));
    return;
  }
  const std::string_view authorization = req[http::field::authorization];
  if (!authorization.starts_with("Bearer ") || !auth::same_secret(authorization.substr(7), token)) {
    auto res = error_response(req, 401, "unauthorized", "send the metrics token");
    res.set(http::field::www_authenticate, "Bearer realm=\"kefu-metrics\"");
    reply(std::move(res));
    return;
  }
  asio::post(state.desk(), [&state, req = std::move(req), reply] {
    metrics::OperationsFigures figures;
    const auto desk = state.centre().figures();
    for (const auto& q : state.centre().queue_stats()) {
      figures.queue_depth[q.name] = static_cast<std::int64_t>(q.waiting);
    }
    figures.connections["all"] = static_cast<std::int64_t>(desk.connections);
    figures.messages_total = desk.messages_stored;
    figures.messages_per_second = state.message_rate(desk.messages_stored);
    const auto latency = state.store().commit_latency();
    figures.store_commit_latency.upper_bounds_seconds.assign(store::kCommitBounds.begin(),
                                                             store::kCommitBounds.end());
    figures.store_commit_latency.counts.assign(latency.counts.begin(), latency.counts.end());
    figures.store_commit_latency.overflow = latency.overflow;
    figures.store_commit_latency.sum_seconds = latency.sum_seconds;
    Response res = json_response(req, 200, metrics::prometheus_text(figures));
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    res.prepare_payload();
    reply(std::move(res));
  });
}

}  // namespace

// CORS for the widget's calls from a shop's pages: only origins on the allow-list.
void allow_cross_origin(const Request& req, ServerState& state, Response& res) {
  const std::string origin(req[http::field::origin]);
  if (!state.origin_allowed(origin)) return;
  res.set(http::field::access_control_allow_origin, origin);
  res.set(http::field::vary, "Origin");
}

std::string session_cookie(const Request& req) {
  const std::string_view header = req[http::field::cookie];
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find(';', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(start, end - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::string_view prefix = "kefu_session=";
    if (pair.substr(0, prefix.size()) == prefix) return std::string(pair.substr(prefix.size()));
    start = end + 1;
  }
  return {};
}

bool handle_api(Request&& req, ServerState& state, Reply reply, const std::string& peer) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  const auto method = req.method();
  // Cross-site requests are refused here, once, before any route sees them (OriginPolicy).
  if (auto refusal = state.origins().cross_site_refusal(req)) {
    reply(std::move(*refusal));
    return true;
  }
  // The shop's systems with an API key: only the endpoints keys open (api_key_routes.hpp).
  if (path.starts_with("/api/") && presents_api_key(req)) {
    handle_keyed_api(std::move(req), state, std::move(reply));
    return true;
  }
  if (method == http::verb::options &&
      (path == "/api/widget/visitor" || path == "/api/tickets" || path == "/api/widget/identify" ||
       path == "/api/kb/search" || path == "/api/kb/feedback" || path == "/api/kb/read" ||
       path.starts_with("/api/attachments/") ||
       (path.starts_with("/api/conversations/") && path.ends_with("/attachments")))) {
    Response res = json_response(req, 204, "");
    allow_cross_origin(req, state, res);
    res.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
    res.set(http::field::access_control_allow_headers, "Content-Type, Authorization");
    res.set(http::field::access_control_max_age, "600");
    reply(std::move(res));
    return true;
  }
  auto only = [&](http::verb allowed) {
    if (method == allowed) return true;
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
    return false;
  };
  if (path == "/healthz") {
    if (only(http::verb::get)) healthz(std::move(req), state, std::move(reply));
  } else if (path == "/api/login") {
    if (only(http::verb::post)) login(std::move(req), state, std::move(reply), peer);
  } else if (path == "/api/logout") {
    if (only(http::verb::post)) logout(std::move(req), state, std::move(reply));
  } else if (path == "/api/me") {
    if (!only(http::verb::get)) return true;
    auto staff = state.staff_for_session(session_cookie(req));
    if (!staff) {
      reply(error_response(req, 401, "unauthorized", "not logged in"));
    } else {
      reply(
          json_response(req, 200, json::serialize(json::object{{"user", user_json(staff->user)}})));
    }
  } else if (path == "/api/agents") {
    if (only(http::verb::get)) colleagues(std::move(req), state, std::move(reply));
  } else if (path == "/api/reports") {
    if (only(http::verb::get)) report(std::move(req), state, std::move(reply));
  } else if (path == "/metrics") {
    if (only(http::verb::get)) operations(std::move(req), state, std::move(reply));
  } else if (path == "/api/widget/visitor") {
    if (only(http::verb::post)) visitor(std::move(req), state, std::move(reply), peer);
  } else if (path == "/api/tickets") {
    if (only(http::verb::post)) ticket(std::move(req), state, std::move(reply));
  } else if (handle_conversation_report(req, state, reply)) {
  } else if (handle_api_key_admin(req, state, reply)) {
  } else if (handle_webhook_admin(req, state, reply)) {
  } else if (handle_figure_report(req, state, reply)) {
  } else if (handle_series_report(req, state, reply)) {
  } else if (handle_alert_api(req, state, reply)) {
  } else if (handle_customer_api(req, state, reply)) {
  } else if (handle_kb_api(req, state, reply)) {
  } else if (handle_quality_api(req, state, reply)) {
  } else if (handle_attachment_api(req, state, reply)) {
  } else if (handle_workspace_api(req, state, reply)) {
  } else if (handle_canned_reply_api(req, state, reply)) {
  } else if (handle_conversation_api(req, state, reply)) {
  } else if (handle_admin_staff_api(req, state, reply)) {
  } else if (handle_care_api(req, state, reply)) {
  } else if (handle_mailbox_api(req, state, reply)) {
  } else if (handle_admin_config_api(req, state, reply)) {
  } else if (handle_retention_api(req, state, reply)) {
  } else if (handle_admin_routing_api(req, state, reply)) {
  } else if (handle_admin_sla_api(req, state, reply)) {
  } else if (handle_shop_link_api(req, state, reply)) {
  } else if (handle_tag_api(req, state, reply)) {
  } else if (path.rfind("/api/", 0) == 0) {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
  } else {
    return false;
  }
  return true;
}

}  // namespace kefu::net
