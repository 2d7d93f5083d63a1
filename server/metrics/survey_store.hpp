#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/event.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::metrics {

// A customer's CSAT answer at resolution: 1..5 and an optional comment, linked to the
// conversation and the agent who resolved it.
struct Survey {
  std::int64_t conversation_id = 0;
  std::int64_t agent_id = 0;
  std::int64_t at = 0;
  int rating = 0;
  std::string comment;
  std::string client_id;  // of the `rate` command that stored it ("" when none)

  // The `survey_submitted` event for the log (docs/events.md). The comment stays out of the
  // event: it may hold personal data, and events must not.
  Event to_event() const;
};

// Stores CSAT surveys in kpi_surveys, one per conversation.
// Not thread-safe; `db` must outlive it.
class SurveyStore {
 public:
  static constexpr std::size_t kMaxCommentBytes = 2000;

  // Creates the kpi_ schema if needed.
  explicit SurveyStore(sql::Connection& db);

  // Stores a survey. Throws std::invalid_argument, storing nothing, when the rating is outside
  // 1..5, the comment is longer than kMaxCommentBytes or not UTF-8, an id is not positive, or
  // the conversation already has a survey.
  void submit(const Survey& survey);

  // The survey of a conversation, if any.
  std::optional<Survey> find(std::int64_t conversation_id) const;

  // An agent's surveys with at in [from, to), oldest first.
  std::vector<Survey> for_agent(std::int64_t agent_id, std::int64_t from, std::int64_t to) const;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::metrics
