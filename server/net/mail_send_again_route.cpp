#include "server/net/mail_send_again_route.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <iostream>
#include <regex>

#include "server/mail/sqlite_mail_outbox.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/mail_service.hpp"
#include "server/net/server_state.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

std::optional<std::int64_t> positive(const std::string& digits) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0) return std::nullopt;
  return n;
}

// The reply's outbox state, read on the back office strand; "" when there is none.
std::string state_of(ServerState& state, std::int64_t conversation, std::int64_t seq) {
  return state.back_office().guarded([&](BackOffice& office) {
    mail::SqliteMailOutbox outbox(office.sql());
    for (const auto& e : outbox.of_conversation(conversation)) {
      if (e.seq == seq) return e.state;
    }
    return std::string();
  });
}

void requeue(ServerState& state, const Request& req, const Reply& reply, std::int64_t conversation,
             std::int64_t seq) {
  const bool queued = state.back_office().guarded([&](BackOffice& office) {
    mail::SqliteMailOutbox outbox(office.sql());
    return outbox.send_again(conversation, seq, state.clock().now_ms());
  });
  if (!queued) {
    reply(error_response(req, 409, "not_uncertain", "the reply is no longer uncertain"));
    return;
  }
  state.mail().wake();
  reply(json_response(req, 200,
                      json::serialize(json::object{
                          {"conversation_id", conversation}, {"seq", seq}, {"state", "queued"}})));
}

}  // namespace

bool handle_mail_send_again(Request& req, ServerState& state, Reply& reply) {
  static const std::regex kPath(
      R"(/api/mail/conversations/(\d{1,18})/replies/(\d{1,18})/send-again)");
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  std::smatch match;
  if (!std::regex_match(path, match, kPath)) return false;
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  if (req.method() != http::verb::post) {
    reply(error_response(req, 405, "method_not_allowed", "POST"));
    return true;
  }
  const auto conversation = positive(match[1].str());
  const auto seq = positive(match[2].str());
  if (!conversation || !seq) {
    reply(error_response(req, 404, "not_found", "no such reply"));
    return true;
  }
  asio::post(
      state.desk(), [&state, req, reply, id = *conversation, seq = *seq, user = staff->user] {
        const auto* open = state.centre().open_conversation(id);
        const bool supervises = user.role != store::Role::agent;
        if (!supervises && (open == nullptr || open->agent_id != user.id)) {
          reply(error_response(req, 404, "not_found", "no such conversation"));
          return;
        }
        Event e;
        e.at = state.clock().now_ms();
        e.type = "mail_sent_again";
        e.conversation_id = id;
        e.agent_id = user.id;
        if (open != nullptr) {
          e.customer_id = open->customer_id;
          e.channel = open->channel;
          e.queue = open->queue;
        }
        e.data = json::serialize(json::object{{"seq", seq}});
        asio::post(state.back_office_strand(), [&state, req, reply, id, seq, e = std::move(e)] {
          try {
            const std::string now_state = state_of(state, id, seq);
            if (now_state.empty()) {
              reply(error_response(req, 404, "not_found", "no such reply by e-mail"));
              return;
            }
            if (now_state != "uncertain") {
              reply(error_response(req, 409, "not_uncertain", "the reply is " + now_state));
              return;
            }
            // The decision is logged first: a reply is never sent again without its trace.
            store::WriteBatch audit;
            audit.mutations.push_back(store::AppendEvent{e});
            state.store().submit(
                std::move(audit), [&state, req, reply, id, seq](store::WriteResult written) {
                  if (!written.ok) {
                    reply(error_response(req, 503, "unavailable", "could not log it; retry"));
                    return;
                  }
                  asio::post(state.back_office_strand(), [&state, req, reply, id, seq] {
                    try {
                      requeue(state, req, reply, id, seq);
                    } catch (const std::exception& failure) {
                      std::cerr << "kefu: mail send again: " << failure.what() << "\n";
                      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
                    }
                  });
                });
          } catch (const std::exception& failure) {
            std::cerr << "kefu: mail send again: " << failure.what() << "\n";
            reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
          }
        });
      });
  return true;
}

}  // namespace kefu::net
