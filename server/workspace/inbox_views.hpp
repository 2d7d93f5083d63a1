#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kefu::workspace {

// The inbox views of the agent console (docs/protocol.md, "Inbox views"):
//   mine       — assigned to the caller
//   unassigned — waiting in a queue the caller serves
//   team       — assigned to the caller's team mates (everybody's, for supervisors and admins)
//   resolved   — resolved or closed, handled by the caller (everybody's for supervisors)
//   mentions   — any conversation whose notes mention the caller
enum class InboxView { mine, unassigned, team, resolved, mentions };

inline constexpr InboxView kInboxViews[] = {InboxView::mine, InboxView::unassigned, InboxView::team,
                                            InboxView::resolved, InboxView::mentions};

const char* to_string(InboxView view);
// The view named `name`, or nullopt.
std::optional<InboxView> inbox_view_named(std::string_view name);

// Who asks, and what they narrow the view to. Every filter left empty does not narrow.
struct InboxQuery {
  InboxView view = InboxView::mine;
  std::int64_t staff_id = 0;
  bool supervises = false;          // a supervisor or an admin
  std::vector<std::string> queues;  // the queues the caller serves (unassigned)
  std::string channel;              // chat | ticket
  std::string status;               // queued | assigned | resolved | closed | abandoned
  std::string queue;                // the queue it waits or waited in
  std::string tag;                  // a tag of the customer
  // Set when the caller searched: the conversation's customer is one of `customers` (found by
  // name, pinyin, e-mail, phone or order number) or one of its messages or its subject holds
  // `text`.
  std::optional<std::set<std::int64_t>> customers;
  std::string text;
  // Set when the caller filtered by SLA risk: only these (open) conversations.
  std::optional<std::set<std::int64_t>> only_ids;
  int limit = 50;  // 1..100
  int offset = 0;  // 0..
};

// One page of a view, and how many conversations each view holds under the same filters.
struct InboxPage {
  // [{"id","channel","status","queue","subject","customer":{"id","name"},
  //   "agent":{"id","name"}|null,"created_at","queued_at","updated_at","resolved_at",
  //   "last_message":{"author_kind","text","at"}|null}]
  boost::json::array conversations;
  std::int64_t total = 0;  // in this view
  bool more = false;
  std::map<std::string, std::int64_t> counts;  // by view name
};

// Reads the inbox views. Implementations hold all the SQL; callers see only this.
class InboxViews {
 public:
  virtual ~InboxViews() = default;
  // The page asked for, newest activity first (unassigned: longest waiting first; resolved:
  // latest resolution first). Throws std::invalid_argument for a limit or offset out of range.
  virtual InboxPage list(const InboxQuery& query) = 0;
};

}  // namespace kefu::workspace
