#include "server/net/mailbox_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <iostream>

#include "server/mail/mailbox_rules.hpp"
#include "server/mail/sqlite_mail_outbox.hpp"
#include "server/mail/sqlite_mail_threads.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/net/mail_send_again_route.hpp"
#include "server/net/mail_service.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kMailboxes = "/api/admin/mailboxes";
constexpr std::string_view kConversations = "/api/mail/conversations/";

struct BadRequest : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

std::optional<std::int64_t> positive_id(std::string_view digits) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return id;
}

json::object mailbox_json(const mail::Mailbox& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"address", m.address},
          {"display_name", m.display_name},
          {"queue", m.queue},
          {"security", m.security},
          {"smtp_url", m.smtp_url},
          {"imap_url", m.imap_url},
          {"imap_folder", m.imap_folder},
          {"login", m.login},
          {"password_set", !m.sealed_password.empty()},
          {"updated_at", m.updated_at}};
}

std::string text(const json::object& o, std::string_view key, bool required,
                 std::string fallback = "") {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) {
    if (required) throw BadRequest(std::string(key) + " is required");
    return fallback;
  }
  if (!v->is_string() || v->get_string().size() > 1024) {
    throw BadRequest(std::string(key) + " must be a string");
  }
  return std::string(v->get_string());
}

// The mailbox in a POST or PUT body, and the password when the body names one.
std::pair<mail::Mailbox, std::optional<std::string>> read_mailbox(const Request& req) {
  auto body = json_object_body(req);
  if (!body) throw BadRequest("the body must be a JSON object");
  for (const auto& member : *body) {
    const std::string_view key = member.key();
    if (key != "name" && key != "address" && key != "display_name" && key != "queue" &&
        key != "security" && key != "smtp_url" && key != "imap_url" && key != "imap_folder" &&
        key != "login" && key != "password") {
      throw BadRequest("unknown field " + std::string(key));
    }
  }
  mail::Mailbox m;
  m.name = text(*body, "name", true);
  m.address = text(*body, "address", true);
  m.display_name = text(*body, "display_name", false);
  m.queue = text(*body, "queue", true);
  m.security = text(*body, "security", false, "starttls");
  m.smtp_url = text(*body, "smtp_url", true);
  m.imap_url = text(*body, "imap_url", false);
  m.imap_folder = text(*body, "imap_folder", false, "INBOX");
  m.login = text(*body, "login", false);
  std::optional<std::string> password;
  if (body->contains("password")) {
    password = text(*body, "password", true);
    if (password->size() > 256) throw BadRequest("password: at most 256 bytes");
  }
  return {m, password};
}

// Admins only; answers 401/403 itself.
bool admin_only(const Request& req, ServerState& state, const Reply& reply) {
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return false;
  }
  if (staff->user.role != store::Role::admin) {
    reply(error_response(req, 403, "forbidden", "for admins only"));
    return false;
  }
  return true;
}

// Runs `work(mailboxes, queues)` on the back office strand, inside a write transaction when
// `writes`, with the desk's ticket queues, and turns the mailbox errors into their replies.
template <typename Work>
void on_mailboxes(ServerState& state, const Request& req, const Reply& reply, bool writes,
                  Work work) {
  asio::post(state.desk(), [&state, req, reply, writes, work = std::move(work)]() mutable {
    auto queues = state.centre().ticket_queues();
    asio::post(state.back_office_strand(), [&state, req, reply, writes, queues,
                                            work = std::move(work)]() mutable {
      try {
        auto run = [&](BackOffice& office) {
          mail::SqliteMailboxes mailboxes(office.sql());
          return work(mailboxes, queues);
        };
        reply(writes ? state.back_office().in_write_transaction(run)
                     : state.back_office().guarded(run));
      } catch (const mail::MailboxInvalid& bad) {
        reply(error_response(req, 400, bad.code, bad.what()));
      } catch (const mail::MailboxNameTaken& taken) {
        reply(error_response(req, 409, "name_taken", taken.what()));
      } catch (const std::exception& failure) {
        std::cerr << "kefu: mailboxes: " << failure.what() << "\n";
        reply(error_response(req, 503, "unavailable", "the change could not be stored; retry"));
      }
    });
  });
}

