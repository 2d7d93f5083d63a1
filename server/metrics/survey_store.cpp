#include "server/metrics/survey_store.hpp"

#include <stdexcept>

#include "server/metrics/schema.hpp"
#include "server/metrics/utf8.hpp"
#include "server/store/sql/connection.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::metrics {
namespace {

Survey read(sql::Statement& s) {
  return Survey{s.column(0).int64(), s.column(1).int64(), s.column(2).int64(),
                s.column(3).int32(), s.column(4).text(),  s.column(5).text()};
}

}  // namespace

Event Survey::to_event() const {
  Event e;
  e.at = at;
  e.type = "survey_submitted";
  e.conversation_id = conversation_id;
  e.agent_id = agent_id;
  e.data = "{\"rating\":" + std::to_string(rating) + "}";
  return e;
}

SurveyStore::SurveyStore(sql::Connection& db) : db_(db) {
  create_schema(db_);
}

void SurveyStore::submit(const Survey& survey) {
  if (survey.rating < 1 || survey.rating > 5) throw std::invalid_argument("rating must be 1..5");
  if (survey.conversation_id <= 0 || survey.agent_id <= 0) {
    throw std::invalid_argument("survey needs a conversation and an agent");
  }
  if (survey.comment.size() > kMaxCommentBytes) throw std::invalid_argument("comment too long");
  if (!is_valid_utf8(survey.comment)) throw std::invalid_argument("comment is not UTF-8");
  sql::Statement insert(db_,
                        "INSERT INTO kpi_surveys (conversation_id, agent_id, at,"
                        " rating, comment, client_id) VALUES (?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT DO NOTHING");
  insert.bind(1, survey.conversation_id);
  insert.bind(2, survey.agent_id);
  insert.bind(3, survey.at);
  insert.bind(4, survey.rating);
  insert.bind(5, survey.comment);
  insert.bind(6, survey.client_id);
  if (insert.exec() == 0) throw std::invalid_argument("conversation already has a survey");
}

std::optional<Survey> SurveyStore::find(std::int64_t conversation_id) const {
  sql::Statement select(
      db_,
      "SELECT conversation_id, agent_id, at, rating, comment, client_id FROM kpi_surveys"
      " WHERE conversation_id = ?");
  select.bind(1, conversation_id);
  if (!select.step()) return std::nullopt;
  return read(select);
}

std::vector<Survey> SurveyStore::for_agent(std::int64_t agent_id, std::int64_t from,
                                           std::int64_t to) const {
  sql::Statement select(
      db_,
      "SELECT conversation_id, agent_id, at, rating, comment, client_id FROM kpi_surveys"
      " WHERE agent_id = ? AND at >= ? AND at < ? ORDER BY at");
  select.bind(1, agent_id);
  select.bind(2, from);
  select.bind(3, to);
  std::vector<Survey> out;
  while (select.step()) out.push_back(read(select));
  return out;
}

}  // namespace kefu::metrics
