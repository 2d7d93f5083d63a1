#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kefu::kb {

// English word vectors: what a word means, as a point in 100 dimensions where words used
// alike lie near each other (`cushions` near `pillows`, `outlet` near `store`). They let the
// search reach an article whose lines say what a customer's question says in other words
// (RelatedWords, NearestPassageRerank), which no spelling or gram of the question can.
//
// Read from the file knowledge_base/word_meaning/make_word_vectors.mjs derives from GloVe 6B
// (its README: sources, licences, layout): the 200,000 most frequent words of the letters a-z,
// each with its frequency rank (1 = `the`) and a unit vector stored in 8 bits a component. The
// file is mapped, not copied: processes share its pages and a lookup touches only the pages
// it reads. Immutable once open: const methods are safe from any thread.
class WordVectors {
 public:
  static constexpr std::size_t kDims = 100;
  // A text's meaning (meaning_of): unit length, or all zeros for a text of no known word.
  using Meaning = std::array<float, kDims>;

  // Maps the file at `path`. Throws std::runtime_error naming the path when it cannot be read or
  // is not such a file (wrong magic, sizes that do not add up, a word outside its text).
  explicit WordVectors(const std::string& path);
  ~WordVectors();
  WordVectors(const WordVectors&) = delete;
  WordVectors& operator=(const WordVectors&) = delete;

  // $KEFU_WORD_VECTORS if set, else the file the build derives
  // (build/knowledge_base/word_vectors.bin of the tree this library was built in).
  static std::string default_path();
  // The word vectors a program's search reads: at `given` (which must be such a file: throws as
  // the constructor does), none for `none`, or, when nothing is given, at default_path(), and
  // none when that file is missing (the search then reads letters only; callers say so).
  static std::shared_ptr<const WordVectors> open(const std::optional<std::string>& given);

  std::size_t size() const { return words_; }
  // The index of `word` (lower-case letters a-z; anything else is unknown), or nothing.
  std::optional<std::size_t> find(std::string_view word) const;
  std::string_view word(std::size_t index) const;
  // 1 for the most frequent English word, larger for rarer ones.
  std::uint32_t rank(std::size_t index) const;
  // The cosine of two words' vectors, in [-1, 1].
  double cosine(std::size_t a, std::size_t b) const;
  // A word's vector as stored: kDims components, each times scale() is the unit vector's.
  const std::int8_t* components(std::size_t index) const;
  float scale(std::size_t index) const;

  // The meaning of a text: the sum of its words' vectors (runs of ASCII letters, case folded;
  // other scripts and unknown words add nothing), each weighted by how little it is used,
  // a / (a + p) with p its estimated frequency and a = 1e-3 (`the` weighs 0.01, a word of
  // rank 1,000 about 0.9), less its part along the direction every English text shares, scaled
  // to unit length (Arora, Liang & Ma 2017, "A simple but tough-to-beat baseline for sentence
  // embeddings").
  Meaning meaning_of(std::string_view text) const;
  // The cosine of two meanings (0 when either is all zeros).
  static double cosine(const Meaning& a, const Meaning& b);

 private:
  struct Entry;
  Entry entry(std::size_t index) const;
  void add_word(std::string_view word, Meaning& sum) const;

  void* mapped_ = nullptr;
  std::size_t bytes_ = 0;
  std::size_t words_ = 0;
  std::array<float, kDims> shared_direction_{};  // unit length
  const unsigned char* table_ = nullptr;
  const std::int8_t* vectors_ = nullptr;
  const char* text_ = nullptr;
  std::size_t text_bytes_ = 0;
};

}  // namespace kefu::kb
