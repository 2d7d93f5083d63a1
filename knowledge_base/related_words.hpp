#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "knowledge_base/word_vectors.hpp"

namespace kefu::kb {

// Meaning where letters fail: a customer's English word that no article uses (`cushions`,
// `dealership`, `outlet`) brings the word the articles do use that is nearest to it in meaning
// (`pillows`, `showroom`, `store`), so that the search reaches the article that says it. Only
// the articles' telling words can be brought (in at most a quarter of the articles, and not of
// the most frequent English words), and only for question words rare enough to carry a
// meaning of their own (common words the articles happen not to use, `give`, `been`, bring
// nothing); words the vectors do not know (typos, names, codes) are left to the rest of the
// search. Built for one state of the index; const methods are safe from any thread.
class RelatedWords {
 public:
  // Of the 1,000 most frequent English words none brings anything (function words, common
  // verbs), and of the 300 most frequent none is brought.
  static constexpr std::uint32_t kMinAskedRank = 1000;
  static constexpr std::uint32_t kMinBroughtRank = 300;
  // Words past the 50,000 most frequent are not brought (the articles' own rare words are
  // reached by their spelling).
  static constexpr std::uint32_t kMaxBroughtRank = 50000;
  // A brought word is in at most this share of the articles.
  static constexpr double kMostArticlesShare = 0.25;
  // Nearness (cosine) a word needs to be brought.
  static constexpr double kNearness = 0.55;
  // Words brought for one question at most (one per question word).
  static constexpr std::size_t kMostBrought = 4;

  // How many of the articles hold an index term.
  using ArticlesUsing = std::function<double(const std::string& term)>;
  // The index terms of Latin words, in order (TextTokenizer::latin_terms).
  using Stems = std::function<std::vector<std::string>(const std::vector<std::string>& words)>;

  // The words of `vectors` (which must outlive this) that `articles` published articles can
  // bring, found with `articles_using` (each vector word's term looked up once: about 50,000
  // stems, tens of milliseconds, once per change of the index).
  RelatedWords(const WordVectors& vectors, double articles, const Stems& stems,
               const ArticlesUsing& articles_using);

  // The words to add to a question whose Latin words are `words` (each folded, with its index
  // term: TextTokenizer::latin_words), in order: for each word of three letters or more whose
  // term no article holds, the nearest word that can be brought, if near enough; at most
  // kMostBrought, none twice.
  std::vector<std::string> for_question(
      const std::vector<std::pair<std::string, std::string>>& words,
      const ArticlesUsing& articles_using) const;

  // How many words can be brought.
  std::size_t size() const { return bringable_.size(); }

 private:
  // A vector's components, padded with zeros to a whole number of 16-byte blocks, so that the
  // compiler can compare one with every bringable word in vector instructions.
  static constexpr std::size_t kPadded = 112;
  // The dot product of two padded vectors: whole blocks, without aliasing.
  static std::int32_t dot(const std::int8_t* __restrict a, const std::int8_t* __restrict b);

  const WordVectors& vectors_;
  std::vector<std::size_t> bringable_;   // indexes into vectors_
  std::vector<std::int8_t> components_;  // bringable_.size() x kPadded
  std::vector<float> scales_;            // per bringable word
};

}  // namespace kefu::kb
