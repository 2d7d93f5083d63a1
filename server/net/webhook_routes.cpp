#include "server/net/webhook_routes.hpp"

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <iostream>

#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"
#include "server/net/server_state.hpp"
#include "server/webhooks/subscription_request.hpp"
#include "server/webhooks/webhook_event_types.hpp"
#include "server/webhooks/webhook_payload.hpp"
#include "server/webhooks/webhook_signature.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
using webhooks::Delivery;
using webhooks::Subscription;
using webhooks::WebhookStore;

namespace {

constexpr std::string_view kRoot = "/api/webhooks";

std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t min,
                                         std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

json::value optional(const std::optional<std::int64_t>& v) {
  if (v) return *v;
  return nullptr;
}

json::object subscription_json(const Subscription& s) {
  json::array types;
  for (const auto& t : s.event_types) types.emplace_back(t);
  return json::object{{"id", s.id},
                      {"url", s.url},
                      {"description", s.description},
                      {"event_types", std::move(types)},
                      {"enabled", s.enabled},
                      {"disabled_reason",
                       s.disabled_reason ? json::value(*s.disabled_reason) : json::value(nullptr)},
                      {"disabled_at", optional(s.disabled_at)},
                      {"failing_since", optional(s.failing_since)},
                      {"created_at", s.created_at}};
}

json::object delivery_json(WebhookStore& store, const Delivery& d) {
  json::array attempts;
  for (const auto& a : store.attempts(d.id)) {
    attempts.push_back(
        json::object{{"at", a.at},
                     {"status", a.status ? json::value(*a.status) : json::value(nullptr)},
                     {"error", a.error},
                     {"duration_ms", a.duration_ms}});
  }
  return json::object{
      {"id", d.id},
      {"subscription_id", d.subscription_id},
      {"webhook_id", d.webhook_id},
      {"event_type", d.event_type},
      {"event_id", optional(d.event_id)},
      {"state", d.state},
      {"attempts", d.attempts},
      {"next_attempt_at", d.state == "pending" ? json::value(d.next_attempt_at) : json::value()},
      {"created_at", d.created_at},
      {"last_attempt_at", optional(d.last_attempt_at)},
      {"last_status", d.last_status ? json::value(*d.last_status) : json::value(nullptr)},
      {"last_error", d.last_error},
      {"last_response", d.last_response},
      {"attempt_log", std::move(attempts)},
      {"payload", d.payload}};
}

Response not_found(const Request& req, std::string_view what) {
  return error_response(req, 404, "not_found", what);
}

// Runs `work(store)` on the dispatcher's strand and replies with what it returns.
template <typename Work>
void on_store(ServerState& state, Request&& req, Reply reply, Work work) {
  state.webhooks().post([req = std::move(req), reply = std::move(reply),
                         work = std::move(work)](WebhookStore& store) {
    try {
      reply(work(store, req));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the store is busy; retry"));
    }
  });
}

}  // namespace

webhooks::DispatcherSettings webhook_settings(const ServeSettings& s) {
  webhooks::DispatcherSettings d;
  for (const auto& network : s.webhook_allowed_networks) d.addresses.allow_network(network);
  if (!s.webhook_test_schedule.empty()) {
    auto schedule = webhooks::RetrySchedule::parse(s.webhook_test_schedule);
    if (!schedule) throw std::invalid_argument("not a schedule: " + s.webhook_test_schedule);
    d.schedule = *schedule;
    d.poll = std::chrono::milliseconds(50);
  }
  d.disable_after_ms = s.webhook_disable_after_ms;
  return d;
}

bool is_webhook_path(std::string_view path) {
  return path == kRoot || path.starts_with(std::string(kRoot) + "/");
}

bool handle_webhook_admin(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  if (!is_webhook_path(path)) return false;
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  if (staff->user.role != store::Role::admin) {
    reply(error_response(req, 403, "forbidden", "only admins manage webhooks"));
    return true;
  }
  serve_webhooks(std::move(req), state, std::move(reply), staff->user.id);
  return true;
}

