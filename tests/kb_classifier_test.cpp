#include <catch2/catch.hpp>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge_base/article_classifier.hpp"
#include "knowledge_base/nearest_passage_rerank.hpp"

using namespace kefu::kb;

namespace {

// Two mattress articles whose lines share most words: only a few words tell them apart.
std::vector<ArticleClassifier::Article> ortho_articles() {
  return {
      {1,
       {"Ortho mattress features", "What are the features of the ortho mattress",
        "Tell me the features of ortho mattress", "ortho mattress layers and foam",
        "Which foam layers does the ortho mattress have"}},
      {2,
       {"Ortho mattress benefits", "What are the benefits of the ortho mattress",
        "How does the ortho mattress help my back", "ortho mattress benefits for back pain",
        "Is the ortho mattress good for back pain"}},
      {3,
       {"Delivery", "When will my order be delivered", "How long does delivery take",
        "Delivery time to my city", "Is delivery free"}},
  };
}

double probability(const ArticleClassifier& model, std::string_view question, std::int64_t id) {
  return model.probabilities(CharacterGrams::of(question), {id}).at(0);
}

}  // namespace

TEST_CASE("the classifier learns which grams tell articles apart", "[kb][classifier]") {
  const auto model = ArticleClassifier::train(ortho_articles());
  REQUIRE(model);
  CHECK(model->articles() == 3);
  CHECK(probability(*model, "ortho mattress for my back pain", 2) >
        probability(*model, "ortho mattress for my back pain", 1));
  CHECK(probability(*model, "foam layers in the ortho", 1) >
        probability(*model, "foam layers in the ortho", 2));
  CHECK(probability(*model, "delivered when", 3) > 0.5);
  // Probabilities over every article learnt: they sum to 1; an id it never saw gets 0.
  const std::vector<double> p = model->probabilities(CharacterGrams::of("ortho"), {1, 2, 3, 99});
  CHECK(std::accumulate(p.begin(), p.end(), 0.0) == Approx(1.0));
  CHECK(p[3] == 0);
  // A question with no gram it learnt: every article alike.
  const std::vector<double> none = model->probabilities(CharacterGrams::of("😀"), {1, 2, 3});
  CHECK(none[0] == Approx(1.0 / 3));
  CHECK(none[2] == Approx(1.0 / 3));
  CHECK(model->probabilities(CharacterGrams::of("ortho"), {}).empty());
  // Same articles, same model.
  const auto again = ArticleClassifier::train(ortho_articles());
  CHECK(probability(*again, "ortho mattress for my back pain", 2) ==
        probability(*model, "ortho mattress for my back pain", 2));
}

TEST_CASE("the classifier is skipped where it cannot pay, and refuses bad input",
          "[kb][classifier]") {
  // One article: nothing to tell apart.
  CHECK_FALSE(ArticleClassifier::train({ortho_articles()[0]}));
  CHECK_FALSE(ArticleClassifier::train({}));
  // Fewer than four lines an article on average.
  CHECK_FALSE(ArticleClassifier::train(
      {{1, {"Refunds", "Refunds take a week"}}, {2, {"Delivery", "Delivery takes a day"}}}));
  // More weights than the limit (articles x distinct grams): a big knowledge base.
  std::vector<std::string> words;
  std::vector<ArticleClassifier::Article> many;
  for (int a = 0; a < 3000; ++a) {
    words.push_back("article" + std::to_string(a) + " words" + std::to_string(a * 7) + " more" +
                    std::to_string(a * 13));
  }
  for (int a = 0; a < 3000; ++a) {
    many.push_back({a, {words[a], words[a], words[a], words[a]}});
  }
  CHECK_FALSE(ArticleClassifier::train(many));
  // An article listed twice is a programmer's mistake the caller hears about.
  auto twice = ortho_articles();
  twice[2].id = 1;
  CHECK_THROWS_AS(ArticleClassifier::train(twice), std::invalid_argument);
}

TEST_CASE("the re-rank adds the classifier's probability, without overturning a clear winner",
          "[kb][classifier][rerank]") {
  const auto model = ArticleClassifier::train(ortho_articles());
  REQUIRE(model);
  // Lines of both articles resemble the question about as much; bm25 slightly prefers 1.
  const auto passages = [](std::int64_t id) -> std::vector<std::string_view> {
    if (id == 1) return {"Ortho mattress features", "Features of the ortho mattress"};
    return {"Ortho mattress benefits", "Benefits of the ortho mattress"};
  };
  const auto first = [&](std::vector<std::pair<double, std::int64_t>> ranked, double weight) {
    const auto signals = NearestPassageRerank(10, 0.5, 0, nullptr, &*model, weight)
                             .apply("ortho mattress for back pain", ranked, passages);
    return std::make_pair(ranked[0].second, signals);
  };
  CHECK(first({{5.0, 1}, {4.8, 2}}, 0).first == 1);
  const auto [winner, signals] = first({{5.0, 1}, {4.8, 2}}, 0.3);
  CHECK(winner == 2);
  CHECK(signals.learnt.at(2) > signals.learnt.at(1));
  CHECK(signals.learnt.at(2) <= 0.3);
  CHECK(signals.similarity.count(1) == 1);
  // Without a classifier nothing is learnt.
  std::vector<std::pair<double, std::int64_t>> ranked = {{5.0, 1}, {4.8, 2}};
  CHECK(NearestPassageRerank(10, 0.5).apply("ortho", ranked, passages).learnt.at(1) == 0);
  // A clear bm25 winner stays first.
  CHECK(first({{9.0, 1}, {1.0, 2}}, 0.3).first == 1);
  CHECK_THROWS_AS(NearestPassageRerank(10, 0.5, 0, nullptr, &*model, -0.1), std::invalid_argument);
}
