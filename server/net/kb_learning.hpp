#pragma once

#include <cstdint>
#include <string>

#include "knowledge_base/learned_questions.hpp"
#include "server/net/server_state.hpp"
#include "server/store/records.hpp"

namespace kefu::net {

// Where the knowledge base learns the shop's own questions (issue #26, learned questions): an
// agent inserting an article into a reply makes the conversation's last customer message
// evidence for it, a customer saying an article helped makes the question their search asked.
// The knowledge base keeps one row per (article, folded question, person), so one person's
// repeated clicks count once.

// The pseudonym a person's evidence is kept under: `kind` ("agent", "customer") and id, hashed
// (HMAC-SHA256 with a fixed label, hex), so the table holds no staff or customer id.
std::string evidence_from(const std::string& kind, std::int64_t id);

// The text of the conversation's last customer message (the question an agent answered), or
// the empty string when the customer has written nothing. Reads through the store; any thread.
std::string last_customer_question(store::Store& store,
                                   const store::ConversationRecord& conversation);

// On the back office strand: records `question` as evidence for `article` when it can be
// (the article published, the question with words and at most
// kb::LearnedQuestions::kMaxQuestionBytes); returns whether it was recorded. Nothing changes
// when it was not. Store failures throw.
bool learn_question(ServerState& state, std::int64_t article, const std::string& question,
                    kb::EvidenceSource source, const std::string& who);

}  // namespace kefu::net