void serve_webhooks(Request&& req, ServerState& state, Reply reply, std::int64_t actor) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  const std::string_view rest = std::string_view(path).substr(kRoot.size());
  const auto method = req.method();
  const std::int64_t now = state.clock().now_ms();
  auto& dispatcher = state.webhooks();

  if (rest.empty() && method == http::verb::get) {
    return on_store(state, std::move(req), std::move(reply),
                    [](WebhookStore& store, const Request& r) {
                      json::array list;
                      for (const auto& s : store.subscriptions())
                        list.push_back(subscription_json(s));
                      return json_response(
                          r, 200, json::serialize(json::object{{"webhooks", std::move(list)}}));
                    });
  }
  if (rest.empty() && method == http::verb::post) {
    const auto body = json_object_body(req);
    if (!body)
      return reply(error_response(req, 400, "bad_request", "the body must be a JSON object"));
    webhooks::SubscriptionRequest wanted;
    try {
      wanted = webhooks::read_subscription_request(*body, dispatcher.settings().addresses);
    } catch (const webhooks::InvalidWebhook& refused) {
      return reply(error_response(req, 400, refused.code(), refused.what()));
    }
    return on_store(state, std::move(req), std::move(reply),
                    [wanted, actor, now](WebhookStore& store, const Request& r) {
                      webhooks::NewSubscription s{wanted.url,
                                                  wanted.description,
                                                  wanted.event_types,
                                                  webhooks::new_webhook_secret(),
                                                  actor,
                                                  now};
                      const auto id = store.add_subscription(s);
                      json::object answer = subscription_json(*store.subscription(id));
                      answer["secret"] = s.secret;
                      return json_response(r, 201, json::serialize(answer));
                    });
  }
  if (rest == "/event-types" && method == http::verb::get) {
    json::array types;
    for (auto t : webhooks::kWebhookEventTypes) types.emplace_back(t);
    return reply(json_response(req, 200, json::serialize(json::object{{"event_types", types}})));
  }
  if (rest.starts_with("/deliveries/") && rest.ends_with("/replay") && method == http::verb::post) {
    const auto id = whole_number(rest.substr(12, rest.size() - 12 - 7), 1, INT64_MAX);
    if (!id) return reply(not_found(req, "no such delivery"));
    return on_store(
        state, std::move(req), std::move(reply),
        [id = *id, now, &dispatcher](WebhookStore& store, const Request& r) {
          const auto d = store.delivery(id);
          if (!d || !store.subscription(d->subscription_id)) {
            return not_found(r, "no such delivery");
          }
          if (d->state == "pending") {
            return error_response(r, 409, "already_pending", "the delivery is still being tried");
          }
          store.replay(id, now);
          dispatcher.wake();
          return json_response(r, 202, json::serialize(delivery_json(store, *store.delivery(id))));
        });
  }
  // /api/webhooks/{id}[/action]
  const std::string_view tail = rest.empty() ? rest : rest.substr(1);
  const auto slash = tail.find('/');
  const auto id = whole_number(tail.substr(0, slash), 1, INT64_MAX);
  const std::string_view action = slash == std::string_view::npos ? "" : tail.substr(slash);
  if (!id) return reply(not_found(req, "no such webhook"));

  if (action.empty() && method == http::verb::get) {
    return on_store(state, std::move(req), std::move(reply),
                    [id = *id](WebhookStore& store, const Request& r) {
                      const auto s = store.subscription(id);
                      if (!s) return not_found(r, "no such webhook");
                      return json_response(r, 200, json::serialize(subscription_json(*s)));
                    });
  }
  if (action.empty() && method == http::verb::patch) {
    const auto body = json_object_body(req);
    if (!body)
      return reply(error_response(req, 400, "bad_request", "the body must be a JSON object"));
    webhooks::SubscriptionChange change;
    try {
      change = webhooks::read_subscription_change(*body);
    } catch (const webhooks::InvalidWebhook& refused) {
      return reply(error_response(req, 400, refused.code(), refused.what()));
    }
    return on_store(state, std::move(req), std::move(reply),
                    [id = *id, change, now](WebhookStore& store, const Request& r) {
                      if (!store.subscription(id)) return not_found(r, "no such webhook");
                      if (change.event_types) store.set_event_types(id, *change.event_types);
                      if (change.enabled) store.set_enabled(id, *change.enabled, "admin", now);
                      return json_response(
                          r, 200, json::serialize(subscription_json(*store.subscription(id))));
                    });
  }
  if (action.empty() && method == http::verb::delete_) {
    return on_store(state, std::move(req), std::move(reply),
                    [id = *id, now](WebhookStore& store, const Request& r) {
                      if (!store.remove_subscription(id, now))
                        return not_found(r, "no such webhook");
                      return json_response(
                          r, 200, json::serialize(json::object{{"id", id}, {"removed", true}}));
                    });
  }
  if (action == "/rotate-secret" && method == http::verb::post) {
    const std::int64_t until = now + dispatcher.settings().previous_secret_ms;
    return on_store(state, std::move(req), std::move(reply),
                    [id = *id, until](WebhookStore& store, const Request& r) {
                      if (!store.subscription(id)) return not_found(r, "no such webhook");
                      const std::string secret = webhooks::new_webhook_secret();
                      store.rotate_secret(id, secret, until);
                      json::object answer = subscription_json(*store.subscription(id));
                      answer["secret"] = secret;
                      answer["previous_secret_until"] = until;
                      return json_response(r, 200, json::serialize(answer));
                    });
  }
  if (action == "/test" && method == http::verb::post) {
    return on_store(state, std::move(req), std::move(reply),
                    [id = *id, now, &dispatcher](WebhookStore& store, const Request& r) {
                      const auto s = store.subscription(id);
                      if (!s) return not_found(r, "no such webhook");
                      if (!s->enabled) {
                        return error_response(r, 409, "webhook_disabled",
                                              "enable the webhook before sending to it");
                      }
                      webhooks::NewDelivery d{id,
                                              std::nullopt,
                                              webhooks::new_webhook_id(),
                                              "webhook.test",
                                              webhooks::test_payload(now),
                                              now};
                      const auto delivery = store.add_delivery(d, now);
                      dispatcher.wake();
                      return json_response(
                          r, 202, json::serialize(delivery_json(store, *store.delivery(delivery))));
                    });
  }
  if (action == "/deliveries" && method == http::verb::get) {
    std::int64_t limit = 50;
    auto url = boost::urls::parse_origin_form(req.target());
    for (const auto& param : url ? url->params() : boost::urls::params_view()) {
      const auto value = param.key == "limit" ? whole_number(param.value, 1, 100) : std::nullopt;
      if (!value)
        return reply(error_response(req, 400, "bad_request", "give limit (1..100), nothing else"));
      limit = *value;
    }
    return on_store(state, std::move(req), std::move(reply),
                    [id = *id, limit](WebhookStore& store, const Request& r) {
                      if (!store.subscription(id)) return not_found(r, "no such webhook");
                      json::array list;
                      for (const auto& d : store.deliveries(id, static_cast<int>(limit))) {
                        list.push_back(delivery_json(store, d));
                      }
                      return json_response(
                          r, 200, json::serialize(json::object{{"deliveries", std::move(list)}}));
                    });
  }
  reply(error_response(req, 405, "method_not_allowed", "see docs/webhooks.md for the routes"));
}

}  // namespace kefu::net
