#pragma once

#include <string_view>

namespace kefu::metrics {

// Whether `text` is well-formed UTF-8 (checked by ICU; no NUL bytes allowed either).
bool is_valid_utf8(std::string_view text);

}  // namespace kefu::metrics
