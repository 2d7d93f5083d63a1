#pragma once

#include <unicode/umachine.h>

#include <string>
#include <string_view>

namespace kefu::kb {

// How a Han character is typed on a pinyin keyboard: its toneless syllable (货 → `huo`), by
// ICU's `Han-Latin; Latin-ASCII` transliteration, one reading a character (ICU's most common).
// Pinyin input methods write a homophone when the customer picks the wrong candidate (退或 for
// 退货), and a homophone has the same syllables. Readings are cached for the process's life
// (ICU takes about 20 µs a character; a shop uses a few thousand).
//
// One instance per process (`instance()`); every method may be called from any thread.
class PinyinReading {
 public:
  // Throws std::runtime_error when ICU's Han-Latin transliteration is not available.
  static PinyinReading& instance();

  // The syllable of `c` (`huo`), or the empty string when `c` is not Han or has no reading.
  std::string syllable(UChar32 c);

  // The syllables of every character of the UTF-8 `han`, separated by spaces (`tui huo`), or
  // the empty string when any character has none.
  std::string syllables(std::string_view han);

  PinyinReading(const PinyinReading&) = delete;
  PinyinReading& operator=(const PinyinReading&) = delete;

 private:
  PinyinReading();
  ~PinyinReading();
  struct State;
  State* state_;
};

}  // namespace kefu::kb
