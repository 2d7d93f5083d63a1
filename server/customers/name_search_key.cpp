#include "server/customers/name_search_key.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cctype>
#include <stdexcept>

namespace kefu::customers {

NameSearchKey::NameSearchKey() {
  UErrorCode status = U_ZERO_ERROR;
  transliterator_.reset(
      icu::Transliterator::createInstance("Han-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !transliterator_)
    throw std::runtime_error(std::string("ICU transliterator Han-Latin unavailable: ") +
                             u_errorName(status));
}

NameSearchKey::~NameSearchKey() = default;

std::string NameSearchKey::words(std::string_view text) const {
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  transliterator_->transliterate(unicode);
  unicode.foldCase();
  std::string ascii;
  unicode.toUTF8String(ascii);
  std::string result;
  bool space = false;
  for (unsigned char c : ascii) {
    if (std::isalnum(c) || c == '@' || c == '.' || c == '\'' || c == '-') {
      if (space && !result.empty()) result += ' ';
      space = false;
      result += static_cast<char>(c);
    } else {
      space = true;
    }
  }
  return result;
}

std::string NameSearchKey::key_for_name(std::string_view name) const {
  const std::string spaced = words(name);
  std::string joined;
  for (char c : spaced)
    if (c != ' ') joined += c;
  return spaced + "|" + joined;
}

}  // namespace kefu::customers
