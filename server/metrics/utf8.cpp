#include "server/metrics/utf8.hpp"

#include <unicode/ustring.h>

namespace kefu::metrics {

bool is_valid_utf8(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return false;
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  // Preflight only: counts UTF-16 units and reports U_INVALID_CHAR_FOUND on bad input.
  u_strFromUTF8(nullptr, 0, &length, text.data(), static_cast<int32_t>(text.size()), &status);
  return status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING ||
         U_SUCCESS(status);
}

}  // namespace kefu::metrics
