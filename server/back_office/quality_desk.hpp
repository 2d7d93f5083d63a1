#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "server/metrics/quality_scorer.hpp"
#include "server/metrics/quality_settings.hpp"
#include "server/metrics/sla_clock.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu {

// A request about quality the desk refuses; nothing was stored. `code` is the protocol's error
// code (docs/protocol.md): bad_field, too_long, not_found, conflict, already_rated.
class QualityRefused : public std::runtime_error {
 public:
  QualityRefused(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// A stored CSAT answer.
struct SurveyReceipt {
  std::int64_t conversation_id = 0;
  std::int64_t at = 0;
  bool repeated = false;  // the same client_id had already stored it
};

// A resolved conversation whose customer has not rated it yet.
struct SurveyDue {
  std::int64_t conversation_id = 0;
  std::int64_t customer_id = 0;
  std::int64_t agent_id = 0;
  std::string agent_name;
};

// Which scored conversations a supervisor lists.
struct ScoredFilter {
  std::optional<std::int64_t> agent_id;
  std::optional<std::string> queue;
  std::int64_t from = 0;  // resolution (score) time, [from, to)
  std::int64_t to = INT64_MAX;
  int limit = 200;
};

// Quality work on the back office's connection (docs/metrics.md, "Quality"): the customers'
// CSAT surveys, the automatic score of each resolved conversation, supervisors' reviews on the
// configured scorecard, calibration and the quality settings. Reads conversations, messages
// and events written by the desk's store; writes kpi_ tables and its own events
// (`survey_submitted`, `review_submitted`). Not thread-safe: used on the back-office strand.
// Methods that write several rows must run inside one write transaction (the caller's
// BackOffice::in_write_transaction), so that the row and its event commit together.
class QualityDesk {
 public:
  // Whether the knowledge base has a confident answer to a customer's message.
  using ConfidentAnswer = std::function<bool(std::string_view customer_text)>;

  static constexpr std::size_t kMaxSurveyCommentChars = 500;
  static constexpr std::size_t kMaxReviewCommentChars = 1000;

  // `db` must outlive the desk. Creates the kpi_ schema if needed and loads the settings.
  QualityDesk(sql::Connection& db, ConfidentAnswer confident);
  QualityDesk(const QualityDesk&) = delete;
  QualityDesk& operator=(const QualityDesk&) = delete;

  const metrics::QualitySettings& settings() const { return settings_; }
  // The SLA policies' clocks (owned by the server, outliving this desk): from now on a score
  // judges replies by the conversation's resolved policy instead of the settings' per-channel
  // targets.
  void set_sla_clocks(const metrics::SlaClocks* clocks) { sla_clocks_ = clocks; }

  // Validates and stores new settings (QualitySettings::from_json); throws QualityRefused
  // (bad_field) and changes nothing when they are refused. Scores already stored stay.
  void replace_settings(const boost::json::value& settings);
  // Reads the stored settings again (an imported configuration changed them).
  void reload_settings();

  // Stores a customer's CSAT answer for their resolved conversation with its
  // `survey_submitted` event, and rescores the conversation. In a write transaction.
  // Throws QualityRefused, storing nothing: bad_field (rating not 1..5), too_long (comment
  // over 500 characters or 2,000 bytes), not_found (no such conversation of this customer),
  // conflict (not resolved), already_rated (rated before with another client_id). The same
  // client_id again returns the first receipt with `repeated`.
  SurveyReceipt submit_survey(std::int64_t customer_id, std::int64_t conversation_id, int rating,
                              const std::string& comment, const std::string& client_id,
                              std::int64_t now);

  // The conversation if it is resolved (or closed after resolution) and not rated yet.
  std::optional<SurveyDue> survey_due(std::int64_t conversation_id);

  // The customer's latest conversation, if it was resolved within `within_ms` of `now` and is
  // not rated yet (to ask again after a reload).
  std::optional<SurveyDue> pending_survey_of(std::int64_t customer_id, std::int64_t now,
                                             std::int64_t within_ms);

  // Computes and stores (replacing) the automatic score of a conversation that has been
  // resolved at least once; nullopt when it never was.
  std::optional<metrics::QualityScore> score_conversation(std::int64_t conversation_id,
                                                          std::int64_t now);

  // Scored conversations, newest first: {conversation_id, agent_id, agent_name, queue,
  // channel, status, scored_at, score, items[], csat, reviews, review_score, customer_name,
  // created_at, resolved_at}.
  boost::json::array scored_conversations(const ScoredFilter& filter);
  // Every user with the agent role, by name: [{id, name}] (the review list's agent filter).
  boost::json::array agents();

  // The agent a conversation is judged for: the agent of its automatic score, else its
  // (last) agent. nullopt when the conversation does not exist or never had one.
  std::optional<std::int64_t> agent_of(std::int64_t conversation_id);

  // A conversation for review: {conversation, messages[], automatic, survey, reviews[]}.
  // Throws QualityRefused (not_found).
  boost::json::object conversation_detail(std::int64_t conversation_id);

  // Scores a review on the scorecard and stores it with its `review_submitted` event, in a
  // write transaction. Throws QualityRefused, storing nothing: not_found, conflict (not
  // resolved), bad_field (marks missing, unknown or outside 0..100), too_long (comment).
  boost::json::object add_review(std::int64_t conversation_id, std::int64_t reviewer_id,
                                 const std::map<std::string, double>& marks,
                                 const std::string& comment, std::int64_t now);

  // Reviews of an agent's conversations, newest first (all agents when nullopt), with the
  // reviewer's name, the comment and the automatic score of the same conversation.
  boost::json::array reviews(std::optional<std::int64_t> agent_id);

  // Per agent, reviews at in [from, to): {agent_id, agent_name, reviews, review_mean,
  // compared, automatic_mean, difference}.
  boost::json::array calibration(std::int64_t from, std::int64_t to);

 private:
  void append_event(std::int64_t at, const std::string& type, std::int64_t conversation_id,
                    std::optional<std::int64_t> customer_id, std::int64_t agent_id,
                    const std::string& data);

  sql::Connection& db_;
  ConfidentAnswer confident_;
  metrics::QualitySettings settings_;
  const metrics::SlaClocks* sla_clocks_ = nullptr;
};

}  // namespace kefu
