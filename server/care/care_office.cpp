#include "server/care/care_office.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "server/care/builtin_rules.hpp"
#include "server/care/outbox_care_mailer.hpp"
#include "server/care/rule_outcome_json.hpp"
#include "server/care/rule_tags.hpp"
#include "server/mail/mail_outbox_factory.hpp"
#include "server/shop/sql_tag_catalogue.hpp"
#include "server/store/short_busy_wait.hpp"
#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::care {
namespace json = boost::json;
namespace {

constexpr std::int64_t kHourMs = 3600 * 1000;
constexpr int kDueBatch = 200;
constexpr auto kTurnBudget = std::chrono::milliseconds(250);

}  // namespace

CareOffice::CareOffice(const std::string& location, const Clock& clock, DeskHooks hooks,
                       CareSettings settings)
    : CareOffice(sql::open_connection(location), clock, std::move(hooks), std::move(settings)) {}

CareOffice::CareOffice(std::unique_ptr<sql::Connection> db, const Clock& clock, DeskHooks hooks,
                       CareSettings settings)
    : db_(std::move(db)),
      clock_(clock),
      rules_(*db_),
      jobs_(*db_),
      tasks_(*db_),
      messages_(*db_),
      outcomes_(*db_),
      facts_(*db_),
      feed_(*db_),
      outlet_(*db_, std::move(hooks)),
      preferences_(*db_),
      engine_(rules_, jobs_, tasks_, messages_, facts_, outlet_, clock, std::move(settings)) {
  if (auto* sqlite = sql::as_sqlite(*db_)) {
    store::wait_briefly_when_busy(sqlite->database().getHandle(), std::chrono::milliseconds(5000));
    // Erased customers' care texts are zeroed in the page, as the back office's erasure is.
    sqlite->exec("PRAGMA secure_delete = ON");
  }
  // E-mails to customers go into the mail outbox on this connection, in the job's transaction.
  mailer_ = std::make_unique<OutboxCareMailer>(facts_, mail::make_mail_outbox(*db_));
  engine_.set_mailer(mailer_.get());
}

void CareOffice::start() {
  outlet_.atomically([&] {
    for (const Rule& rule : builtin_rules()) rules_.add(rule, clock_.now_ms());
    // The feed's positions start where the store is now (on the first start of a database):
    // what arrives from here on is news.
    feed_.read_new(0);
    feed_.segment_changes(clock_.now_ms());
  });
}

void CareOffice::erase_customers(const std::vector<std::int64_t>& customer_ids) {
  const std::int64_t now = clock_.now_ms();
  outlet_.atomically([&] {
    for (std::int64_t id : customer_ids) {
      engine_.on_event(CareEvent{"customer_erased", id, std::nullopt, std::nullopt, now});
      preferences_.erase(id);
    }
  });
}

int CareOffice::tick() {
  // A busy log is read in slices of a thousand events, each slice with its jobs in one
  // transaction, until it is caught up (at most ten slices a turn).
  for (int slice = 0; slice < 10; ++slice) {
    std::size_t read = 0;
    outlet_.atomically([&] {
      const auto events = feed_.read_new(1000);
      read = events.size();
      for (const CareEvent& e : events) engine_.on_event(e);
    });
    if (read < 500) break;
  }
  const std::int64_t now = clock_.now_ms();
  if (!schedules_at_ || now - *schedules_at_ >= kHourMs) {
    schedules_at_ = now;
    outlet_.atomically([&] { engine_.on_segment_changes(feed_.segment_changes(now)); });
    engine_.run_schedules();
  }
  // Due jobs in batches until none are left or the turn has used its quarter second, so that
  // thousands falling due at once are carried out within seconds without holding the strand.
  const auto started = std::chrono::steady_clock::now();
  int done = 0;
  for (;;) {
    const int batch = engine_.run_due(kDueBatch);
    done += batch;
    if (batch < kDueBatch || std::chrono::steady_clock::now() - started > kTurnBudget) break;
  }
  return done;
}

json::object CareOffice::upcoming(std::int64_t customer_id) {
  const auto customer = facts_.customer(customer_id);
  if (!customer || customer->erased) throw CareCustomerNotFound("no such customer");
  auto jobs = jobs_.pending_for(customer->id, std::nullopt);
  std::sort(jobs.begin(), jobs.end(),
            [](const CareJob& a, const CareJob& b) { return a.due_at < b.due_at; });
  json::array out;
  for (const CareJob& job : jobs) {
    const auto rule = rules_.find(job.rule_id);
    if (!rule || !rule->enabled) continue;
    out.push_back(
        json::object{{"id", job.id},
                     {"rule_id", job.rule_id},
                     {"rule_name", rule->name},
                     {"trigger", job.trigger},
                     {"due_at", job.due_at},
                     {"order_id", job.order_id ? json::value(*job.order_id) : json::value(nullptr)},
                     {"conversation_id", job.conversation_id ? json::value(*job.conversation_id)
                                                             : json::value(nullptr)}});
  }
  return json::object{{"jobs", std::move(out)}};
}

json::object CareOffice::outcomes(int days) {
  const std::int64_t since = clock_.now_ms() - static_cast<std::int64_t>(days) * 24 * kHourMs;
  json::array out;
  for (const Rule& rule : rules_.list()) {
    const std::int64_t window = static_cast<std::int64_t>(rule.goal.window_days) * 24 * kHourMs;
    out.push_back(rule_outcome_json(rule, outcomes_.measure(rule.id, window, since)));
  }
  return json::object{{"since", since}, {"rules", std::move(out)}};
}

