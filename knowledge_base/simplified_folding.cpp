#include "knowledge_base/simplified_folding.hpp"

#include <opencc.h>
#include <unicode/utf16.h>

#include <memory>
#include <stdexcept>

namespace kefu::kb {
namespace {

opencc_t handle(void* p) {
  return static_cast<opencc_t>(p);
}

}  // namespace

const SimplifiedFolding& SimplifiedFolding::instance() {
  static const SimplifiedFolding folding;
  return folding;
}

SimplifiedFolding::SimplifiedFolding() : table_(static_cast<std::size_t>(kLast - kFirst), 0) {
  opencc_t od = opencc_open("t2s.json");
  if (od == reinterpret_cast<opencc_t>(-1)) {
    throw std::runtime_error(std::string("OpenCC t2s.json cannot be opened: ") + opencc_error());
  }
  opencc_ = od;
  // Every character on its own line, converted in one call: the character table.
  icu::UnicodeString all;
  for (UChar32 c = kFirst; c < kLast; ++c) {
    all.append(c);
    all.append(static_cast<UChar32>('\n'));
  }
  std::string utf8;
  all.toUTF8String(utf8);
  const icu::UnicodeString folded = icu::UnicodeString::fromUTF8(convert(utf8));
  UChar32 c = kFirst;
  int32_t line = 0;
  for (int32_t i = 0; i <= folded.length() && c < kLast; ++i) {
    if (i < folded.length() && folded.charAt(i) != u'\n') continue;
    // One BMP character on the line, different from the original: the table holds it.
    if (i - line == 1 && folded.charAt(line) != c && !U16_IS_SURROGATE(folded.charAt(line))) {
      table_[static_cast<std::size_t>(c - kFirst)] = folded.charAt(line);
    }
    line = i + 1;
    ++c;
  }
}

SimplifiedFolding::~SimplifiedFolding() {
  opencc_close(handle(opencc_));
}

std::string SimplifiedFolding::convert(const std::string& utf8) const {
  char* out = opencc_convert_utf8(handle(opencc_), utf8.data(), utf8.size());
  if (out == nullptr) return {};
  std::unique_ptr<char, void (*)(char*)> owned(out, opencc_convert_utf8_free);
  return std::string(out);
}

bool SimplifiedFolding::fold(icu::UnicodeString& text) const {
  bool changed = false;
  const int32_t length = text.length();
  for (int32_t i = 0; i < length;) {
    // A run of unified ideographs of the BMP, and whether the table changes any of them.
    int32_t end = i;
    bool traditional = false;
    while (end < length && text.charAt(end) >= kFirst && text.charAt(end) < kLast &&
           !U16_IS_SURROGATE(text.charAt(end))) {
      traditional = traditional || simplified(text.charAt(end)) != text.charAt(end);
      ++end;
    }
    if (end == i) {
      ++i;
      continue;
    }
    if (traditional) {
      std::string run;
      text.tempSubStringBetween(i, end).toUTF8String(run);
      const icu::UnicodeString phrase = icu::UnicodeString::fromUTF8(convert(run));
      bool same_shape = phrase.length() == end - i;
      for (int32_t k = 0; same_shape && k < phrase.length(); ++k) {
        same_shape = !U16_IS_SURROGATE(phrase.charAt(k));
      }
      for (int32_t k = i; k < end; ++k) {
        const char16_t c =
            same_shape ? phrase.charAt(k - i) : static_cast<char16_t>(simplified(text.charAt(k)));
        if (c != text.charAt(k)) {
          text.setCharAt(k, c);
          changed = true;
        }
      }
    }
    i = end;
  }
  return changed;
}

std::string SimplifiedFolding::fold_utf8(std::string_view utf8) const {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  fold(text);
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace kefu::kb
