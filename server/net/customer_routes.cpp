#include "server/net/customer_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <iostream>

#include "server/auth/secret_token.hpp"
#include "server/customers/errors.hpp"
#include "server/customers/order_fields.hpp"
#include "server/customers/widget_identification.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/customer_erasure_route.hpp"
#include "server/net/json_body.hpp"
#include "server/shop/shop_errors.hpp"
#include "server/shop/sql_tag_catalogue.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

// Runs `work` on the back office; its customer errors become 400 / 401 / 404.
template <typename Work>
void on_back_office(ServerState& state, Request req, Reply reply, Work work) {
  asio::post(state.back_office_strand(), [&state, req = std::move(req), reply = std::move(reply),
                                          work = std::move(work)]() mutable {
    try {
      // Reads see the newest data; writes take the lock first (see BackOffice).
      if (req.method() == http::verb::get) {
        reply(state.back_office().guarded(work));
      } else {
        reply(state.back_office().in_write_transaction(work));
      }
    } catch (const customers::StaleWebhook& stale) {
      reply(error_response(req, 400, "stale_webhook", stale.what()));
    } catch (const customers::SignatureRejected&) {
      reply(error_response(req, 401, "bad_signature", "X-Shopify-Hmac-Sha256 does not match"));
    } catch (const customers::CustomerNotFound& missing) {
      reply(error_response(req, 404, "not_found", missing.what()));
    } catch (const customers::MergeConflict& conflict) {
      reply(error_response(req, 409, "conflict", conflict.what()));
    } catch (const customers::InvalidCustomerInput& bad) {
      reply(error_response(req, 400, "bad_request", bad.what()));
    } catch (const shop::ShopInputError& bad) {
      reply(error_response(req, 400, bad.code, bad.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

// A string member of a JSON object body; nullopt when the body is not one (json_object_body),
// or the member is missing or not a string.
std::optional<std::string> string_field(const std::optional<json::object>& body, const char* key) {
  if (!body) return std::nullopt;
  const auto* f = body->if_contains(key);
  if (f == nullptr || !f->is_string()) return std::nullopt;
  return std::string(f->as_string());
}

// A positive decimal id filling `text` exactly; nullopt otherwise.
std::optional<std::int64_t> parse_id(const std::string& text) {
  try {
    std::size_t used = 0;
    const std::int64_t id = std::stoll(text, &used);
    if (used != text.size() || id <= 0 || text.front() == '+' || text.front() == ' ')
      return std::nullopt;
    return id;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Longest email (RFC 5321) or phone the widget may claim, in bytes.
constexpr std::size_t kMaxClaimLength = 254;

// POST /api/widget/claim {"kind":"email"|"phone","value":"..."} with the visitor token: an
// unverified identity for the visitor's customer. The answer is the same whether or not the
// value matched another customer (WidgetIdentification::widget_reply).
void widget_claim(Request& req, ServerState& state, Reply& reply, std::int64_t now) {
  const auto refuse = [&](unsigned status, const char* code, const std::string& message) {
    auto res = error_response(req, status, code, message);
    allow_cross_origin(req, state, res);
    reply(std::move(res));
  };
  if (req.method() == http::verb::options) {
    Response res = json_response(req, 204, "");
    allow_cross_origin(req, state, res);
    res.set(http::field::access_control_allow_methods, "POST, OPTIONS");
    res.set(http::field::access_control_allow_headers, "Content-Type, Authorization");
    res.set(http::field::access_control_max_age, "600");
    reply(std::move(res));
    return;
  }
  if (req.method() != http::verb::post) return refuse(405, "method_not_allowed", "POST a claim");
  const std::string authorization(req[http::field::authorization]);
  auto customer = authorization.rfind("Bearer ", 0) == 0
                      ? state.customer_for_token(authorization.substr(7))
                      : std::nullopt;
  if (!customer) return refuse(401, "unauthorized", "send the visitor token");
  const auto body = json_object_body(req);
  auto kind = string_field(body, "kind");
  auto value = string_field(body, "value");
  if (!kind || !value)
    return refuse(400, "bad_request", R"(POST {"kind":"email"|"phone","value":string})");
  if (*kind != "email" && *kind != "phone")
    return refuse(400, "bad_kind", R"(kind must be "email" or "phone")");
  if (value->size() > kMaxClaimLength)
    return refuse(400, "too_long", "at most " + std::to_string(kMaxClaimLength) + " bytes");
  on_back_office(state, req, reply, [&state, req, customer, kind, value, now](BackOffice& office) {
    customers::ClaimReceipt receipt;
    try {
      receipt = office.claim_identity(customer->customer_id, *kind, *value, now);
    } catch (const customers::ClaimLimitReached& limit) {
      auto res = error_response(req, 429, "too_many_claims", limit.what());
      allow_cross_origin(req, state, res);
      return res;
    } catch (const customers::InvalidCustomerInput&) {
      // Nothing was stored (the claim's savepoint rolled back).
      auto res = error_response(req, 400, *kind == "email" ? "invalid_email" : "invalid_phone",
                                "not a valid " + *kind);
      allow_cross_origin(req, state, res);
      return res;
    }
    state.push_customer_view(receipt.customer_id);
    for (std::int64_t candidate : receipt.candidate_ids) state.push_customer_view(candidate);
    Event e;
    e.at = now;
    e.type = "identity_claimed";
    e.customer_id = receipt.customer_id;
    e.data = json::serialize(
        json::object{{"kind", *kind},
                     {"suggestions", static_cast<std::int64_t>(receipt.suggestion_ids.size())}});
    state.log_event(std::move(e));
    auto res =
        json_response(req, 200, json::serialize(customers::WidgetIdentification::widget_reply()));
    allow_cross_origin(req, state, res);
    return res;
  });
}

// An event about a merge decision, by a staff member, for the interaction log.
Event merge_event(std::string type, std::int64_t now, std::int64_t customer_id,
                  std::int64_t staff_id, json::object data) {
  Event e;
  e.at = now;
  e.type = std::move(type);
  e.customer_id = customer_id;
  e.agent_id = staff_id;
  e.data = json::serialize(data);
  return e;
}

// /api/customers/{id}/suggestions[/{sid}/accept|/{sid}/dismiss] and
// /api/customers/{id}/merges/{mid}/undo. Agents list, accept and dismiss suggestions; a merge
// is undone by supervisors and admins, or by the agent who accepted it.
void merge_decisions(Request& req, ServerState& state, Reply& reply, const StaffParty& staff,
                     std::int64_t id, const std::string& tail, std::int64_t now) {
  const auto method = req.method();
  const std::int64_t staff_id = staff.user.id;
  if (tail == "/suggestions") {
    if (method != http::verb::get) {
      reply(error_response(req, 405, "method_not_allowed", "GET the suggestions"));
      return;
    }
    on_back_office(state, req, reply, [req, id](BackOffice& office) {
      return json_response(
          req, 200, json::serialize(json::object{{"suggestions", office.merge_suggestions(id)}}));
    });
    return;
  }
  // "/suggestions/{sid}/accept" or "/merges/{mid}/undo"
  const bool is_suggestion = tail.rfind("/suggestions/", 0) == 0;
  const std::string rest = tail.substr(is_suggestion ? 13 : 8);
  const auto slash = rest.find('/');
  const auto item = parse_id(rest.substr(0, slash));
  const std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
  const bool is_merge = tail.rfind("/merges/", 0) == 0;
  const bool known =
      is_suggestion ? (action == "accept" || action == "dismiss") : is_merge && action == "undo";
  if (!item || !known) {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
    return;
  }
  if (method != http::verb::post) {
    reply(error_response(req, 405, "method_not_allowed", "POST to " + action));
    return;
  }
  const std::int64_t item_id = *item;
  if (action == "accept") {
    on_back_office(
        state, req, reply, [&state, req, id, item_id, staff_id, now](BackOffice& office) {
          office.suggestion_for(id, item_id);
          const auto merge = office.accept_suggestion(item_id, staff_id, now);
          state.push_customer_view(merge.target_id);
          state.log_event(merge_event("customer_merged", now, merge.target_id, staff_id,
                                      {{"merge_id", merge.id},
                                       {"source_id", merge.source_id},
                                       {"target_id", merge.target_id},
                                       {"reason", "suggestion"},
                                       {"suggestion_id", item_id}}));
          return json_response(req, 200,
                               json::serialize(json::object{{"merge_id", merge.id},
                                                            {"customer_id", merge.target_id},
                                                            {"source_id", merge.source_id}}));
        });
  } else if (action == "dismiss") {
    on_back_office(
        state, req, reply, [&state, req, id, item_id, staff_id, now](BackOffice& office) {
          const auto suggestion = office.suggestion_for(id, item_id);
          office.dismiss_suggestion(item_id, staff_id, now);
          state.push_customer_view(suggestion.customer_id);
          state.push_customer_view(suggestion.candidate_id);
          state.log_event(
              merge_event("merge_suggestion_dismissed", now, suggestion.customer_id, staff_id,
                          {{"suggestion_id", item_id}, {"candidate_id", suggestion.candidate_id}}));
          return json_response(req, 204, "");
        });
  } else {
    const bool may_undo_any = staff.user.role != store::Role::agent;
    on_back_office(
        state, req, reply,
        [&state, req, id, item_id, staff_id, may_undo_any, now](BackOffice& office) {
          const auto merge = office.merge_for(id, item_id);
          if (!may_undo_any && merge.by_agent != staff_id)
            return error_response(req, 403, "forbidden",
                                  "only supervisors and admins undo a merge another person made");
          office.undo_merge(item_id, staff_id, now);
          state.push_customer_view(merge.source_id);
          state.push_customer_view(merge.target_id);
          state.log_event(merge_event("customer_unmerged", now, merge.target_id, staff_id,
                                      {{"merge_id", merge.id},
                                       {"source_id", merge.source_id},
                                       {"target_id", merge.target_id}}));
          return json_response(req, 200,
                               json::serialize(json::object{{"merge_id", merge.id},
                                                            {"source_id", merge.source_id},
                                                            {"target_id", merge.target_id}}));
        });
  }
}

}  // namespace

bool serve_customer_read(Request& req, ServerState& state, Reply& reply) {
  if (req.method() != http::verb::get) return false;
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path == "/api/customers") {
    std::string query;
    if (auto url = boost::urls::parse_origin_form(target)) {
      auto params = url->params();
      if (auto it = params.find("q"); it != params.end()) query = std::string((*it).value);
    }
    on_back_office(state, req, reply, [req, query](BackOffice& office) {
      return json_response(
          req, 200, json::serialize(json::object{{"customers", office.search_customers(query)}}));
    });
    return true;
  }
  const std::string_view prefix = "/api/customers/";
  if (!path.starts_with(prefix)) return false;
  const auto id = parse_id(path.substr(prefix.size()));
  if (!id) return false;
  on_back_office(state, req, reply, [req, id = *id](BackOffice& office) {
    return json_response(req, 200, json::serialize(office.customer_view(id)));
  });
  return true;
}

bool handle_customer_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  const std::int64_t now = state.clock().now_ms();
  if (path == "/api/shop/orders") {
    if (req.method() != http::verb::post) {
      reply(error_response(req, 405, "method_not_allowed", "POST an order"));
      return true;
    }
    const std::string signature(req["X-Shopify-Hmac-Sha256"]);
    // The key that signed it, among those valid now (the shop's integration, --shop-secret).
    const std::string key = state.shop_link().order_key(req.body(), signature, now);
    if (key.empty()) {
      reply(error_response(req, 503, "no_shop_secret",
                           "rotate the order-webhook secret in the admin console, or start kefu "
                           "serve with --shop-secret"));
      return true;
    }
    customers::WebhookDelivery delivery;
    delivery.window_ms = state.settings().webhook_window_ms;
    delivery.id = std::string(req["X-Shopify-Webhook-Id"]);
    if (delivery.id.empty()) delivery.id = std::string(req["X-Shopify-Event-Id"]);
    const std::string triggered(req["X-Shopify-Triggered-At"]);
    if (!triggered.empty()) {
      delivery.triggered_at = customers::parse_timestamp(triggered);
      if (!delivery.triggered_at) {
        reply(error_response(req, 400, "stale_webhook", "X-Shopify-Triggered-At is not a time"));
        return true;
      }
    }
    on_back_office(
        state, req, reply, [&state, req, signature, key, delivery, now](BackOffice& office) {
          auto upsert = office.receive_order(req.body(), signature, key, now, delivery);
          if (!upsert.unchanged) {
            state.push_customer_view(upsert.customer_id);
            if (upsert.previous_customer_id) state.push_customer_view(*upsert.previous_customer_id);
          }
          return json_response(req, 200,
                               json::serialize(json::object{{"order_id", upsert.order_id},
                                                            {"customer_id", upsert.customer_id},
                                                            {"created", upsert.created},
                                                            {"unchanged", upsert.unchanged}}));
        });
    return true;
  }
  if (path == "/api/widget/identify") {
    // The shop's page vouches for its logged-in customer (HMAC of the shop's customer id).
    const std::string authorization(req[http::field::authorization]);
    auto customer = authorization.rfind("Bearer ", 0) == 0
                        ? state.customer_for_token(authorization.substr(7))
                        : std::nullopt;
    if (!customer) {
      reply(error_response(req, 401, "unauthorized", "send the visitor token"));
      return true;
    }
    const auto body = json_object_body(req);
    auto shop_id = string_field(body, "shop_customer_id");
    auto signature = string_field(body, "signature");
    if (req.method() != http::verb::post || !shop_id || !signature || shop_id->empty()) {
      reply(error_response(req, 400, "bad_request",
                           "POST {\"shop_customer_id\":string,\"signature\":hex}"));
      return true;
    }
    // Used only if the browser turns out to be another shop customer's (a new visitor).
    const std::string fresh_token = auth::new_secret_token();
    const BackOffice::FreshVisitor fresh{auth::new_public_id("v_"), auth::token_hash(fresh_token)};
    on_back_office(
        state, req, reply,
        [&state, req, customer, shop_id, signature, now, fresh, fresh_token](BackOffice& office) {
          const auto fresh_customer = office.identify_visitor(
              customer->customer_id, customer->visitor_id, *shop_id, *signature,
              state.shop_link().identity_key(*shop_id, *signature, now), now, fresh);
          state.push_customer_view(customer->customer_id);
          json::object answer{{"ok", true}};
          if (fresh_customer) {
            // The old visitor's sockets close; its token no longer opens anything.
            asio::post(state.desk(), [&state, old = customer->visitor_id] {
              state.centre().end_visitor_session(old);
            });
            answer["token"] = fresh_token;
            answer["visitor_id"] = fresh.visitor_id;
          }
          auto res = json_response(req, 200, json::serialize(answer));
          allow_cross_origin(req, state, res);
          return res;
        });
    return true;
  }
  if (path == "/api/widget/claim") {
    widget_claim(req, state, reply, now);
    return true;
  }
  if (path == "/api/demo/identity") {
    const std::string key = state.shop_link().signing_key(shop::SecretKind::widget_identity);
    if (!state.settings().demo || key.empty()) {
      reply(error_response(req, 404, "not_found", "only with kefu serve --demo --shop-secret"));
      return true;
    }
    on_back_office(state, req, reply, [req, key](BackOffice& office) {
      auto [id, signature] = office.demo_identity(key);
      return json_response(
          req, 200,
          json::serialize(json::object{{"shop_customer_id", id}, {"signature", signature}}));
    });
    return true;
  }
  if (path != "/api/customers" && path.rfind("/api/customers/", 0) != 0) return false;

  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  if (serve_customer_read(req, state, reply)) return true;
  const auto method = req.method();
  if (path == "/api/customers") {
    reply(error_response(req, 405, "method_not_allowed", "GET with ?q="));
    return true;
  }
  // /api/customers/{id}[/notes | /tags[/{tag}]]
  std::string rest = path.substr(std::string("/api/customers/").size());
  const auto slash = rest.find('/');
  std::int64_t id = 0;
  try {
    std::size_t used = 0;
    id = std::stoll(rest.substr(0, slash), &used);
    if (used != rest.substr(0, slash).size() || id <= 0) throw std::invalid_argument("id");
  } catch (const std::exception&) {
    reply(error_response(req, 404, "not_found", "no such customer"));
    return true;
  }
  const std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
  const std::int64_t author = staff->user.id;
  if (tail.empty() && method == http::verb::delete_) {
    if (staff->user.role != store::Role::admin) {
      reply(error_response(req, 403, "forbidden", "only admins erase customers"));
      return true;
    }
    erase_customer_everywhere(req, state, reply, id, now);
  } else if (tail.rfind("/suggestions", 0) == 0 || tail.rfind("/merges/", 0) == 0) {
    merge_decisions(req, state, reply, *staff, id, tail, now);
  } else if (tail == "/notes" && method == http::verb::post) {
    auto text = string_field(json_object_body(req), "text");
    if (!text) {
      reply(error_response(req, 400, "bad_request", "send {\"text\":string}"));
      return true;
    }
    on_back_office(state, req, reply, [&state, req, id, author, text, now](BackOffice& office) {
      const auto note = office.add_note(id, author, *text, now);
      state.push_customer_view(id);
      return json_response(req, 201, json::serialize(json::object{{"id", note}}));
    });
  } else if (tail == "/tags" && method == http::verb::post) {
    auto tag = string_field(json_object_body(req), "tag");
    if (!tag) {
      reply(error_response(req, 400, "bad_request", "send {\"tag\":string}"));
      return true;
    }
    on_back_office(state, req, reply, [&state, req, id, tag, now](BackOffice& office) {
      shop::SqlTagCatalogue catalogue(office.sql());
      shop::require_known_tag(catalogue, *tag);  // the admins' catalogue, once they keep one
      office.add_tag(id, *tag, now);
      state.push_customer_view(id);
      return json_response(req, 204, "");
    });
  } else if (tail.rfind("/tags/", 0) == 0 && method == http::verb::delete_) {
    const std::string raw_tag = tail.substr(6);  // the view below must not outlive it
    auto encoded = boost::urls::make_pct_string_view(raw_tag);
    if (!encoded) {
      reply(error_response(req, 400, "bad_request", "bad percent-encoding in the tag"));
      return true;
    }
    const std::string plain = encoded->decode();
    on_back_office(state, req, reply, [&state, req, id, plain](BackOffice& office) {
      office.remove_tag(id, plain);
      state.push_customer_view(id);
      return json_response(req, 204, "");
    });
  } else {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
  }
  return true;
}

}  // namespace kefu::net
