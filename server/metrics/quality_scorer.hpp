#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kefu::metrics {

// Weights of the automatic quality score's items; any non-negative numbers (they are
// normalised over the items that apply to a conversation).
struct QualityWeights {
  double replies_within_target = 25;
  double first_response_within_target = 20;
  double resolved_without_reopen = 20;
  double kb_answer_used = 10;
  double csat = 15;
  double greeting = 5;
  double closing = 5;
};

// Phrases that count as a greeting (in the agent's first reply) or a closing (in the last),
// compared after NFKC case folding, so "HELLO" and full-width "Ｈｅｌｌｏ" match "hello".
// Latin phrases must stand as whole words; Chinese phrases match anywhere.
struct QualityPhrases {
  std::vector<std::string> greetings{"hello",
                                     "hi",
                                     "good morning",
                                     "good afternoon",
                                     "good evening",
                                     "welcome",
                                     "thanks for contacting",
                                     "thank you for contacting",
                                     "您好",
                                     "你好",
                                     "欢迎",
                                     "早上好",
                                     "下午好",
                                     "晚上好"};
  std::vector<std::string> closings{"anything else",
                                    "have a nice day",
                                    "have a great day",
                                    "goodbye",
                                    "bye",
                                    "thank you",
                                    "thanks",
                                    "take care",
                                    "还有其他",
                                    "还有什么",
                                    "祝您",
                                    "再见",
                                    "感谢",
                                    "谢谢"};
};

// The facts about one resolved conversation that the automatic score is computed from.
struct QualityInput {
  std::int64_t conversation_id = 0;
  std::int64_t agent_id = 0;
  std::optional<std::int64_t> first_response_ms;  // none if no human ever replied
  std::vector<std::int64_t> reply_ms;             // response time of each human reply
  std::int64_t first_response_target_ms = 60'000;
  std::int64_t reply_target_ms = 60'000;
  bool reopened = false;                     // reopened within the reopen window
  bool confident_kb_answer_existed = false;  // the KB had a confident answer to the question
  bool kb_answer_used = false;               // that answer was sent (by the bot or the agent)
  std::optional<int> csat;                   // 1..5 if the customer answered the survey
  std::vector<std::string> agent_texts;      // the agent's replies in order (UTF-8)
};

// One line of a score's breakdown.
struct QualityItem {
  std::string name;
  double weight = 0;
  std::optional<double> earned;  // 0..1; nullopt when the item does not apply
  std::string detail;            // in English, for logs and older readers
  // The same detail for a translated interface: a code (the page's text `quality.detail.<code>`)
  // and the whole numbers its text names, e.g. "replies_within" {within, total, target_s}.
  std::string detail_code;
  std::vector<std::pair<std::string, std::int64_t>> detail_values;
};

// An automatic score with its breakdown.
struct QualityScore {
  std::int64_t conversation_id = 0;
  std::int64_t agent_id = 0;
  double score = 0;  // 0..100
  std::vector<QualityItem> items;

  // {"conversation_id","agent_id","score",
  //  "items":[{"name","weight","earned","detail","detail_code","detail_values":{name:N}}]}
  boost::json::object to_json() const;
};

// Scores a resolved conversation 0..100 from logged facts: every reply within the queue's
// target, first response within target, resolved without reopen, KB answer used where a
// confident one existed, CSAT, greeting and closing present (zh and en). Items that do not
// apply (no survey, no confident KB answer, no replies) leave the score and their weight is
// shared by the others; a conversation where nothing applies scores 100.
// Immutable after construction; safe to share between threads.
class QualityScorer {
 public:
  // Throws std::invalid_argument when a weight is negative or not finite, or all are zero.
  explicit QualityScorer(QualityWeights weights = {}, QualityPhrases phrases = {});

  // Throws std::invalid_argument for a CSAT outside 1..5 or negative durations.
  QualityScore score(const QualityInput& input) const;

  // Whether `text` contains one of `phrases` (after NFKC case folding, whole words for Latin).
  static bool contains_phrase(const std::string& text, const std::vector<std::string>& phrases);

 private:
  QualityWeights weights_;
  QualityPhrases phrases_;
};

}  // namespace kefu::metrics
