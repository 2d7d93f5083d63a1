#include "server/net/care_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <iostream>

#include "server/care/care_office.hpp"
#include "server/care/rule_json.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/json_body.hpp"

namespace kefu::net {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kRules = "/api/admin/rules";
constexpr std::string_view kTasks = "/api/care/tasks";
constexpr std::string_view kCustomers = "/api/care/customers";
constexpr std::string_view kOutcomes = "/api/care/outcomes";
constexpr std::size_t kMaxOutcome = 2000;

struct BadRequest : std::invalid_argument {
  BadRequest(std::string c, const std::string& message)
      : std::invalid_argument(message), code(std::move(c)) {}
  std::string code;
};

// Runs `work` on the back office strand and turns the care errors into their replies.
template <typename Work>
void on_care(ServerState& state, const Request& req, const Reply& reply, Work work) {
  asio::post(state.back_office_strand(), [&state, req, reply, work = std::move(work)]() mutable {
    try {
      reply(work(state.care().office()));
    } catch (const care::RuleNotFound&) {
      reply(error_response(req, 404, "not_found", "no such rule"));
    } catch (const care::TaskNotFound&) {
      reply(error_response(req, 404, "not_found", "no such care task"));
    } catch (const care::CareCustomerNotFound&) {
      reply(error_response(req, 404, "not_found", "no such customer"));
    } catch (const care::TaskClosed& closed) {
      reply(error_response(req, 409, "conflict", closed.what()));
    } catch (const care::RuleInputError& bad) {
      reply(error_response(req, 400, bad.code, bad.what()));
    } catch (const std::exception& failure) {
      std::cerr << "kefu: care: " << req.target() << ": " << failure.what() << "\n";
      reply(error_response(req, 503, "unavailable", "the change could not be stored; retry"));
    }
  });
}

Response rule_reply(const Request& req, unsigned status, const care::Rule& rule) {
  return json_response(req, status,
                       json::serialize(json::object{{"rule", care::rule_to_json(rule)}}));
}

json::array names(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& name : list) out.emplace_back(name);
  return out;
}

care::Rule read_rule(const Request& req) {
  auto body = json_object_body(req);
  if (!body) throw BadRequest("bad_request", "the body must be a JSON object");
  return care::rule_from_json(*body);
}

// "/{id}[/{action}]" after the prefix: the id and action, or nullopt when malformed.
std::optional<std::pair<std::int64_t, std::string>> id_path(std::string_view rest) {
  if (rest.empty() || rest.front() != '/') return std::nullopt;
  rest.remove_prefix(1);
  const auto slash = rest.find('/');
  const std::string_view digits = rest.substr(0, slash);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return std::make_pair(
      id, slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1)));
}

json::object job_json(const care::CareJob& job) {
  json::object o{{"id", job.id},           {"customer_id", job.customer_id},
                 {"trigger", job.trigger}, {"triggered_at", job.triggered_at},
                 {"due_at", job.due_at},   {"status", job.status},
                 {"reason", job.reason}};
  o["order_id"] = job.order_id ? json::value(*job.order_id) : json::value(nullptr);
  o["conversation_id"] =
      job.conversation_id ? json::value(*job.conversation_id) : json::value(nullptr);
  o["finished_at"] = job.finished_at ? json::value(*job.finished_at) : json::value(nullptr);
  return o;
}

void rules_api(const Request& req, ServerState& state, const Reply& reply,
               const std::string& path) {
  const auto method = req.method();
  auto wrong_method = [&] {
    reply(error_response(req, 405, "method_not_allowed", "wrong method"));
  };
  if (path == kRules) {
    if (method == http::verb::get) {
      on_care(state, req, reply, [req](care::CareOffice& office) {
        json::array rules;
        for (const auto& rule : office.rules()) rules.push_back(care::rule_to_json(rule));
        return json_response(
            req, 200,
            json::serialize(json::object{{"rules", std::move(rules)},
                                         {"triggers", names(care::trigger_names())},
                                         {"cancel_events", names(care::cancel_event_names())}}));
      });
    } else if (method == http::verb::post) {
      auto rule = read_rule(req);
      on_care(state, req, reply, [req, rule](care::CareOffice& office) {
        return rule_reply(req, 201, office.add_rule(rule));
      });
    } else {
      wrong_method();
    }
    return;
  }
  auto target = id_path(std::string_view(path).substr(kRules.size()));
  if (!target) {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
    return;
  }
  // Named copies, not a structured binding: lambdas below capture the id (clang 14 cannot
  // capture a binding).
  const std::int64_t id = target->first;
  const auto action = target->second;
  if (action.empty()) {
    if (method == http::verb::get) {
      on_care(state, req, reply, [req, id](care::CareOffice& office) {
        return rule_reply(req, 200, office.rule(id));
      });
    } else if (method == http::verb::put) {
      auto rule = read_rule(req);
      rule.id = id;
      on_care(state, req, reply, [req, rule](care::CareOffice& office) {
        return rule_reply(req, 200, office.replace_rule(rule));
      });
    } else {
      wrong_method();
    }
  } else if (action == "enable" || action == "disable") {
    if (method != http::verb::post) return wrong_method();
    const bool enabled = action == "enable";
    on_care(state, req, reply, [req, id, enabled](care::CareOffice& office) {
      return rule_reply(req, 200, office.set_enabled(id, enabled));
    });
  } else if (action == "preview") {
    if (method != http::verb::get) return wrong_method();
    on_care(state, req, reply, [req, id](care::CareOffice& office) {
      const auto preview = office.preview(id);
      json::array customers;
      for (const auto& [customer, name] : preview.sample)
        customers.push_back(json::object{{"id", customer}, {"name", name}});
      return json_response(req, 200,
                           json::serialize(json::object{{"since", preview.since},
                                                        {"triggers", preview.triggers},
                                                        {"reached", preview.reached},
                                                        {"customers", std::move(customers)}}));
    });
  } else if (action == "log") {
    if (method != http::verb::get) return wrong_method();
    on_care(state, req, reply, [req, id](care::CareOffice& office) {
      json::array jobs;
      for (const auto& job : office.rule_log(id, 200)) jobs.push_back(job_json(job));
      return json_response(req, 200, json::serialize(json::object{{"jobs", std::move(jobs)}}));
    });
  } else {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
  }
}

