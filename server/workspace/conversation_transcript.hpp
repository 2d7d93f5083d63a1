#pragma once

#include <SQLiteCpp/Database.h>

#include <boost/json/object.hpp>
#include <cstdint>

#include "server/store/sql/connection.hpp"

namespace kefu::workspace {

// One page of a conversation's transcript, read-only, for staff opening a past conversation
// from the customer panel:
//
// {"conversation": {"id", "customer_id", "channel", "status", "queue", "subject", "agent_id",
//                   "agent_name", "created_at", "resolved_at"},
//  "messages": [{"seq", "author_kind", "author_id", "author_name", "text", "created_at"}],
//  "more": bool}
//
// Messages in `seq` order after `after_seq`, at most `limit` (1..500) of them; `more` says that
// later ones exist. Agents' names come from `users`; a customer's messages carry the name of
// the customer who holds them now (after merges), "" once erased. Times are ms since the
// epoch. On either engine (the neutral SQL layer). Throws ConversationNotFound for an unknown id,
// std::invalid_argument for a bad page.
boost::json::object read_transcript(sql::Connection& db, std::int64_t conversation_id,
                                    std::int64_t after_seq = 0, int limit = 200);

// The same over a SQLiteCpp handle (a view of it), for a caller not yet holding a
// sql::Connection (BackOffice::transcript until it passes its sql()).
boost::json::object read_transcript(SQLite::Database& db, std::int64_t conversation_id,
                                    std::int64_t after_seq = 0, int limit = 200);

}  // namespace kefu::workspace
