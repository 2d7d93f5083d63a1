#include "server/metrics/quality_scorer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <cctype>
#include <cmath>
#include <stdexcept>

namespace kefu::metrics {
namespace {

std::string fold(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold unavailable");
  icu::UnicodeString folded = nfkc->normalize(icu::UnicodeString::fromUTF8(text), status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalisation failed");
  std::string out;
  folded.toUTF8String(out);
  return out;
}

bool is_word_byte(unsigned char ch) {
  return std::isalnum(ch) || ch == '\'';
}

}  // namespace

QualityScorer::QualityScorer(QualityWeights weights, QualityPhrases phrases)
    : weights_(weights), phrases_(std::move(phrases)) {
  double sum = 0;
  for (double w : {weights.replies_within_target, weights.first_response_within_target,
                   weights.resolved_without_reopen, weights.kb_answer_used, weights.csat,
                   weights.greeting, weights.closing}) {
    if (!std::isfinite(w) || w < 0) throw std::invalid_argument("quality weights must be >= 0");
    sum += w;
  }
  if (sum <= 0) throw std::invalid_argument("at least one quality weight must be positive");
  for (auto* list : {&phrases_.greetings, &phrases_.closings}) {
    for (auto& phrase : *list) phrase = fold(phrase);
  }
}

bool QualityScorer::contains_phrase(const std::string& text,
                                    const std::vector<std::string>& phrases) {
  const std::string folded = fold(text);
  for (const std::string& raw : phrases) {
    const std::string phrase = fold(raw);
    if (phrase.empty()) continue;
    const bool latin = static_cast<unsigned char>(phrase.front()) < 0x80;
    for (std::size_t at = folded.find(phrase); at != std::string::npos;
         at = folded.find(phrase, at + 1)) {
      if (!latin) return true;
      std::size_t end = at + phrase.size();
      bool starts = at == 0 || !is_word_byte(static_cast<unsigned char>(folded[at - 1]));
      bool ends = end == folded.size() || !is_word_byte(static_cast<unsigned char>(folded[end]));
      if (starts && ends) return true;
    }
  }
  return false;
}

QualityScore QualityScorer::score(const QualityInput& in) const {
  if (in.csat && (*in.csat < 1 || *in.csat > 5)) throw std::invalid_argument("CSAT must be 1..5");
  if ((in.first_response_ms && *in.first_response_ms < 0) ||
      std::any_of(in.reply_ms.begin(), in.reply_ms.end(), [](auto ms) { return ms < 0; })) {
    throw std::invalid_argument("response times must not be negative");
  }
  QualityScore out;
  out.conversation_id = in.conversation_id;
  out.agent_id = in.agent_id;
  // Each item: its name, the code of its detail (the page's text `quality.detail.<code>`, with
  // the named whole numbers), its weight, what it earned and the detail in English.
  using Values = std::vector<std::pair<std::string, std::int64_t>>;
  auto item = [&out](const char* name, const char* code, double weight,
                     std::optional<double> earned, std::string detail, Values values = {}) {
    out.items.push_back({name, weight, earned, std::move(detail), code, std::move(values)});
  };

  if (in.reply_ms.empty()) {
    item("replies_within_target", "no_replies", weights_.replies_within_target, std::nullopt,
         "no replies");
  } else {
    auto within = std::count_if(in.reply_ms.begin(), in.reply_ms.end(),
                                [&](auto ms) { return ms <= in.reply_target_ms; });
    const auto total = static_cast<std::int64_t>(in.reply_ms.size());
    item("replies_within_target", "replies_within", weights_.replies_within_target,
         static_cast<double>(within) / static_cast<double>(total),
         std::to_string(within) + " of " + std::to_string(total) + " within " +
             std::to_string(in.reply_target_ms / 1000) + " s",
         {{"within", within}, {"total", total}, {"target_s", in.reply_target_ms / 1000}});
  }
  if (!in.first_response_ms) {
    item("first_response_within_target", "no_human_reply", weights_.first_response_within_target,
         0.0, "no human reply");
  } else {
    bool ok = *in.first_response_ms <= in.first_response_target_ms;
    item("first_response_within_target", "first_response", weights_.first_response_within_target,
         ok ? 1.0 : 0.0,
         std::to_string(*in.first_response_ms / 1000) + " s against " +
             std::to_string(in.first_response_target_ms / 1000) + " s",
         {{"seconds", *in.first_response_ms / 1000},
          {"target_s", in.first_response_target_ms / 1000}});
  }
  item("resolved_without_reopen", in.reopened ? "reopened" : "not_reopened",
       weights_.resolved_without_reopen, in.reopened ? 0.0 : 1.0,
       in.reopened ? "reopened" : "not reopened");
  if (!in.confident_kb_answer_existed) {
    item("kb_answer_used", "no_confident_answer", weights_.kb_answer_used, std::nullopt,
         "no confident KB answer");
  } else {
    item("kb_answer_used", in.kb_answer_used ? "answer_used" : "answer_not_used",
         weights_.kb_answer_used, in.kb_answer_used ? 1.0 : 0.0,
         in.kb_answer_used ? "used" : "a confident answer was not used");
  }
  if (!in.csat) {
    item("csat", "no_survey", weights_.csat, std::nullopt, "no survey");
  } else {
    item("csat", "rating", weights_.csat, (*in.csat - 1) / 4.0, std::to_string(*in.csat) + " of 5",
         {{"stars", *in.csat}});
  }
  if (in.agent_texts.empty()) {
    item("greeting", "no_agent_replies", weights_.greeting, std::nullopt, "no agent replies");
    item("closing", "no_agent_replies", weights_.closing, std::nullopt, "no agent replies");
  } else {
    bool greeted = contains_phrase(in.agent_texts.front(), phrases_.greetings);
    bool closed = contains_phrase(in.agent_texts.back(), phrases_.closings);
    item("greeting", greeted ? "present" : "missing", weights_.greeting, greeted ? 1.0 : 0.0,
         greeted ? "present" : "missing");
    item("closing", closed ? "present" : "missing", weights_.closing, closed ? 1.0 : 0.0,
         closed ? "present" : "missing");
  }

  double weight = 0;
  double earned = 0;
  for (const QualityItem& i : out.items) {
    if (!i.earned) continue;
    weight += i.weight;
    earned += i.weight * *i.earned;
  }
  out.score = weight > 0 ? 100.0 * earned / weight : 100.0;
  return out;
}

boost::json::object QualityScore::to_json() const {
  boost::json::object o;
  o["conversation_id"] = conversation_id;
  o["agent_id"] = agent_id;
  o["score"] = score;
  boost::json::array list;
  for (const QualityItem& i : items) {
    boost::json::object item;
    item["name"] = i.name;
    item["weight"] = i.weight;
    if (i.earned) {
      item["earned"] = *i.earned;
    } else {
      item["earned"] = nullptr;
    }
    item["detail"] = i.detail;
    item["detail_code"] = i.detail_code;
    boost::json::object values;
    for (const auto& [key, value] : i.detail_values) values[key] = value;
    item["detail_values"] = std::move(values);
    list.push_back(std::move(item));
  }
  o["items"] = std::move(list);
  return o;
}

}  // namespace kefu::metrics
