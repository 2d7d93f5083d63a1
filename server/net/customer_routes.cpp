#include "server/net/customer_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>

#include <iostream>

#include "server/customers/errors.hpp"
#include "server/net/api_routes.hpp"

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
    } catch (const customers::SignatureRejected&) {
      reply(error_response(req, 401, "bad_signature", "X-Shopify-Hmac-Sha256 does not match"));
    } catch (const customers::CustomerNotFound&) {
      reply(error_response(req, 404, "not_found", "no such customer"));
    } catch (const customers::InvalidCustomerInput& bad) {
      reply(error_response(req, 400, "bad_request", bad.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

std::optional<std::string> string_field(const std::string& body, const char* key) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* f = v.as_object().if_contains(key);
  if (f == nullptr || !f->is_string()) return std::nullopt;
  return std::string(f->as_string());
}

}  // namespace

bool handle_customer_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  const std::int64_t now = state.clock().now_ms();
  if (path == "/api/shop/orders") {
    if (req.method() != http::verb::post) {
      reply(error_response(req, 405, "method_not_allowed", "POST an order"));
      return true;
    }
    if (state.settings().shop_secret.empty()) {
      reply(error_response(req, 503, "no_shop_secret", "start kefu serve with --shop-secret"));
      return true;
    }
    const std::string signature(req["X-Shopify-Hmac-Sha256"]);
    on_back_office(state, req, reply, [&state, req, signature, now](BackOffice& office) {
      auto upsert = office.receive_order(req.body(), signature, state.settings().shop_secret, now);
      state.push_customer_view(upsert.customer_id);
      if (upsert.previous_customer_id) state.push_customer_view(*upsert.previous_customer_id);
      return json_response(req, 200, json::serialize(json::object{
                                          {"order_id", upsert.order_id},
                                          {"customer_id", upsert.customer_id},
                                          {"created", upsert.created}}));
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
    auto shop_id = string_field(req.body(), "shop_customer_id");
    auto signature = string_field(req.body(), "signature");
    if (req.method() != http::verb::post || !shop_id || !signature || shop_id->empty()) {
      reply(error_response(req, 400, "bad_request",
                           "POST {\"shop_customer_id\":string,\"signature\":hex}"));
      return true;
    }
    on_back_office(state, req, reply, [&state, req, customer, shop_id, signature,
                                       now](BackOffice& office) {
      office.identify_visitor(customer->customer_id, customer->visitor_id, *shop_id, *signature,
                              state.settings().shop_secret, now);
      state.push_customer_view(customer->customer_id);
      auto res = json_response(req, 200, R"({"ok":true})");
      allow_cross_origin(req, state, res);
      return res;
    });
    return true;
  }
  if (path == "/api/demo/identity") {
    if (!state.settings().demo || state.settings().shop_secret.empty()) {
      reply(error_response(req, 404, "not_found", "only with kefu serve --demo --shop-secret"));
      return true;
    }
    on_back_office(state, req, reply, [&state, req](BackOffice& office) {
      auto [id, signature] = office.demo_identity(state.settings().shop_secret);
      return json_response(req, 200, json::serialize(json::object{
                                         {"shop_customer_id", id}, {"signature", signature}}));
    });
    return true;
  }
  if (path != "/api/customers" && path.rfind("/api/customers/", 0) != 0) return false;

  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  const auto method = req.method();
  if (path == "/api/customers") {
    if (method != http::verb::get) {
      reply(error_response(req, 405, "method_not_allowed", "GET with ?q="));
      return true;
    }
    std::string query;
    if (auto url = boost::urls::parse_origin_form(target)) {
      auto params = url->params();
      if (auto it = params.find("q"); it != params.end()) query = std::string((*it).value);
    }
    on_back_office(state, req, reply, [req, query](BackOffice& office) {
      return json_response(req, 200,
                           json::serialize(json::object{{"customers", office.search_customers(query)}}));
    });
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
  if (tail.empty() && method == http::verb::get) {
    on_back_office(state, req, reply, [req, id](BackOffice& office) {
      return json_response(req, 200, json::serialize(office.customer_view(id)));
    });
  } else if (tail.empty() && method == http::verb::delete_) {
    if (staff->user.role != store::Role::admin) {
      reply(error_response(req, 403, "forbidden", "only admins erase customers"));
      return true;
    }
    on_back_office(state, req, reply, [req, id, now](BackOffice& office) {
      office.erase_customer(id, now);
      return json_response(req, 204, "");
    });
  } else if (tail == "/notes" && method == http::verb::post) {
    auto text = string_field(req.body(), "text");
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
    auto tag = string_field(req.body(), "tag");
    if (!tag) {
      reply(error_response(req, 400, "bad_request", "send {\"tag\":string}"));
      return true;
    }
    on_back_office(state, req, reply, [&state, req, id, tag, now](BackOffice& office) {
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
