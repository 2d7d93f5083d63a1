#include "server/net/shop_link_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "server/customers/signatures.hpp"
#include "server/net/admin_access.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/customer_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/shop/shop_errors.hpp"
#include "server/shop/shop_origins.hpp"
#include "server/shop/sql_shop_link_store.hpp"
#include "server/shop/test_order.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kSecretsPrefix = "/api/admin/shop/secrets/";

// The summary of the shop's integration with the snippet a shop pastes into its pages.
json::object summary(const Request& req, ServerState& state) {
  json::object out = state.shop_link().summary(state.clock().now_ms());
  const std::string own = state.origins().own_origin(req);
  out["snippet"] = "<script src=\"" + own + "/widget.js\" defer></script>";
  out["preview_url"] = "/widget-preview";
  json::array flag;
  for (const auto& o : state.settings().allowed_origins) flag.emplace_back(o);
  out["flag_origins"] = std::move(flag);
  return out;
}

// Runs `work(store)` in the back office's write transaction, then `after()` (making it live)
// and answers with it; a ShopInputError is a 400 with its code and changes nothing.
template <typename Work, typename After>
void change(ServerState& state, const Request& req, const Reply& reply, Work work, After after) {
  asio::post(state.back_office_strand(), [&state, req, reply, work, after] {
    try {
      auto result = state.back_office().in_write_transaction([&](BackOffice& office) {
        shop::SqlShopLinkStore store(office.sql());
        return work(store);
      });
      reply(after(std::move(result)));
    } catch (const shop::ShopInputError& bad) {
      reply(error_response(req, 400, bad.code, bad.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

void rotate(const Request& req, ServerState& state, const Reply& reply, std::int64_t by,
            std::string_view kind_text) {
  const auto kind = shop::kind_named(kind_text);
  if (!kind) {
    reply(error_response(req, 404, "not_found", "the secrets are order_webhook, widget_identity"));
    return;
  }
  const auto body = json_object_body(req);
  const json::value* overlap = body ? body->if_contains("overlap_seconds") : nullptr;
  if (!body || body->size() != 1 || !overlap || !overlap->is_int64()) {
    reply(error_response(req, 400, "bad_request", "the body is {\"overlap_seconds\": N}"));
    return;
  }
  const std::int64_t seconds = overlap->get_int64();
  if (seconds < 0 || seconds > shop::kMaxOverlapMs / 1000) {
    reply(error_response(req, 400, "bad_overlap", "overlap_seconds is 0 to 604800 (a week)"));
    return;
  }
  const std::int64_t now = state.clock().now_ms();
  change(
      state, req, reply,
      [&state, kind, seconds, by, now](shop::ShopLinkStore& store) {
        return state.shop_link().rotate(store, *kind, seconds * 1000, by, now);
      },
      [&state, req, kind](shop::ShopSecret secret) {
        json::object out{
            {"kind", shop::kind_name(*kind)},
            {"secret", secret.current},
            {"rotated_at", secret.rotated_at},
            {"previous_until",
             secret.previous.empty() ? json::value(nullptr) : json::value(secret.previous_until)}};
        state.shop_link().adopt(*kind, std::move(secret));
        auto res = json_response(req, 200, json::serialize(out));
        res.set(http::field::cache_control, "no-store");
        return res;
      });
}

void replace_origins(const Request& req, ServerState& state, const Reply& reply, std::int64_t by) {
  const auto body = json_object_body(req);
  const json::value* list = body ? body->if_contains("allowed_origins") : nullptr;
  std::vector<std::string> given;
  bool shaped = body && body->size() == 1 && list && list->is_array();
  if (shaped) {
    for (const auto& o : list->get_array()) {
      if (!o.is_string()) shaped = false;
      if (shaped) given.emplace_back(o.get_string());
    }
  }
  if (!shaped) {
    reply(error_response(req, 400, "bad_request", "the body is {\"allowed_origins\": [string]}"));
    return;
  }
  try {
    shop::read_shop_origins(given);  // refused here already, before the back office
  } catch (const shop::ShopInputError& bad) {
    reply(error_response(req, 400, bad.code, bad.what()));
    return;
  }
  const std::int64_t now = state.clock().now_ms();
  change(
      state, req, reply,
      [&state, given, by, now](shop::ShopLinkStore& store) {
        return state.shop_link().replace_origins(store, given, by, now);
      },
      [&state, req](std::vector<std::string> origins) {
        state.shop_link().adopt_origins(std::move(origins));
        return json_response(req, 200, json::serialize(summary(req, state)));
      });
}

// A sample order, signed with the current order-webhook key, through the very route a shop's
// webhook takes; the answer says what that route answered.
void send_test_order(const Request& req, ServerState& state, const Reply& reply) {
  const std::int64_t now = state.clock().now_ms();
  const std::string body = shop::test_order_body(now);
  const std::string key = state.shop_link().signing_key(shop::SecretKind::order_webhook);
  Request order{http::verb::post, "/api/shop/orders", req.version()};
  order.set(http::field::host, req[http::field::host]);
  order.set(http::field::content_type, "application/json");
  order.set("X-Shopify-Webhook-Id", "kefu-test-" + std::to_string(now));
  if (!key.empty()) {
    order.set("X-Shopify-Hmac-Sha256", customers::to_base64(customers::hmac_sha256(key, body)));
  }
  order.body() = body;
  order.prepare_payload();
  Reply answer = [req, reply](Response filed) {
    json::object out{{"accepted", filed.result_int() == 200}, {"status", filed.result_int()}};
    json::error_code ec;
    const json::value said = json::parse(filed.body(), ec);  // written by our own route
    if (!ec && said.is_object()) {
      for (const auto& [k, v] : said.as_object()) out[k] = v;
    }
    reply(json_response(req, 200, json::serialize(out)));
  };
  handle_customer_api(order, state, answer);
}

}  // namespace

bool handle_shop_link_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (path != "/api/admin/shop" && !path.starts_with("/api/admin/shop/")) return false;
  auto admin = admin_only(req, state, reply);
  if (!admin) return true;
  const auto method = req.method();
  if (path == "/api/admin/shop" && method == http::verb::get) {
    reply(json_response(req, 200, json::serialize(summary(req, state))));
  } else if (path == "/api/admin/shop/origins" && method == http::verb::put) {
    replace_origins(req, state, reply, admin->user.id);
  } else if (path == "/api/admin/shop/test-order" && method == http::verb::post) {
    send_test_order(req, state, reply);
  } else if (path.starts_with(kSecretsPrefix) && path.ends_with("/rotate") &&
             method == http::verb::post) {
    const std::string_view rest = std::string_view(path).substr(kSecretsPrefix.size());
    rotate(req, state, reply, admin->user.id, rest.substr(0, rest.size() - 7));
  } else if (path == "/api/admin/shop" || path == "/api/admin/shop/origins" ||
             path == "/api/admin/shop/test-order" || path.starts_with(kSecretsPrefix)) {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
  } else {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
  }
  return true;
}

}  // namespace kefu::net