care::TaskReader reader_of(const StaffParty& staff) {
  care::TaskReader reader;
  reader.id = staff.user.id;
  reader.sees_all = staff.user.role != store::Role::agent;
  reader.teams = staff.user.teams;
  return reader;
}

void tasks_api(const Request& req, ServerState& state, const Reply& reply,
               const std::string& target, const StaffParty& staff) {
  const std::string path = target.substr(0, target.find('?'));
  const auto reader = reader_of(staff);
  if (path == kTasks) {
    if (req.method() != http::verb::get) {
      reply(error_response(req, 405, "method_not_allowed", "GET the care tasks"));
      return;
    }
    std::string status = "open";
    const auto query = target.find("?status=");
    if (query != std::string::npos) status = target.substr(query + 8);
    if (status == "all") status.clear();
    if (status != "" && status != "open" && status != "done" && status != "skipped")
      throw BadRequest("invalid_status", "status must be open, done, skipped or all");
    on_care(state, req, reply, [req, reader, status](care::CareOffice& office) {
      return json_response(
          req, 200, json::serialize(json::object{{"tasks", office.tasks_for(reader, status)}}));
    });
    return;
  }
  auto task = id_path(std::string_view(path).substr(kTasks.size()));
  if (!task || task->second != "close") {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
    return;
  }
  if (req.method() != http::verb::post) {
    reply(error_response(req, 405, "method_not_allowed", "POST to close a care task"));
    return;
  }
  auto body = json_object_body(req);
  if (!body) throw BadRequest("bad_request", "send {\"status\",\"outcome\"}");
  for (const auto& member : *body)
    if (member.key() != "status" && member.key() != "outcome")
      throw BadRequest("unknown_field", "unknown field " + std::string(member.key()));
  const json::value* status = body->if_contains("status");
  if (status == nullptr || !status->is_string() ||
      (status->get_string() != "done" && status->get_string() != "skipped"))
    throw BadRequest("invalid_status", "status must be done or skipped");
  std::string outcome;
  if (const json::value* o = body->if_contains("outcome")) {
    if (!o->is_string() || o->get_string().size() > kMaxOutcome)
      throw BadRequest("invalid_outcome", "outcome must be a text of at most 2000 bytes");
    outcome = std::string(o->get_string());
  }
  const std::int64_t id = task->first;
  on_care(state, req, reply,
          [req, reader, id, status = std::string(status->get_string()),
           outcome](care::CareOffice& office) {
            return json_response(req, 200,
                                 json::serialize(json::object{
                                     {"task", office.close_task(reader, id, status, outcome)}}));
          });
}

json::object preferences_json(const care::CarePreferences& p) {
  return json::object{{"time_zone", p.time_zone},
                      {"locale", p.locale},
                      {"marketing_consent", p.marketing_consent},
                      {"opted_out", p.opted_out}};
}

