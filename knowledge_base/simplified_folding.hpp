#pragma once

#include <unicode/unistr.h>

#include <string>
#include <string_view>
#include <vector>

namespace kefu::kb {

// Folds Traditional Chinese to Simplified so that a question and an article in either script
// meet on the same terms (發票 and 发票, 運費 and 运费). Conversion is OpenCC's `t2s` (Debian's
// libopencc, config under /usr/share/opencc): phrase level where it keeps the length, so that
// every folded character stands where its original stood and the caller's offsets into the
// original text stay exact; a run whose phrase conversion would change its length is folded
// character by character instead. Text already in Simplified is left as it is.
//
// One instance per process (`instance()`); immutable after construction, so every method may
// be called from any thread.
class SimplifiedFolding {
 public:
  // The process's folding, built on first use (about 30 ms: OpenCC's dictionaries and a table
  // of every unified ideograph's Simplified form). Throws std::runtime_error when OpenCC's
  // `t2s.json` cannot be opened.
  static const SimplifiedFolding& instance();

  // Replaces every run of Han characters of `text` that holds a Traditional character by its
  // Simplified form, code unit for code unit (text.length() and every index stay the same).
  // Returns whether anything changed.
  bool fold(icu::UnicodeString& text) const;

  // The Simplified form of one character, by the character table: `c` itself when it has none
  // or is not a unified ideograph of the Basic Multilingual Plane.
  UChar32 simplified(UChar32 c) const {
    if (c < kFirst || c >= kLast) return c;
    const char16_t s = table_[static_cast<std::size_t>(c - kFirst)];
    return s == 0 ? c : s;
  }

  // `utf8` folded as fold() does, as UTF-8 (for tests and tools).
  std::string fold_utf8(std::string_view utf8) const;

  SimplifiedFolding(const SimplifiedFolding&) = delete;
  SimplifiedFolding& operator=(const SimplifiedFolding&) = delete;

 private:
  SimplifiedFolding();
  ~SimplifiedFolding();
  // OpenCC's phrase conversion of one run, or the empty string when OpenCC fails.
  std::string convert(const std::string& utf8) const;

  static constexpr UChar32 kFirst = 0x3400;  // CJK Extension A and the unified block
  static constexpr UChar32 kLast = 0xA000;
  void* opencc_ = nullptr;       // opencc_t; the library's conversion is const
  std::vector<char16_t> table_;  // [c - kFirst]: the Simplified form, 0 when the same
};

}  // namespace kefu::kb
