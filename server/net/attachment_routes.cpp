#include "server/net/attachment_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>
#include <iostream>

#include "server/domain/outbound.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/conversation_note_flow.hpp"
#include "server/workspace/attachment_type.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;
using workspace::AttachmentRecord;

namespace {

constexpr std::string_view kConversations = "/api/conversations/";
constexpr std::string_view kAttachments = "/api/attachments/";
constexpr std::string_view kSuffix = "/attachments";

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value < 1) {
    return std::nullopt;
  }
  return value;
}

// Who calls: a staff member (cookie) or a customer (Bearer visitor token).
struct Caller {
  std::optional<StaffParty> staff;
  std::optional<CustomerParty> customer;
};

json::object attachment_json(const AttachmentRecord& a) {
  return {{"id", a.id},
          {"conversation_id", a.conversation_id},
          {"name", a.name},
          {"content_type", a.content_type},
          {"size", a.size},
          {"at", a.created_at},
          {"uploader", json::object{{"kind", a.uploader_kind}, {"id", a.uploader_id}}},
          {"url", "/api/attachments/" + std::to_string(a.id)}};
}

// Whether the caller may read the conversation's attachments (`upload`: add one).
bool allowed(ServerState& state, const Caller& caller, std::int64_t conversation, bool upload) {
  auto& ws = state.workspace();
  if (caller.customer)
    return ws.attachments->customer_of(conversation) == caller.customer->customer_id;
  auto staff = ws.notes->staff_of(conversation);
  if (!staff) return false;
  if (upload) {
    return caller.staff->user.role != store::Role::agent ||
           staff->agent_id == caller.staff->user.id;
  }
  return may_see_notes(*ws.notes, *staff, *caller.staff);
}

Response refused(const Request& req, ServerState& state, unsigned status, std::string_view code,
                 std::string_view message) {
  auto res = error_response(req, status, code, message);
  allow_cross_origin(req, state, res);
  return res;
}

// The download: the bytes, never shown as a page by the browser.
Response download(const Request& req, const AttachmentRecord& a, std::string bytes) {
  Response res{http::status::ok, req.version()};
  res.set(http::field::content_type, a.content_type);
  std::string ascii;
  for (char c : a.name) ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? c : '_';
  res.set(http::field::content_disposition,
          "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
              boost::urls::encode(a.name, boost::urls::unreserved_chars));
  res.set(http::field::cache_control, "private, no-store");
  res.set("Content-Security-Policy", "default-src 'none'; sandbox");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(bytes);
  res.prepare_payload();
  return res;
}

void upload(Request& req, ServerState& state, Reply& reply, Caller caller,
            std::int64_t conversation) {
  std::string name = "file";
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) return reply(refused(req, state, 400, "bad_request", "malformed query"));
  for (const auto& param : url->params()) {
    if (param.key != "name") return reply(refused(req, state, 400, "bad_request", "only name="));
    name = workspace::clean_attachment_name(param.value);
  }
  if (req.body().empty())
    return reply(refused(req, state, 400, "bad_request", "the body is empty"));
  const std::string type = workspace::sniff_attachment_type(req.body());
  if (type.empty()) {
    return reply(refused(req, state, 415, "unsupported_type",
                         "images (PNG, JPEG, GIF, WebP) and PDFs only"));
  }
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply = std::move(reply),
                                          caller, conversation, name, type]() mutable {
    auto& ws = state.workspace();
    std::string key;
    try {
      const bool may = state.back_office().guarded(
          [&](BackOffice&) { return allowed(state, caller, conversation, true); });
      if (!may) return reply(refused(req, state, 404, "not_found", "no such conversation"));
      key = ws.attachment_files->keep(req.body());
      AttachmentRecord record{
          0,
          conversation,
          caller.customer ? "customer" : "agent",
          caller.customer ? caller.customer->customer_id : caller.staff->user.id,
          name,
          type,
          static_cast<std::int64_t>(req.body().size()),
          key,
          state.clock().now_ms()};
      auto stored = state.back_office().in_write_transaction(
          [&](BackOffice&) { return ws.attachments->add(record); });
      const auto customer = ws.attachments->customer_of(conversation);
      const auto frame = outbound::frame_of(json::object{{"type", "attachment"},
                                                         {"conversation_id", conversation},
                                                         {"attachment", attachment_json(stored)}});
      asio::post(state.desk(), [&state, frame, conversation, customer] {
        state.centre().send_to_conversation_staff(conversation, frame, {});
        if (customer) state.centre().send_to_customer(*customer, frame);
      });
      auto res = json_response(
          req, 201, json::serialize(json::object{{"attachment", attachment_json(stored)}}));
      allow_cross_origin(req, state, res);
      reply(std::move(res));
    } catch (const std::exception& failure) {
      if (!key.empty()) ws.attachment_files->remove(key);
      std::cerr << "kefu: attachment: " << failure.what() << "\n";
      reply(refused(req, state, 503, "unavailable", "could not keep the file; retry"));
    }
  });
}

