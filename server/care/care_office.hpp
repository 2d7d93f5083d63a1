#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/care/care_engine.hpp"
#include "server/care/care_mailer.hpp"
#include "server/care/sqlite_care_facts.hpp"
#include "server/care/sqlite_care_feed.hpp"
#include "server/care/sqlite_care_jobs.hpp"
#include "server/care/sqlite_care_messages.hpp"
#include "server/care/sqlite_care_outcomes.hpp"
#include "server/care/sqlite_care_outlet.hpp"
#include "server/care/sqlite_care_preferences.hpp"
#include "server/care/sqlite_care_tasks.hpp"
#include "server/care/sqlite_rule_book.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::care {

// The rule was not found (404).
struct RuleNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The care task is not there or not the staff member's to see (404).
struct TaskNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// No such customer, or an erased one (404).
struct CareCustomerNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The care task was closed already (409).
struct TaskClosed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Who asks for care tasks: agents see their own, their teams' and everyone's tasks;
// supervisors and admins see all.
struct TaskReader {
  std::int64_t id = 0;
  bool sees_all = false;
  std::vector<std::string> teams;
};

// Care and automation in a running server: its own connection to the store (SQLite or
// PostgreSQL, already migrated) with the stores, the feed and the engine over them. Used on one
// strand only (the back office's); the desk's part of actions goes to `hooks`. Several nodes may
// each run one on the same PostgreSQL database: each due job is carried out by one of them.
class CareOffice {
 public:
  // Opens `location`: a SQLite file or a postgresql:// URI (sql::open_connection).
  CareOffice(const std::string& location, const Clock& clock, DeskHooks hooks,
             CareSettings settings = {});
  CareOffice(std::unique_ptr<sql::Connection> db, const Clock& clock, DeskHooks hooks,
             CareSettings settings = {});
  CareOffice(const CareOffice&) = delete;
  CareOffice& operator=(const CareOffice&) = delete;

  // Stores the built-in rules missing from the book (disabled) and sets the feed's positions
  // when they are not set yet. Call once, before the server takes orders.
  void start();

  // One turn: reads what happened since the last turn into jobs, checks the schedule rules
  // (at most once an hour, with the segment changes), and carries out the jobs due, in
  // batches, for at most about a quarter second. Returns the jobs carried out.
  int tick();

  // Right after an erasure commits, before the log is truncated: every job of these customers
  // is cancelled, their care tasks keep no text, their widget messages and care e-mails (the
  // mail outbox's entries, queued or sent) are deleted and so are their care preferences (the
  // feed would see the erasure a second later; this way no copy of the text outlives the
  // erasure's log truncation). Jobs keep only ids, times and reasons.
  void erase_customers(const std::vector<std::int64_t>& customer_ids);

  std::vector<Rule> rules() { return rules_.list(); }
  Rule rule(std::int64_t id);
  // Stores a new rule. Throws RuleInputError `unknown_tag` (nothing stored) when an add_tag
  // action names a tag the catalogue does not allow (require_catalogue_tags).
  Rule add_rule(Rule rule);
  // Replaces the rule's definition (its builtin key stays), with add_rule's tag check. Throws
  // RuleNotFound, RuleInputError.
  Rule replace_rule(Rule rule);
  // Switches the rule on or off as it is (its tags are not checked again: a rule saved before
  // the catalogue held any tag keeps working until it is edited).
  Rule set_enabled(std::int64_t id, bool enabled);
  // The rules were changed outside this office (kefu config import): read them again.
  void rules_changed() { rules_.forget(); }
  RulePreview preview(std::int64_t id);
  // The rule's jobs, newest first: what it did, skipped and why.
  std::vector<CareJob> rule_log(std::int64_t id, int limit);

  // The tasks the reader may see with this status ("" for any), each with its customer's name,
  // its rule's name and its order beside it (docs/protocol.md, "Care tasks").
  boost::json::array tasks_for(const TaskReader& reader, const std::string& status);
  // Closes a task the reader may see, with its outcome, and logs care_task_closed. Throws
  // TaskNotFound, TaskClosed.
  boost::json::object close_task(const TaskReader& reader, std::int64_t task_id,
                                 const std::string& status, const std::string& outcome);

  // The customer's care preferences (the merged-into customer's). Throws CareCustomerNotFound.
  CarePreferences preferences(std::int64_t customer_id);
  // Stores them, with the event care_preferences_changed naming the staff member `by`.
  // Throws CareCustomerNotFound.
  CarePreferences set_preferences(std::int64_t customer_id, const CarePreferences& preferences,
                                  std::int64_t by);

  // The customer's waiting jobs, earliest due first (the customer panel's upcoming care):
  // {"jobs":[{"id","rule_id","rule_name","trigger","due_at","order_id","conversation_id"}]}.
  // Throws CareCustomerNotFound.
  boost::json::object upcoming(std::int64_t customer_id);

  // Every rule's reach against its holdout over the jobs ended in the last `days` days
  // (docs/protocol.md, "Care outcomes"): {"since","rules":[rule_outcome_json...]}.
  boost::json::object outcomes(int days);

  // The customer's care messages waiting for their visit, marked shown: the widget shows each
  // once (docs/protocol.md, `care_message`).
  std::vector<CareMessage> take_messages(std::int64_t customer_id);

  CareEngine& engine() { return engine_; }
  sql::Connection& database() { return *db_; }

 private:
  Rule store_rule(Rule rule, bool check_tags);
  bool may_see(const TaskReader& reader, const CareTask& task) const;
  boost::json::object describe(const CareTask& task);

  std::unique_ptr<sql::Connection> db_;
  const Clock& clock_;
  SqliteRuleBook rules_;
  SqliteCareJobs jobs_;
  SqliteCareTasks tasks_;
  SqliteCareMessages messages_;
  SqliteCareOutcomes outcomes_;
  SqliteCareFacts facts_;
  SqliteCareFeed feed_;
  SqliteCareOutlet outlet_;
  SqliteCarePreferences preferences_;
  CareEngine engine_;
  std::unique_ptr<CareMailer> mailer_;  // null when the mail outbox is not on this engine yet
  std::optional<std::int64_t> schedules_at_;
};

}  // namespace kefu::care