std::vector<CareMessage> CareOffice::take_messages(std::int64_t customer_id) {
  std::vector<CareMessage> out;
  outlet_.atomically([&] {
    const auto customer = facts_.customer(customer_id);
    if (!customer || customer->erased) return;
    out = messages_.take_waiting(customer->id, clock_.now_ms());
  });
  return out;
}

Rule CareOffice::rule(std::int64_t id) {
  auto found = rules_.find(id);
  if (!found) throw RuleNotFound("no such rule");
  return *found;
}

Rule CareOffice::add_rule(Rule rule) {
  rule.builtin.clear();
  outlet_.atomically([&] {
    shop::SqlTagCatalogue catalogue(*db_);
    require_catalogue_tags(rule, catalogue);
    rule.id = rules_.add(rule, clock_.now_ms());
  });
  return this->rule(rule.id);
}

Rule CareOffice::replace_rule(Rule rule) {
  return store_rule(std::move(rule), true);
}

Rule CareOffice::set_enabled(std::int64_t id, bool enabled) {
  Rule r = rule(id);
  r.enabled = enabled;
  return store_rule(std::move(r), false);
}

Rule CareOffice::store_rule(Rule rule, bool check_tags) {
  outlet_.atomically([&] {
    if (check_tags) {
      shop::SqlTagCatalogue catalogue(*db_);
      require_catalogue_tags(rule, catalogue);
    }
    if (!rules_.replace(rule, clock_.now_ms())) throw RuleNotFound("no such rule");
  });
  return this->rule(rule.id);
}

RulePreview CareOffice::preview(std::int64_t id) {
  return engine_.preview(rule(id));
}

std::vector<CareJob> CareOffice::rule_log(std::int64_t id, int limit) {
  rule(id);
  return jobs_.of_rule(id, limit);
}

bool CareOffice::may_see(const TaskReader& reader, const CareTask& task) const {
  if (reader.sees_all) return true;
  if (task.agent_id) return *task.agent_id == reader.id;
  if (task.team.empty()) return true;
  for (const auto& team : reader.teams)
    if (team == task.team) return true;
  return false;
}

json::object CareOffice::describe(const CareTask& task) {
  json::object o{
      {"id", task.id},     {"rule_id", task.rule_id},      {"customer_id", task.customer_id},
      {"text", task.text}, {"status", task.status},        {"outcome", task.outcome},
      {"team", task.team}, {"created_at", task.created_at}};
  o["agent_id"] = task.agent_id ? json::value(*task.agent_id) : json::value(nullptr);
  o["closed_at"] = task.closed_at ? json::value(*task.closed_at) : json::value(nullptr);
  const auto rule = rules_.find(task.rule_id);
  o["rule_name"] = rule ? rule->name : "";
  const auto customer = facts_.customer(task.customer_id);
  o["customer_name"] = customer && !customer->erased ? customer->name : "";
  json::value order = nullptr;
  if (task.order_id) {
    if (auto facts = facts_.order(*task.order_id)) {
      json::array items;
      for (const auto& line : facts->lines)
        items.push_back(
            json::object{{"title", line.title}, {"sku", line.sku}, {"quantity", line.quantity}});
      order = json::object{{"id", facts->id},
                           {"name", facts->name},
                           {"total_cents", facts->total_cents},
                           {"currency", facts->currency},
                           {"financial_status", facts->financial_status},
                           {"fulfillment_status", facts->fulfillment_status},
                           {"created_at", facts->created_at},
                           {"items", std::move(items)}};
    }
  }
  o["order"] = std::move(order);
  return o;
}

json::array CareOffice::tasks_for(const TaskReader& reader, const std::string& status) {
  json::array out;
  for (const CareTask& task : tasks_.list(status, 500))
    if (may_see(reader, task)) out.push_back(describe(task));
  return out;
}

json::object CareOffice::close_task(const TaskReader& reader, std::int64_t task_id,
                                    const std::string& status, const std::string& outcome) {
  json::object result;
  outlet_.atomically([&] {
    const auto task = tasks_.find(task_id);
    if (!task || !may_see(reader, *task)) throw TaskNotFound("no such care task");
    const std::int64_t now = clock_.now_ms();
    if (!tasks_.close(task_id, status, outcome, reader.id, now))
      throw TaskClosed("the care task is closed already");
    Event e;
    e.at = now;
    e.type = "care_task_closed";
    e.customer_id = task->customer_id;
    e.agent_id = reader.id;
    e.data = json::serialize(
        json::object{{"task_id", task_id}, {"rule_id", task->rule_id}, {"status", status}});
    outlet_.log(e);
    result = describe(*tasks_.find(task_id));
  });
  return result;
}

CarePreferences CareOffice::preferences(std::int64_t customer_id) {
  const auto customer = facts_.customer(customer_id);
  if (!customer || customer->erased) throw CareCustomerNotFound("no such customer");
  return preferences_.find(customer->id);
}

CarePreferences CareOffice::set_preferences(std::int64_t customer_id,
                                            const CarePreferences& preferences, std::int64_t by) {
  outlet_.atomically([&] {
    const auto customer = facts_.customer(customer_id);
    if (!customer || customer->erased) throw CareCustomerNotFound("no such customer");
    const std::int64_t now = clock_.now_ms();
    preferences_.save(customer->id, preferences, now);
    Event e;
    e.at = now;
    e.type = "care_preferences_changed";
    e.customer_id = customer->id;
    e.agent_id = by;
    // The zone and locale are not personal enough to matter, but the log needs only the flags.
    e.data = json::serialize(json::object{{"marketing_consent", preferences.marketing_consent},
                                          {"opted_out", preferences.opted_out}});
    outlet_.log(e);
  });
  return this->preferences(customer_id);
}

}  // namespace kefu::care