void list(Request& req, ServerState& state, Reply& reply, Caller caller,
          std::int64_t conversation) {
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply = std::move(reply),
                                          caller, conversation]() mutable {
    try {
      auto found = state.back_office().guarded([&](BackOffice&) {
        std::optional<std::vector<AttachmentRecord>> out;
        if (allowed(state, caller, conversation, false)) {
          out = state.workspace().attachments->of_conversation(conversation);
        }
        return out;
      });
      if (!found) return reply(refused(req, state, 404, "not_found", "no such conversation"));
      json::array out;
      for (const auto& a : *found) out.push_back(attachment_json(a));
      auto res = json_response(req, 200, json::serialize(json::object{{"attachments", out}}));
      allow_cross_origin(req, state, res);
      reply(std::move(res));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: attachments: " << failure.what() << "\n";
      reply(refused(req, state, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

void fetch(Request& req, ServerState& state, Reply& reply, Caller caller, std::int64_t id) {
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply = std::move(reply),
                                          caller, id]() mutable {
    try {
      auto found = state.back_office().guarded([&](BackOffice&) {
        auto a = state.workspace().attachments->find(id);
        if (a && !allowed(state, caller, a->conversation_id, false)) a.reset();
        return a;
      });
      if (!found) return reply(refused(req, state, 404, "not_found", "no such attachment"));
      auto res = download(req, *found, state.workspace().attachment_files->read(found->file_key));
      allow_cross_origin(req, state, res);
      reply(std::move(res));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: attachment " << id << ": " << failure.what() << "\n";
      reply(refused(req, state, 503, "unavailable", "could not read the file; retry"));
    }
  });
}

}  // namespace

bool is_attachment_upload(const http::request_header<>& header) {
  const std::string_view target = header.target();
  const std::string_view path = target.substr(0, target.find('?'));
  return header.method() == http::verb::post && path.starts_with(kConversations) &&
         path.ends_with(kSuffix);
}

bool handle_attachment_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  std::optional<std::int64_t> conversation, attachment;
  if (path.starts_with(kAttachments)) {
    attachment = whole_number(std::string_view(path).substr(kAttachments.size()));
  } else if (path.starts_with(kConversations) && path.ends_with(kSuffix) &&
             path.size() > kConversations.size() + kSuffix.size()) {
    conversation = whole_number(std::string_view(path).substr(
        kConversations.size(), path.size() - kConversations.size() - kSuffix.size()));
  } else {
    return false;
  }
  Caller caller;
  const std::string authorization(req[http::field::authorization]);
  if (authorization.starts_with("Bearer ")) {
    caller.customer = state.customer_for_token(authorization.substr(7));
  } else {
    caller.staff = state.staff_for_session(session_cookie(req));
  }
  if (!caller.customer && !caller.staff) {
    reply(refused(req, state, 401, "unauthorized", "log in or send a visitor token"));
    return true;
  }
  if (!conversation && !attachment) {
    reply(refused(req, state, 404, "not_found", "no such attachment"));
    return true;
  }
  const auto method = req.method();
  if (attachment) {
    if (method != http::verb::get) {
      reply(refused(req, state, 405, "method_not_allowed", "GET"));
    } else {
      fetch(req, state, reply, caller, *attachment);
    }
  } else if (method == http::verb::post) {
    upload(req, state, reply, caller, *conversation);
  } else if (method == http::verb::get) {
    list(req, state, reply, caller, *conversation);
  } else {
    reply(refused(req, state, 405, "method_not_allowed", "GET or POST"));
  }
  return true;
}

}  // namespace kefu::net
