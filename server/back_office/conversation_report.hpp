#pragma once

#include <cstdint>
#include <string>

#include "server/store/sql/connection.hpp"

namespace kefu {

// One CSV row per conversation opened in [from, to) (GET /api/reports/conversations.csv;
// columns in docs/metrics.md, "Per-conversation export"): who, where, the time of each step,
// and the conversation's first response, handle and resolution times in seconds, its CSAT
// rating and automatic quality score. Every figure comes from the interaction log and the
// `kpi_` tables, computed as docs/metrics.md defines it. Reads only.
class ConversationReport {
 public:
  explicit ConversationReport(sql::Connection& db) : db_(db) {}

  // The CSV text (RFC 4180, CRLF line ends, a header row). Times are ISO 8601 UTC with
  // milliseconds; durations are seconds with three decimals; an empty field is "did not happen".
  std::string csv(std::int64_t from, std::int64_t to);

 private:
  sql::Connection& db_;
};

}  // namespace kefu
