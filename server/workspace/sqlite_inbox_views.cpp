#include "server/workspace/sqlite_inbox_views.hpp"

#include <boost/json.hpp>
#include <stdexcept>
#include <variant>

#include "server/store/sql/statement.hpp"

namespace kefu::workspace {
namespace {

namespace json = boost::json;

using Value = std::variant<std::int64_t, std::string>;

// A WHERE clause and the values of its placeholders, in order (in SQL both engines take: a
// truth is a comparison, never a bare number).
struct Condition {
  std::string sql = "1 = 1";
  std::vector<Value> values;

  void add(const std::string& clause, std::vector<Value> more = {}) {
    sql += " AND (" + clause + ")";
    values.insert(values.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
  }

  void bind(sql::Statement& statement, int first = 1) const {
    int at = first;
    for (const auto& v : values) {
      if (const auto* number = std::get_if<std::int64_t>(&v)) {
        statement.bind(at++, *number);
      } else {
        statement.bind(at++, std::get<std::string>(v));
      }
    }
  }
};

// "?, ?, ?" for n values.
std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// `text` for LIKE with `\` as the escape character.
std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

void add_view(Condition& where, const InboxQuery& q, InboxView view) {
  const std::int64_t me = q.staff_id;
  switch (view) {
    case InboxView::mine:
      where.add("c.status = 'assigned' AND c.agent_id = ?", {me});
      break;
    case InboxView::unassigned: {
      std::vector<Value> queues(q.queues.begin(), q.queues.end());
      if (queues.empty()) {
        where.add("1 = 0");
      } else {
        const std::string clause =
            "c.status = 'queued' AND c.queue IN (" + placeholders(queues.size()) + ")";
        where.add(clause, std::move(queues));
      }
      break;
    }
    case InboxView::team:
      if (q.supervises) {
        where.add("c.status = 'assigned'");
      } else {
        where.add(
            "c.status = 'assigned' AND (c.agent_id = ? OR c.agent_id IN ("
            "SELECT mate.user_id FROM user_teams mine JOIN user_teams mate "
            "ON mate.team_id = mine.team_id WHERE mine.user_id = ?))",
            {me, me});
      }
      break;
    case InboxView::resolved:
      if (q.supervises) {
        where.add("c.status IN ('resolved', 'closed')");
      } else {
        where.add("c.status IN ('resolved', 'closed') AND (c.agent_id = ? OR c.last_agent_id = ?)",
                  {me, me});
      }
      break;
    case InboxView::mentions:
      where.add("c.id IN (SELECT conversation_id FROM note_mentions WHERE user_id = ?)", {me});
      break;
  }
}

void add_filters(Condition& where, const InboxQuery& q) {
  if (!q.channel.empty()) where.add("c.channel = ?", {q.channel});
  if (!q.status.empty()) where.add("c.status = ?", {q.status});
  if (!q.queue.empty()) where.add("c.queue = ?", {q.queue});
  if (!q.tag.empty()) {
    where.add(
        "EXISTS (SELECT 1 FROM customer_tags t WHERE t.tag = ? AND t.customer_id IN "
        "(c.customer_id, cu.merged_into))",
        {q.tag});
  }
  if (q.only_ids) {
    std::vector<Value> ids(q.only_ids->begin(), q.only_ids->end());
    if (ids.empty()) {
      where.add("1 = 0");
    } else {
      const std::string clause = "c.id IN (" + placeholders(ids.size()) + ")";
      where.add(clause, std::move(ids));
    }
  }
  if (q.customers) {
    std::vector<Value> values(q.customers->begin(), q.customers->end());
    std::string clause;
    if (!values.empty()) clause = "c.customer_id IN (" + placeholders(values.size()) + ") OR ";
    const std::string pattern = like_pattern(q.text);
    clause +=
        "lower(c.subject) LIKE lower(?) ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m WHERE "
        "m.conversation_id = c.id AND lower(m.body) LIKE lower(?) ESCAPE '\\')";
    values.emplace_back(pattern);
    values.emplace_back(pattern);
    where.add(clause, std::move(values));
  }
}

const char* order_of(InboxView view) {
  switch (view) {
    case InboxView::unassigned:
      return "c.queued_at, c.id";
    case InboxView::resolved:
      return "COALESCE(c.resolved_at, c.updated_at) DESC, c.id DESC";
    default:
      return "c.updated_at DESC, c.id DESC";
  }
}

constexpr const char* kFrom =
    " FROM conversations c JOIN customers cu ON cu.id = c.customer_id"
    " LEFT JOIN customers holder ON holder.id = cu.merged_into"
    " LEFT JOIN users u ON u.id = c.agent_id";

json::value nullable(const sql::Column& column) {
  if (column.is_null()) return nullptr;
  return column.int64();
}

std::int64_t count_of(sql::Connection& db, const Condition& where) {
  sql::Statement count(db, std::string("SELECT COUNT(*)") + kFrom + " WHERE " + where.sql);
  where.bind(count);
  count.step();
  return count.column(0).int64();
}

}  // namespace

const char* to_string(InboxView view) {
  switch (view) {
    case InboxView::mine:
      return "mine";
    case InboxView::unassigned:
      return "unassigned";
    case InboxView::team:
      return "team";
    case InboxView::resolved:
      return "resolved";
    case InboxView::mentions:
      return "mentions";
  }
  return "mine";
}

std::optional<InboxView> inbox_view_named(std::string_view name) {
  for (InboxView view : kInboxViews)
    if (name == to_string(view)) return view;
  return std::nullopt;
}

InboxPage SqliteInboxViews::list(const InboxQuery& q) {
  if (q.limit < 1 || q.limit > 100) throw std::invalid_argument("limit must be 1..100");
  if (q.offset < 0) throw std::invalid_argument("offset must be >= 0");
  InboxPage page;
  for (InboxView view : kInboxViews) {
    Condition where;
    add_view(where, q, view);
    add_filters(where, q);
    page.counts[to_string(view)] = count_of(db_, where);
  }
  page.total = page.counts[to_string(q.view)];
  Condition where;
  add_view(where, q, q.view);
  add_filters(where, q);
  sql::Statement rows(
      db_, std::string("SELECT c.id, c.channel, c.status, c.queue, c.subject, c.customer_id, "
                       "COALESCE(holder.display_name, cu.display_name, ''), c.agent_id, "
                       "COALESCE(u.display_name, ''), c.created_at, c.queued_at, c.updated_at, "
                       "c.resolved_at, lm.author_kind, lm.created_at, lm.body") +
               kFrom +
               " LEFT JOIN messages lm ON lm.conversation_id = c.id AND lm.seq = "
               "(SELECT MAX(m.seq) FROM messages m WHERE m.conversation_id = c.id)"
               " WHERE " +
               where.sql + " ORDER BY " + order_of(q.view) + " LIMIT ? OFFSET ?");
  where.bind(rows);
  rows.bind(static_cast<int>(where.values.size()) + 1, q.limit);
  rows.bind(static_cast<int>(where.values.size()) + 2, q.offset);
  while (rows.step()) {
    json::object o{
        {"id", rows.column(0).int64()},
        {"channel", rows.column(1).text()},
        {"status", rows.column(2).text()},
        {"queue", rows.column(3).text()},
        {"subject", rows.column(4).text()},
        {"customer", json::object{{"id", rows.column(5).int64()}, {"name", rows.column(6).text()}}},
        {"created_at", rows.column(9).int64()},
        {"queued_at", rows.column(10).int64()},
        {"updated_at", rows.column(11).int64()},
        {"resolved_at", nullable(rows.column(12))}};
    if (rows.column(7).is_null()) {
      o["agent"] = nullptr;
    } else {
      o["agent"] = json::object{{"id", rows.column(7).int64()}, {"name", rows.column(8).text()}};
    }
    o["last_message"] = nullptr;
    if (!rows.column(13).is_null()) {
      o["last_message"] = json::object{{"author_kind", rows.column(13).text()},
                                       {"at", rows.column(14).int64()},
                                       {"text", rows.column(15).text()}};
    }
    page.conversations.push_back(std::move(o));
  }
  page.more = q.offset + static_cast<std::int64_t>(page.conversations.size()) < page.total;
  return page;
}

}  // namespace kefu::workspace
