#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/care/care_facts.hpp"
#include "server/care/care_jobs.hpp"
#include "server/care/care_mailer.hpp"
#include "server/care/care_messages.hpp"
#include "server/care/care_outlet.hpp"
#include "server/care/care_tasks.hpp"
#include "server/care/quiet_hours.hpp"
#include "server/care/rule_book.hpp"
#include "server/domain/clock.hpp"
#include "server/metrics/business_calendar.hpp"

namespace kefu::care {

// The shop-wide limits of care.
struct CareSettings {
  int contact_gap_days = 7;          // at most one care contact per customer per this many days
  int quiet_start_minute = 21 * 60;  // the customer's night, in their own time zone
  int quiet_end_minute = 8 * 60;
  std::string default_time_zone = "Asia/Shanghai";  // for customers whose zone is unknown
  std::string default_locale = "zh-CN";
  // The team's open hours, for rules whose delay counts business time. Always open (business
  // time is calendar time) until the team's hours are configured.
  metrics::BusinessCalendar team_hours = metrics::BusinessCalendar::always_open();
  // The hours of a named team ("" for the shop's), as the admin set them (the server's
  // BusinessHoursBook); when set, business-time delays count the hours of the team the rule's
  // care task goes to (else ""), and `team_hours` is not used.
  std::function<std::shared_ptr<const metrics::BusinessCalendar>(const std::string& team)>
      team_calendar;
  // A channel's first-response target in ms (the admin's SLA policy), for sla_at_risk rules;
  // when unset: chat 20 s, ticket 8 h.
  std::function<std::int64_t(const std::string& channel)> reply_target_ms;
};

// Who a rule would reach now (the admin's preview).
struct RulePreview {
  std::int64_t since = 0;  // triggers since then were replayed (event rules)
  int triggers = 0;        // how many triggers (or customers, for schedule rules) were looked at
  int reached = 0;         // distinct customers the rule would reach today
  std::vector<std::pair<std::int64_t, std::string>> sample;  // up to 20: id, name
};

// The rule engine of care and service automation: events and the schedule make durable jobs
// (once per rule and subject), cancel events end them, and due jobs re-check their rule's
// conditions and the caps before their actions run, each job with its actions and log events
// in the same unit of work. Plain C++ over its interfaces; driven by the caller's clock. Not
// thread-safe.
class CareEngine {
 public:
  CareEngine(RuleBook& rules, CareJobs& jobs, CareTasks& tasks, CareMessages& messages,
             CareFacts& facts, CareOutlet& outlet, const Clock& clock, CareSettings settings = {});

  // Reacts to one event: ends the waiting jobs it cancels (erasure: all of the customer's, and
  // their tasks' texts, widget messages and e-mails go: CareTasks, CareMessages, CareMailer)
  // and schedules a job for each enabled rule it triggers whose conditions hold. Call inside a
  // unit of work. Returns how many jobs were scheduled.
  int on_event(const CareEvent& event);

  // Checks every customer with orders against each enabled schedule rule and schedules those
  // whose conditions hold (once per customer and quiet spell). Returns how many.
  int run_schedules();

  // Reacts to the customers whose segment moved since the last call (segment_changed), as
  // on_event does. Call inside a unit of work. Returns how many jobs were scheduled.
  int on_segment_changes(const std::vector<CareEvent>& changes);

  // Carries out the jobs due now, up to `limit`, in one unit of work (each job is done with its
  // actions and events, or none of the batch is). Returns how many were ended or postponed.
  int run_due(int limit = 200);

  // Who `rule` would reach today: its triggers of the last 30 days (or, for a schedule rule,
  // the customers with orders) whose conditions and consent hold now.
  RulePreview preview(const Rule& rule);

  const CareSettings& settings() const { return settings_; }

  // Where email_customer actions go (it must outlive the engine); without one their jobs are
  // skipped with the reason no_mailbox.
  void set_mailer(CareMailer* mailer) { mailer_ = mailer; }

 private:
  void cancel_for(const CareEvent& event);
  // Schedules the rule's job for the event's subject; false when a condition fails or the
  // subject had its job already.
  bool schedule_for(const Rule& rule, const CareEvent& event, const std::string& key);
  void carry_out(const CareJob& job);
  void skip(const CareJob& job, const std::string& status, const std::string& reason);
  void perform(const Rule& rule, const CareJob& job, const CustomerFacts& customer,
               const std::optional<OrderFacts>& order);
  // Why the rule may not reach the customer at all (opt-out, consent), or nullopt.
  std::optional<std::string> refusal(const Rule& rule, const CustomerFacts& customer) const;
  // Why the rule's e-mail cannot go to the customer (no address, no mailbox), or nullopt.
  std::optional<std::string> mail_refusal(const Rule& rule, const CustomerFacts& customer);
  std::optional<std::string> failed_condition(const Rule& rule, const CustomerFacts& customer,
                                              std::optional<std::int64_t> order_id,
                                              std::optional<std::int64_t> conversation_id,
                                              std::int64_t triggered_at,
                                              std::optional<OrderFacts>* order_out = nullptr);
  std::int64_t due_after(const Rule& rule, std::int64_t at) const;
  // When an sla_at_risk rule's job falls due for the conversation (nullopt: no conversation).
  std::optional<std::int64_t> sla_due(const Rule& rule, const CareEvent& event);
  void log(const std::string& type, const CareJob& job, std::string data,
           std::optional<std::int64_t> agent_id = std::nullopt);

  RuleBook& rules_;
  CareJobs& jobs_;
  CareTasks& tasks_;
  CareMessages& messages_;
  CareFacts& facts_;
  CareOutlet& outlet_;
  const Clock& clock_;
  CareSettings settings_;
  QuietHours quiet_;
  CareMailer* mailer_ = nullptr;
};

}  // namespace kefu::care
