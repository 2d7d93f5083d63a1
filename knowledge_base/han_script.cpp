#include "knowledge_base/han_script.hpp"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace kefu::kb {
namespace {

// The code point of `text` at byte `i` (negative for ill-formed UTF-8); moves `i` past it.
UChar32 next_code_point(std::string_view text, int32_t& i) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  UChar32 c = 0;
  U8_NEXT(s, i, length, c);
  return c;
}

}  // namespace

bool is_han(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return c >= 0 && uscript_getScript(c, &status) == USCRIPT_HAN;
}

bool has_han(std::string_view text) {
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    if (is_han(next_code_point(text, i))) return true;
  }
  return false;
}

bool is_single_han(std::string_view text) {
  if (text.empty()) return false;
  int32_t i = 0;
  const UChar32 c = next_code_point(text, i);
  return i == static_cast<int32_t>(text.size()) && is_han(c);
}

}  // namespace kefu::kb
