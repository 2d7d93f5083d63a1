#include "knowledge_base/pinyin_reading.hpp"

#include <unicode/translit.h>
#include <unicode/utf8.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "knowledge_base/han_script.hpp"

namespace kefu::kb {

struct PinyinReading::State {
  std::mutex mutex;
  std::unique_ptr<icu::Transliterator> latin;            // guarded by mutex
  std::unordered_map<UChar32, std::string> syllable_of;  // guarded by mutex
};

PinyinReading& PinyinReading::instance() {
  static PinyinReading reading;
  return reading;
}

PinyinReading::PinyinReading() : state_(new State) {
  UErrorCode status = U_ZERO_ERROR;
  state_->latin.reset(
      icu::Transliterator::createInstance("Han-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !state_->latin) {
    delete state_;
    throw std::runtime_error("ICU Han-Latin transliteration is not available");
  }
}

PinyinReading::~PinyinReading() {
  delete state_;
}

std::string PinyinReading::syllable(UChar32 c) {
  if (!is_han(c)) return {};
  std::lock_guard lock(state_->mutex);
  auto [it, added] = state_->syllable_of.try_emplace(c);
  if (!added) return it->second;
  icu::UnicodeString text(c);
  state_->latin->transliterate(text);
  std::string out;
  for (int32_t i = 0; i < text.length(); ++i) {
    const char16_t u = text.charAt(i);
    if (u >= 'A' && u <= 'Z') out += static_cast<char>(u - 'A' + 'a');
    if (u >= 'a' && u <= 'z') out += static_cast<char>(u);
    if (u > 0x7F) return it->second;  // not transliterated: no reading
  }
  it->second = out;
  return out;
}

std::string PinyinReading::syllables(std::string_view han) {
  std::string out;
  const auto* s = reinterpret_cast<const uint8_t*>(han.data());
  const auto length = static_cast<int32_t>(han.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    const std::string one = c < 0 ? std::string() : syllable(c);
    if (one.empty()) return {};
    if (!out.empty()) out += ' ';
    out += one;
  }
  return out;
}

}  // namespace kefu::kb
