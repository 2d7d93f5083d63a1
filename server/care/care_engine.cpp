#include "server/care/care_engine.hpp"

#include <boost/json.hpp>
#include <set>

#include "server/care/care_template.hpp"
#include "server/care/condition_check.hpp"

namespace kefu::care {
namespace json = boost::json;
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kDayMs = 24 * 60 * kMinuteMs;

bool is_order_event(const std::string& type) {
  return type.rfind("order_", 0) == 0;
}

// FNV-1a: the same share of subjects lands in the holdout on every machine and restart.
std::uint64_t stable_hash(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

// The subject a rule reaches once: the order, the conversation (for a pending conversation: the
// customer message answered), or the customer's moment.
std::string subject_key(const Rule& rule, const CareEvent& e) {
  const std::string head = std::to_string(rule.id) + ":";
  if (is_order_event(e.type) && e.order_id) return head + "order:" + std::to_string(*e.order_id);
  if (e.conversation_id && e.type == "conversation_pending")
    return head + "conversation:" + std::to_string(*e.conversation_id) +
           ":after:" + std::to_string(e.occurrence);
  if (e.conversation_id) return head + "conversation:" + std::to_string(*e.conversation_id);
  return head + "customer:" + std::to_string(e.customer_id) + ":" + std::to_string(e.at);
}

// True when `rule` reacts to events of type `type`: its own trigger, and a new conversation for
// sla_at_risk (which falls due at a share of the conversation's first-response target).
bool reacts_to(const Rule& rule, const std::string& type) {
  return rule.trigger == type || (rule.trigger == "sla_at_risk" && type == "conversation_created");
}

// The team whose hours a business-time delay counts: the one the rule's care task goes to.
std::string team_of(const Rule& rule) {
  for (const Action& a : rule.actions)
    if (!a.team.empty()) return a.team;
  return "";
}

}  // namespace

CareEngine::CareEngine(RuleBook& rules, CareJobs& jobs, CareTasks& tasks, CareMessages& messages,
                       CareFacts& facts, CareOutlet& outlet, const Clock& clock,
                       CareSettings settings)
    : rules_(rules),
      jobs_(jobs),
      tasks_(tasks),
      messages_(messages),
      facts_(facts),
      outlet_(outlet),
      clock_(clock),
      settings_(std::move(settings)),
      quiet_(settings_.quiet_start_minute, settings_.quiet_end_minute) {}

int CareEngine::on_event(const CareEvent& event) {
  cancel_for(event);
  if (event.type == "customer_erased") return 0;
  int scheduled = 0;
  for (const Rule& rule : rules_.list()) {
    if (!rule.enabled || !reacts_to(rule, event.type)) continue;
    if (schedule_for(rule, event, subject_key(rule, event))) ++scheduled;
  }
  return scheduled;
}

int CareEngine::on_segment_changes(const std::vector<CareEvent>& changes) {
  int scheduled = 0;
  for (const CareEvent& e : changes) scheduled += on_event(e);
  return scheduled;
}

void CareEngine::cancel_for(const CareEvent& e) {
  const bool erased = e.type == "customer_erased";
  if (erased) {
    tasks_.erase_customer(e.customer_id, e.at);
    messages_.erase_customer(e.customer_id);
    if (mailer_ != nullptr)
      for (std::int64_t job : jobs_.of_customer(e.customer_id)) mailer_->forget(job);
  }
  for (const CareJob& job : jobs_.pending_for(e.customer_id, std::nullopt)) {
    if (!erased) {
      const auto rule = rules_.find(job.rule_id);
      if (!rule) continue;
      bool cancels = false;
      for (const auto& name : rule->cancel_on) cancels = cancels || name == e.type;
      if (!cancels) continue;
      // An event about another order (or conversation) leaves the job alone, except a new
      // paid order, which is news about the customer as a whole.
      if (is_order_event(e.type) && e.type != "order_paid" && job.order_id && e.order_id &&
          *job.order_id != *e.order_id)
        continue;
      if (!is_order_event(e.type) && job.conversation_id && e.conversation_id &&
          *job.conversation_id != *e.conversation_id)
        continue;
      // A job is cancelled only by what happened after its trigger.
      if (e.at < job.triggered_at) continue;
      if (job.order_id && e.order_id && *job.order_id == *e.order_id && e.type == job.trigger)
        continue;
    }
    skip(job, "cancelled", erased ? "erased" : "cancelled_by:" + e.type);
  }
}

bool CareEngine::schedule_for(const Rule& rule, const CareEvent& e, const std::string& key) {
  auto customer = facts_.customer(e.customer_id);
  if (!customer || customer->erased) return false;
  if (failed_condition(rule, *customer, e.order_id, e.conversation_id, e.at)) return false;
  CareJob job;
  job.rule_id = rule.id;
  job.key = key;
  job.customer_id = customer->id;
  job.order_id = e.order_id;
  job.conversation_id = e.conversation_id;
  job.trigger = e.type;
  job.triggered_at = e.at;
  if (rule.trigger == "sla_at_risk") {
    const auto due = sla_due(rule, e);
    if (!due) return false;
    job.trigger = rule.trigger;
    job.due_at = *due;
  } else {
    job.due_at = due_after(rule, e.at);
  }
  if (auto id = jobs_.schedule(job)) {
    job.id = *id;
    log("care_job_scheduled", job,
        json::serialize(json::object{{"rule_id", rule.id},
                                     {"job_id", job.id},
                                     {"trigger", e.type},
                                     {"due_at", job.due_at}}));
    return true;
  }
  return false;
}

int CareEngine::run_schedules() {
  const std::int64_t now = clock_.now_ms();
  int scheduled = 0;
  for (const Rule& rule : rules_.list()) {
    if (!rule.enabled || rule.trigger != "schedule") continue;
    for (std::int64_t id : facts_.customers_with_orders()) {
      auto customer = facts_.customer(id);
      if (!customer || customer->erased || !customer->last_order_id) continue;
      CareEvent e{"schedule", customer->id, customer->last_order_id, std::nullopt, now};
      // Once per quiet spell: a new order starts a new spell with a new key.
      const std::string key = std::to_string(rule.id) + ":customer:" + std::to_string(id) +
                              ":after_order:" + std::to_string(*customer->last_order_id);
      outlet_.atomically([&] { scheduled += schedule_for(rule, e, key) ? 1 : 0; });
    }
  }
  return scheduled;
}

int CareEngine::run_due(int limit) {
  // One unit of work for the batch: each job's end, actions and events are stored together
  // (a crash keeps all of the batch or none of it, and none is done twice), with one sync of
  // the log for the batch instead of one per job.
  std::size_t count = 0;
  outlet_.atomically([&] {
    const auto due = jobs_.due(clock_.now_ms(), limit);
    count = due.size();
    for (const CareJob& job : due) carry_out(job);
  });
  return static_cast<int>(count);
}

std::optional<std::string> CareEngine::refusal(const Rule& rule,
                                               const CustomerFacts& customer) const {
  if (!rule.contacts_customer()) return std::nullopt;
  if (customer.opted_out) return "opted_out";
  if (rule.caps.purpose == "marketing" && !customer.marketing_consent) return "no_consent";
  return std::nullopt;
}

std::optional<std::string> CareEngine::mail_refusal(const Rule& rule,
                                                    const CustomerFacts& customer) {
  bool mails = false;
  for (const Action& a : rule.actions) mails = mails || a.type == "email_customer";
  if (!mails) return std::nullopt;
  if (facts_.email_of(customer.id).empty()) return "no_email_address";
  if (mailer_ == nullptr || !mailer_->ready()) return "no_mailbox";
  return std::nullopt;
}

std::optional<std::string> CareEngine::failed_condition(const Rule& rule,
                                                        const CustomerFacts& customer,
                                                        std::optional<std::int64_t> order_id,
                                                        std::optional<std::int64_t> conversation_id,
                                                        std::int64_t triggered_at,
                                                        std::optional<OrderFacts>* order_out) {
  std::optional<OrderFacts> order;
  if (order_id) order = facts_.order(*order_id);
  std::optional<ConversationFacts> conversation;
  if (conversation_id) conversation = facts_.conversation(*conversation_id);
  const ConditionSubject subject{customer,     order,           conversation,
                                 triggered_at, clock_.now_ms(), settings_.default_locale};
  auto failed = first_failed_condition(rule.conditions, subject);
  if (order_out) *order_out = std::move(order);
  return failed;
}

void CareEngine::carry_out(const CareJob& job) {
  const std::int64_t now = clock_.now_ms();
  const auto rule = rules_.find(job.rule_id);
  if (!rule || !rule->enabled) return skip(job, "skipped", "rule_disabled");
  const auto customer = facts_.customer(job.customer_id);
  if (!customer || customer->erased) return skip(job, "cancelled", "erased");
  std::optional<OrderFacts> order;
  if (auto failed = failed_condition(*rule, *customer, job.order_id, job.conversation_id,
                                     job.triggered_at, &order))
    return skip(job, "skipped", "condition:" + *failed);
  if (auto refused = refusal(*rule, *customer)) return skip(job, "skipped", *refused);
  if (auto unmailable = mail_refusal(*rule, *customer)) return skip(job, "skipped", *unmailable);
  if (rule->contacts_customer()) {
    if (rule->caps.quiet_hours) {
      const std::string& zone =
          customer->time_zone.empty() ? settings_.default_time_zone : customer->time_zone;
      const std::int64_t allowed = quiet_.allowed_from(now, zone);
      if (allowed > now) {
        jobs_.postpone(job.id, allowed);
        return;
      }
    }
    if (rule->caps.contact_cap) {
      const auto last = jobs_.last_contact(customer->id);
      if (last && now - *last < settings_.contact_gap_days * kDayMs)
        return skip(job, "skipped", "contact_cap");
    }
  }
  if (rule->goal.holdout_percent > 0 &&
      stable_hash(job.key) % 100 < static_cast<std::uint64_t>(rule->goal.holdout_percent))
    return skip(job, "skipped", "holdout");
  perform(*rule, job, *customer, order);
  jobs_.finish(job.id, "done", "", rule->contacts_customer(), now);
}

void CareEngine::skip(const CareJob& job, const std::string& status, const std::string& reason) {
  if (!jobs_.finish(job.id, status, reason, false, clock_.now_ms())) return;
  log(status == "cancelled" ? "care_job_cancelled" : "care_job_skipped", job,
      json::serialize(
          json::object{{"rule_id", job.rule_id}, {"job_id", job.id}, {"reason", reason}}));
}

void CareEngine::perform(const Rule& rule, const CareJob& job, const CustomerFacts& customer,
                         const std::optional<OrderFacts>& order) {
  const std::int64_t now = clock_.now_ms();
  const std::string locale = customer.locale.empty() ? settings_.default_locale : customer.locale;
  for (const Action& action : rule.actions) {
    json::object data{{"rule_id", rule.id}, {"job_id", job.id}, {"action", action.type}};
    std::optional<std::int64_t> agent;
    if (action.type == "care_task") {
      CareTask task;
      task.job_id = job.id;
      task.rule_id = rule.id;
      task.customer_id = customer.id;
      task.order_id = job.order_id;
      task.agent_id = action.agent_id;
      task.team = action.team;
      task.text = fill_template(action.text, locale, customer, order);
      task.created_at = now;
      data["task_id"] = tasks_.create(task);
      agent = action.agent_id;
    } else if (action.type == "add_tag") {
      outlet_.add_tag(customer.id, action.tag, now);
      data["tag"] = action.tag;
    } else if (action.type == "remove_tag") {
      outlet_.remove_tag(customer.id, action.tag);
      data["tag"] = action.tag;
    } else if (action.type == "resolve_conversation") {
      if (!job.conversation_id) continue;
      outlet_.resolve_conversation(*job.conversation_id, rule.id);
    } else if (action.type == "notify_supervisors") {
      outlet_.notify_supervisors(fill_template(action.text, locale, customer, order), rule.id,
                                 customer.id);
    } else if (action.type == "customer_message") {
      CareMessage message;
      message.job_id = job.id;
      message.rule_id = rule.id;
      message.customer_id = customer.id;
      message.text = fill_template(action.text, locale, customer, order);
      message.created_at = now;
      data["message_id"] = messages_.create(message);
      outlet_.offer_messages(customer.id);
    } else if (action.type == "email_customer") {
      // Queued in this unit of work: the mail leaves once the job is stored done, and never
      // twice (one outbox entry per job).
      CareMail mail{job.id,
                    rule.id,
                    customer.id,
                    facts_.email_of(customer.id),
                    fill_template(action.subject, locale, customer, order),
                    fill_template(action.text, locale, customer, order),
                    now};
      data["mail_message_id"] = mailer_->queue(mail);
    } else if (action.type == "assign_queue") {
      if (!job.conversation_id) continue;
      outlet_.assign_queue(*job.conversation_id, action.queue, rule.id);
      data["queue"] = action.queue;
    } else if (action.type == "set_priority") {
      if (!job.conversation_id) continue;
      outlet_.set_priority(*job.conversation_id, action.priority, rule.id);
      data["priority"] = action.priority;
    } else if (action.type == "webhook") {
      // The webhook dispatcher delivers this record as `care.action` (docs/webhooks.md), from
      // the log written in this unit of work: exactly as often as the job is done.
      json::object hook{{"rule_id", rule.id}, {"job_id", job.id}, {"trigger", job.trigger}};
      hook["rule"] = rule.builtin.empty() ? rule.name : rule.builtin;
      hook["order_id"] = job.order_id ? json::value(*job.order_id) : json::value(nullptr);
      log("care_webhook", job, json::serialize(hook));
    }
    log("care_action", job, json::serialize(data), agent);
  }
}

std::optional<std::int64_t> CareEngine::sla_due(const Rule& rule, const CareEvent& e) {
  if (!e.conversation_id) return std::nullopt;
  const auto conversation = facts_.conversation(*e.conversation_id);
  if (!conversation) return std::nullopt;
  std::int64_t target = conversation->channel == "chat" ? 20'000 : 8 * 60 * kMinuteMs;
  if (settings_.reply_target_ms) target = settings_.reply_target_ms(conversation->channel);
  return e.at + target * rule.sla_percent / 100;
}

std::int64_t CareEngine::due_after(const Rule& rule, std::int64_t at) const {
  const std::int64_t delay = rule.delay_minutes * kMinuteMs;
  if (!rule.business_time || delay == 0) return at + delay;
  // Walks the team's days until their open time adds up to the delay, then finds the instant
  // within the last day (business time grows monotonically with the end of the span).
  std::shared_ptr<const metrics::BusinessCalendar> booked;
  if (settings_.team_calendar) booked = settings_.team_calendar(team_of(rule));
  const auto& hours = booked ? *booked : settings_.team_hours;
  std::int64_t from = at;
  std::int64_t left = delay;
  for (int day = 0; day < 800; ++day) {
    const std::int64_t next = hours.next_day_start(from);
    const std::int64_t open = hours.business_ms(from, next);
    if (open >= left) {
      std::int64_t low = from, high = next;
      while (high - low > 1) {
        const std::int64_t middle = low + (high - low) / 2;
        (hours.business_ms(from, middle) >= left ? high : low) = middle;
      }
      return high;
    }
    left -= open;
    from = next;
  }
  return at + delay;
}

void CareEngine::log(const std::string& type, const CareJob& job, std::string data,
                     std::optional<std::int64_t> agent_id) {
  Event e;
  e.at = clock_.now_ms();
  e.type = type;
  e.customer_id = job.customer_id;
  e.conversation_id = job.conversation_id;
  e.agent_id = agent_id;
  e.data = std::move(data);
  outlet_.log(e);
}

RulePreview CareEngine::preview(const Rule& rule) {
  const std::int64_t now = clock_.now_ms();
  RulePreview out;
  out.since = now - 30 * kDayMs;
  std::vector<CareEvent> triggers;
  if (rule.trigger == "schedule") {
    for (std::int64_t id : facts_.customers_with_orders())
      triggers.push_back(CareEvent{"schedule", id, std::nullopt, std::nullopt, now});
  } else {
    triggers = facts_.past_triggers(rule.trigger, out.since, 5000);
  }
  std::set<std::int64_t> reached;
  for (const CareEvent& e : triggers) {
    ++out.triggers;
    auto customer = facts_.customer(e.customer_id);
    if (!customer || customer->erased || reached.contains(customer->id)) continue;
    if (failed_condition(rule, *customer, e.order_id, e.conversation_id, e.at)) continue;
    if (refusal(rule, *customer)) continue;
    reached.insert(customer->id);
    if (out.sample.size() < 20) out.sample.emplace_back(customer->id, customer->name);
  }
  out.reached = static_cast<int>(reached.size());
  return out;
}

}  // namespace kefu::care