// PUT body: every field present and checked; nothing is stored when one is wrong.
care::CarePreferences read_preferences(const Request& req) {
  auto body = json_object_body(req);
  if (!body) throw BadRequest("bad_request", "the body must be a JSON object");
  for (const auto& member : *body)
    if (member.key() != "time_zone" && member.key() != "locale" &&
        member.key() != "marketing_consent" && member.key() != "opted_out")
      throw BadRequest("unknown_field", "unknown field " + std::string(member.key()));
  care::CarePreferences p;
  const json::value* zone = body->if_contains("time_zone");
  if (zone == nullptr || !zone->is_string() ||
      (!zone->get_string().empty() && !care::known_time_zone(std::string(zone->get_string()))))
    throw BadRequest("invalid_time_zone", "time_zone must be an IANA time zone or \"\"");
  p.time_zone = std::string(zone->get_string());
  const json::value* locale = body->if_contains("locale");
  if (locale == nullptr || !locale->is_string() ||
      (locale->get_string() != "" && locale->get_string() != "en" &&
       locale->get_string() != "zh-CN"))
    throw BadRequest("invalid_locale", "locale must be en, zh-CN or \"\"");
  p.locale = std::string(locale->get_string());
  for (auto [key, slot] : {std::pair{"marketing_consent", &p.marketing_consent},
                           std::pair{"opted_out", &p.opted_out}}) {
    const json::value* v = body->if_contains(key);
    if (v == nullptr || !v->is_bool())
      throw BadRequest("bad_request", std::string(key) + " must be true or false");
    *slot = v->get_bool();
  }
  return p;
}

void preferences_api(const Request& req, ServerState& state, const Reply& reply,
                     const std::string& path, const StaffParty& staff) {
  auto target = id_path(std::string_view(path).substr(kCustomers.size()));
  if (target && target->second == "upcoming") {
    if (req.method() != http::verb::get) {
      reply(error_response(req, 405, "method_not_allowed", "GET the upcoming care"));
      return;
    }
    on_care(state, req, reply, [req, customer = target->first](care::CareOffice& office) {
      return json_response(req, 200, json::serialize(office.upcoming(customer)));
    });
    return;
  }
  if (!target || target->second != "preferences") {
    reply(error_response(req, 404, "not_found", "no such endpoint"));
    return;
  }
  const std::int64_t customer = target->first;
  if (req.method() == http::verb::get) {
    on_care(state, req, reply, [req, customer](care::CareOffice& office) {
      return json_response(req, 200,
                           json::serialize(preferences_json(office.preferences(customer))));
    });
  } else if (req.method() == http::verb::put) {
    const auto preferences = read_preferences(req);
    const std::int64_t by = staff.user.id;
    on_care(state, req, reply, [req, customer, preferences, by](care::CareOffice& office) {
      return json_response(
          req, 200,
          json::serialize(preferences_json(office.set_preferences(customer, preferences, by))));
    });
  } else {
    reply(error_response(req, 405, "method_not_allowed", "GET or PUT the preferences"));
  }
}

// GET /api/care/outcomes[?days=N]: every rule's reach against its holdout, for supervisors and
// admins.
void outcomes_api(const Request& req, ServerState& state, const Reply& reply,
                  const std::string& target, const StaffParty& staff) {
  if (req.method() != http::verb::get) {
    reply(error_response(req, 405, "method_not_allowed", "GET the care outcomes"));
    return;
  }
  if (staff.user.role == store::Role::agent) {
    reply(error_response(req, 403, "forbidden", "for supervisors and admins"));
    return;
  }
  int days = 90;
  const auto query = target.find('?');
  if (query != std::string::npos) {
    const std::string q = target.substr(query + 1);
    if (!q.starts_with("days=")) throw BadRequest("invalid_days", "the only parameter is days");
    const std::string value = q.substr(5);
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), days);
    if (ec != std::errc() || end != value.data() + value.size() || days < 1 || days > 365)
      throw BadRequest("invalid_days", "days must be a whole number from 1 to 365");
  }
  on_care(state, req, reply, [req, days](care::CareOffice& office) {
    return json_response(req, 200, json::serialize(office.outcomes(days)));
  });
}

}  // namespace

bool handle_care_api(Request& req, ServerState& state, Reply& reply) {
  const std::string target(req.target());
  const std::string path = target.substr(0, target.find('?'));
  const bool rules = path == kRules || path.starts_with(std::string(kRules) + "/");
  const bool tasks = path == kTasks || path.starts_with(std::string(kTasks) + "/");
  const bool customers = path.starts_with(std::string(kCustomers) + "/");
  const bool outcomes = path == kOutcomes;
  if (!rules && !tasks && !customers && !outcomes) return false;
  auto staff = state.staff_for_session(session_cookie(req));
  if (!staff) {
    reply(error_response(req, 401, "unauthorized", "log in first"));
    return true;
  }
  try {
    if (rules) {
      if (staff->user.role != store::Role::admin) {
        reply(error_response(req, 403, "forbidden", "for admins only"));
        return true;
      }
      rules_api(req, state, reply, path);
    } else if (customers) {
      preferences_api(req, state, reply, path, *staff);
    } else if (outcomes) {
      outcomes_api(req, state, reply, target, *staff);
    } else {
      tasks_api(req, state, reply, target, *staff);
    }
  } catch (const BadRequest& bad) {
    reply(error_response(req, 400, bad.code, bad.what()));
  } catch (const care::RuleInputError& bad) {
    reply(error_response(req, 400, bad.code, bad.what()));
  }
  return true;
}

}  // namespace kefu::net
