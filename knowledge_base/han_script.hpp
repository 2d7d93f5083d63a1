#pragma once

#include <unicode/umachine.h>

#include <string_view>

namespace kefu::kb {

// Whether `c` is a Han (Chinese) character, by ICU's script property.
bool is_han(UChar32 c);

// Whether the UTF-8 `text` holds at least one Han character.
bool has_han(std::string_view text);

// Whether the UTF-8 `text` is exactly one Han character.
bool is_single_han(std::string_view text);

}  // namespace kefu::kb
