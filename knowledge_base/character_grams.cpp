#include "knowledge_base/character_grams.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "knowledge_base/han_script.hpp"
#include "knowledge_base/simplified_folding.hpp"

namespace kefu::kb {
namespace {

constexpr std::size_t kShortest = 3;
constexpr std::size_t kLongest = 4;

// FNV-1a over the code points of one gram, each as one 32-bit step; the gram's length is mixed
// in at the end so that grams of different lengths do not share a hash by construction.
constexpr std::uint64_t kOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kPrime = 0x100000001b3ULL;

std::uint64_t step(std::uint64_t h, UChar32 c) {
  return (h ^ static_cast<std::uint32_t>(c)) * kPrime;
}

std::uint32_t finish(std::uint64_t h, std::size_t length) {
  h = (h ^ (length * 0x9e3779b97f4a7c15ULL)) * kPrime;
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

UChar32 fold(UChar32 c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
  return u_foldCase(c, U_FOLD_CASE_DEFAULT);
}

bool is_word_character(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  return u_isalnum(c) != 0;
}

bool is_han_character(UChar32 c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return true;  // CJK Unified Ideographs, the common case
  return c >= 0x2E80 && is_han(c);
}

// The grams of one word, `run` holding it with a space at both ends.
void word_grams(const UChar32* run, std::size_t size, std::vector<std::uint32_t>& out) {
  if (size <= kLongest) {  // a word of up to kLongest - 2 characters is also one gram whole
    std::uint64_t h = kOffset;
    for (std::size_t i = 0; i < size; ++i) h = step(h, run[i]);
    out.push_back(finish(h, size));
  }
  for (std::size_t i = 0; i + kShortest <= size; ++i) {
    std::uint64_t h = kOffset;
    for (std::size_t n = 1; n <= kLongest && i + n <= size; ++n) {
      h = step(h, run[i + n - 1]);
      if (n >= kShortest && n < size) out.push_back(finish(h, n));
    }
  }
}

}  // namespace

void CharacterGrams::collect(std::string_view text, std::vector<std::uint32_t>& hashes) {
  // The current word, space first; a word longer than the buffer gives grams of its start.
  std::array<UChar32, 66> word{U' '};
  std::size_t letters = 0;
  UChar32 previous_han = -1;  // the Han character before this one in the same run
  const SimplifiedFolding& folding = SimplifiedFolding::instance();
  auto end_word = [&] {
    if (letters == 0) return;
    word[letters + 1] = U' ';
    word_grams(word.data(), letters + 2, hashes);
    letters = 0;
  };
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c >= 0) c = fold(c);
    if (c >= 0 && is_han_character(c)) {
      c = folding.simplified(c);  // Traditional and Simplified give the same grams
      end_word();
      const std::uint64_t h = step(kOffset, c);
      hashes.push_back(finish(h, 1));
      if (previous_han >= 0) hashes.push_back(finish(step(step(kOffset, previous_han), c), 2));
      previous_han = c;
      continue;
    }
    previous_han = -1;
    if (c < 0 || !is_word_character(c)) {
      end_word();
      continue;
    }
    if (letters + 2 < word.size()) word[++letters] = c;
  }
  end_word();
}

CharacterGrams CharacterGrams::of(std::string_view text) {
  std::vector<std::uint32_t> hashes;
  collect(text, hashes);
  std::sort(hashes.begin(), hashes.end());
  CharacterGrams grams;
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < hashes.size(); ++i) distinct += i == 0 || hashes[i] != hashes[i - 1];
  grams.grams_.reserve(distinct);
  double squares = 0;
  for (std::size_t i = 0; i < hashes.size();) {
    std::size_t j = i;
    while (j < hashes.size() && hashes[j] == hashes[i]) ++j;
    const auto count = static_cast<std::uint32_t>(j - i);
    grams.grams_.push_back({hashes[i], count});
    squares += static_cast<double>(count) * count;
    i = j;
  }
  grams.norm_ = std::sqrt(squares);
  return grams;
}

}  // namespace kefu::kb
