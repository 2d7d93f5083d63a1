#include "knowledge_base/article_classifier.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace kefu::kb {

namespace {

constexpr int kPasses = 15;
constexpr float kFirstStep = 0.5F;
constexpr float kStepShrink = 0.8F;
// A class's gradient smaller than this counts as 0; a line with only such gradients (learnt
// already) changes no weight and costs no update.
constexpr float kNegligibleGradient = 1e-4F;
// Each gram's weights are padded to whole blocks of this many classes (see add_scaled).
constexpr std::size_t kBlock = 8;

// to[c] += value * from[c] for c < n, n a whole number of blocks: written block by block,
// without aliasing, so that the compiler can use vector instructions.
void add_scaled(float* __restrict to, const float* __restrict from, float value, std::size_t n) {
  for (std::size_t c = 0; c < n; c += kBlock) {
    for (std::size_t j = 0; j < kBlock; ++j) to[c + j] += value * from[c + j];
  }
}

struct Example {
  std::uint32_t article;
  std::vector<std::pair<std::uint32_t, float>> features;
};

}  // namespace

std::optional<ArticleClassifier> ArticleClassifier::train(const std::vector<Article>& articles) {
  if (articles.size() < 2) return std::nullopt;
  std::size_t lines = 0;
  for (const Article& a : articles) lines += a.lines.size();
  if (lines < kMinLinesPerArticle * articles.size()) return std::nullopt;
  ArticleClassifier model;
  std::vector<Example> examples;
  for (const Article& a : articles) {
    const auto cls = static_cast<std::uint32_t>(model.classes_.size());
    if (!model.classes_.emplace(a.id, cls).second) {
      throw std::invalid_argument("an article is learnt once");
    }
    for (const std::string_view line : a.lines) {
      const CharacterGrams grams = CharacterGrams::of(line);
      if (grams.empty()) continue;
      Example e{cls, {}};
      for (const CharacterGrams::Gram& g : grams.grams()) {
        const auto column = model.columns_.emplace(g.hash, model.columns_.size()).first->second;
        e.features.emplace_back(column, static_cast<float>(g.count / grams.norm()));
      }
      examples.push_back(std::move(e));
    }
    if (model.columns_.size() * articles.size() > kMaxWeights) return std::nullopt;
  }
  const std::size_t k = model.classes_.size();
  // Each gram's weights are padded to whole blocks, which the compiler turns into vector
  // instructions: scoring a line costs grams x articles multiply-adds.
  const std::size_t stride = (k + kBlock - 1) / kBlock * kBlock;
  model.stride_ = stride;
  model.weights_.assign(model.columns_.size() * stride, 0.0F);
  std::vector<float> score(stride);
  std::mt19937 order(1);
  float step = kFirstStep;
  for (int pass = 0; pass < kPasses; ++pass, step *= kStepShrink) {
    std::shuffle(examples.begin(), examples.end(), order);
    for (const Example& e : examples) {
      std::fill(score.begin(), score.end(), 0.0F);
      for (const auto& [column, value] : e.features) {
        add_scaled(score.data(), &model.weights_[column * stride], value, stride);
      }
      const float top = *std::max_element(score.begin(), score.begin() + k);
      float sum = 0;
      for (std::size_t c = 0; c < k; ++c) sum += (score[c] = std::exp(score[c] - top));
      // score becomes -step * gradient of the log-loss for each class (0 when negligible, and
      // for the padding).
      bool any = false;
      for (std::size_t c = 0; c < k; ++c) {
        const float gradient = score[c] / sum - (c == e.article ? 1.0F : 0.0F);
        const bool moves = std::abs(gradient) >= kNegligibleGradient;
        any = any || moves;
        score[c] = moves ? -step * gradient : 0.0F;
      }
      if (!any) continue;
      for (const auto& [column, value] : e.features) {
        add_scaled(&model.weights_[column * stride], score.data(), value, stride);
      }
    }
  }
  return model;
}

std::vector<std::pair<std::uint32_t, float>> ArticleClassifier::features(
    const CharacterGrams& grams) const {
  std::vector<std::pair<std::uint32_t, float>> out;
  if (grams.empty()) return out;
  for (const CharacterGrams::Gram& g : grams.grams()) {
    const auto column = columns_.find(g.hash);
    if (column != columns_.end()) {
      out.emplace_back(column->second, static_cast<float>(g.count / grams.norm()));
    }
  }
  return out;
}

std::vector<double> ArticleClassifier::probabilities(
    const CharacterGrams& question, const std::vector<std::int64_t>& candidates) const {
  const std::size_t k = classes_.size();
  std::vector<double> all(k, 0.0);
  for (const auto& [column, value] : features(question)) {
    const float* w = &weights_[column * stride_];
    for (std::size_t c = 0; c < k; ++c) all[c] += value * w[c];
  }
  const double top = *std::max_element(all.begin(), all.end());
  double sum = 0;
  for (double& s : all) sum += (s = std::exp(s - top));
  std::vector<double> out(candidates.size(), 0.0);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto cls = classes_.find(candidates[i]);
    if (cls != classes_.end()) out[i] = all[cls->second] / sum;
  }
  return out;
}

}  // namespace kefu::kb
