#include "server/net/kb_learning.hpp"

#include <algorithm>
#include <stdexcept>

#include "server/customers/signatures.hpp"

namespace kefu::net {
namespace {

// How far back a conversation is read for its customer's last message.
constexpr std::int64_t kMessagesRead = 50;

}  // namespace

std::string evidence_from(const std::string& kind, std::int64_t id) {
  return customers::to_hex(
      customers::hmac_sha256("kefu learned-question evidence", kind + ":" + std::to_string(id)));
}

std::string last_customer_question(store::Store& store,
                                   const store::ConversationRecord& conversation) {
  const std::int64_t up_to = conversation.last_seq;
  const auto messages =
      store.read_messages(conversation.id, std::max<std::int64_t>(0, up_to - kMessagesRead), up_to,
                          static_cast<int>(kMessagesRead));
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->author_kind == store::AuthorKind::customer) return it->body;
  }
  return {};
}

bool learn_question(ServerState& state, std::int64_t article, const std::string& question,
                    kb::EvidenceSource source, const std::string& who) {
  if (question.empty() || question.size() > kb::LearnedQuestions::kMaxQuestionBytes) return false;
  const std::int64_t now = state.clock().now_ms();
  return state.back_office().guarded([&](BackOffice& office) {
    kb::KnowledgeBase& kb = office.knowledge_base();
    const auto found = kb.get(article);
    if (!found || found->status != kb::ArticleStatus::kPublished) return false;
    try {
      kb.learn(article, question, source, who, now);
    } catch (const std::invalid_argument&) {
      return false;  // a question without words (only emoji or punctuation): nothing to learn
    }
    return true;
  });
}

}  // namespace kefu::net
