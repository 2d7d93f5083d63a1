#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kefu::customers {

// An amount as the shop writes it ("19.99", "-5", "1200.5", also a JSON number's text) in
// hundredths of the currency unit. Nullopt for anything else (letters, more than two decimals
// unless the extra ones are zeros, or beyond +-10^15).
std::optional<std::int64_t> parse_amount_cents(std::string_view text);

// "19.99" for 1999, "-0.05" for -5.
std::string format_amount(std::int64_t cents);

// ms since the epoch of an ISO 8601 time as shops send it: "2024-03-01", "2024-03-01T12:34:56Z",
// "2024-03-01 12:34:56", with optional fractions and an offset "+08:00" / "-0500" / " +0100" (no
// offset: UTC). Nullopt for anything else, including impossible dates ("2024-02-30").
std::optional<std::int64_t> parse_timestamp(std::string_view text);

// "2024-03-01T12:34:56Z" (UTC, seconds) for ms since the epoch.
std::string format_timestamp(std::int64_t ms);

}  // namespace kefu::customers