void mailboxes_route(Request& req, ServerState& state, Reply& reply, const std::string& path) {
  if (!admin_only(req, state, reply)) return;
  const std::string rest =
      path.size() > kMailboxes.size() ? path.substr(kMailboxes.size() + 1) : std::string();
  if (path.size() > kMailboxes.size() && path[kMailboxes.size()] != '/') {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
    return;
  }
  if (rest.empty() && req.method() == http::verb::get) {
    on_mailboxes(state, req, reply, false,
                 [req](mail::Mailboxes& mailboxes, const std::vector<std::string>& queues) {
                   json::array list, queue_names;
                   for (const auto& m : mailboxes.list()) list.push_back(mailbox_json(m));
                   for (const auto& q : queues) queue_names.emplace_back(q);
                   return json_response(
                       req, 200,
                       json::serialize(json::object{{"mailboxes", list}, {"queues", queue_names}}));
                 });
    return;
  }
  const bool add = rest.empty() && req.method() == http::verb::post;
  const auto id = positive_id(rest);
  const bool change = id && req.method() == http::verb::put;
  if (!add && !change) {
    if (rest.empty() || id) {
      reply(error_response(req, 405, "method_not_allowed", rest.empty() ? "GET, POST" : "PUT"));
    } else {
      reply(error_response(req, 404, "not_found", "no such mailbox"));
    }
    return;
  }
  std::pair<mail::Mailbox, std::optional<std::string>> form;
  try {
    form = read_mailbox(req);
  } catch (const BadRequest& bad) {
    reply(error_response(req, 400, "bad_request", bad.what()));
    return;
  }
  auto [mailbox, password] = std::move(form);
  std::optional<std::string> sealed;
  if (password) sealed = password->empty() ? std::string() : state.mail().seal().seal(*password);
  const std::int64_t now = state.clock().now_ms();
  on_mailboxes(state, req, reply, true,
               [req, mailbox = std::move(mailbox), sealed, now, add, id = id.value_or(0)](
                   mail::Mailboxes& mailboxes, const std::vector<std::string>& queues) mutable {
                 mail::check_mailbox(mailbox, queues);
                 mailbox.updated_at = now;
                 if (add) {
                   mailbox.created_at = now;
                   mailbox.sealed_password = sealed.value_or("");
                   mailbox.id = mailboxes.add(mailbox);
                   return json_response(
                       req, 201, json::serialize(json::object{{"mailbox", mailbox_json(mailbox)}}));
                 }
                 auto before = mailboxes.find(id);
                 if (!before) return error_response(req, 404, "not_found", "no such mailbox");
                 mailbox.id = id;
                 mailbox.created_at = before->created_at;
                 mailbox.sealed_password = sealed.value_or(before->sealed_password);
                 mailboxes.update(mailbox);
                 return json_response(
                     req, 200, json::serialize(json::object{{"mailbox", mailbox_json(mailbox)}}));
               });
}

// GET /api/mail/conversations/{id}: for the conversation's agent, supervisors and admins.
void conversation_route(Request& req, ServerState& state, Reply& reply, const std::string& path) {
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return;
  }
  const auto id = positive_id(std::string_view(path).substr(kConversations.size()));
  if (!id) {
    reply(error_response(req, 404, "not_found", "no such conversation"));
    return;
  }
  if (req.method() != http::verb::get) {
    reply(error_response(req, 405, "method_not_allowed", "GET"));
    return;
  }
  asio::post(state.desk(), [&state, req, reply, id = *id, user = staff->user] {
    const auto* open = state.centre().open_conversation(id);
    const bool supervises = user.role != store::Role::agent;
    if (!supervises && (open == nullptr || open->agent_id != user.id)) {
      reply(error_response(req, 404, "not_found", "no such conversation"));
      return;
    }
    asio::post(state.back_office_strand(), [&state, req, reply, id] {
      try {
        auto answer = state.back_office().guarded([&](BackOffice& office) -> Response {
          mail::SqliteMailThreads threads(office.sql());
          auto thread = threads.thread_of(id);
          if (!thread) return error_response(req, 404, "not_email", "not an e-mail conversation");
          mail::SqliteMailboxes mailboxes(office.sql());
          auto mailbox = mailboxes.find(thread->mailbox_id);
          mail::SqliteMailOutbox outbox(office.sql());
          json::array replies;
          for (const auto& e : outbox.of_conversation(id)) {
            replies.push_back(json::object{{"seq", e.seq},
                                           {"state", e.state},
                                           {"attempts", e.attempts},
                                           {"error", e.error},
                                           {"updated_at", e.updated_at}});
          }
          json::object body{{"conversation_id", id},
                            {"address", thread->address},
                            {"subject", thread->subject},
                            {"replies", replies}};
          if (mailbox) {
            body["mailbox"] = json::object{{"name", mailbox->name}, {"address", mailbox->address}};
          }
          return json_response(req, 200, json::serialize(body));
        });
        reply(std::move(answer));
      } catch (const std::exception& failure) {
        std::cerr << "kefu: mail conversation: " << failure.what() << "\n";
        reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
      }
    });
  });
}

}  // namespace

bool handle_mailbox_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path.rfind(kMailboxes, 0) == 0) {
    mailboxes_route(req, state, reply, path);
    return true;
  }
  if (path.rfind(kConversations, 0) == 0) {
    if (handle_mail_send_again(req, state, reply)) return true;
    conversation_route(req, state, reply, path);
    return true;
  }
  return false;
}

}  // namespace kefu::net
