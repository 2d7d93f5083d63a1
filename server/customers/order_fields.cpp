#include "server/customers/order_fields.hpp"

#include <chrono>
#include <cstdio>

namespace kefu::customers {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `count` digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_amount_cents(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t units = 0;
  std::size_t i = 0;
  std::size_t integer_digits = 0;
  for (; i < text.size() && is_digit(text[i]); ++i, ++integer_digits) {
    if (integer_digits >= 13) return std::nullopt;
    units = units * 10 + (text[i] - '0');
  }
  std::int64_t cents = 0;
  if (i < text.size()) {
    if (text[i] != '.') return std::nullopt;
    ++i;
    std::size_t decimals = 0;
    for (; i < text.size(); ++i, ++decimals) {
      if (!is_digit(text[i])) return std::nullopt;
      if (decimals < 2) {
        cents = cents * 10 + (text[i] - '0');
      } else if (text[i] != '0') {
        return std::nullopt;
      }
    }
    if (decimals == 0 && integer_digits == 0) return std::nullopt;
    if (decimals == 1) cents *= 10;
  } else if (integer_digits == 0) {
    return std::nullopt;
  }
  const std::int64_t value = units * 100 + cents;
  return negative ? -value : value;
}

std::string format_amount(std::int64_t cents) {
  const bool negative = cents < 0;
  const std::int64_t magnitude = negative ? -cents : cents;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%lld.%02lld", negative ? "-" : "",
                static_cast<long long>(magnitude / 100), static_cast<long long>(magnitude % 100));
  return buffer;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  const auto year = digits(text, 0, 4);
  const auto month = digits(text, 5, 2);
  const auto day = digits(text, 8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::sys_days(date).time_since_epoch())
                        .count();
  if (text.size() == 10) return ms;
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  const auto hour = digits(text, 11, 2);
  const auto minute = digits(text, 14, 2);
  if (!hour || !minute || text[13] != ':' || *hour > 23 || *minute > 59) return std::nullopt;
  std::size_t pos = 16;
  int second = 0;
  if (pos < text.size() && text[pos] == ':') {
    const auto parsed = digits(text, pos + 1, 2);
    if (!parsed || *parsed > 60) return std::nullopt;
    second = *parsed;
    pos += 3;
  }
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t count = 0;
    for (; pos < text.size() && is_digit(text[pos]); ++pos, ++count)
      if (count < 3) millis = millis * 10 + (text[pos] - '0');
    if (count == 0) return std::nullopt;
    for (std::size_t i = count; i < 3; ++i) millis *= 10;
  }
  ms += ((*hour * 60LL + *minute) * 60 + second) * 1000 + millis;
  if (pos == text.size()) return ms;
  if (text[pos] == ' ') ++pos;  // Shopify's CSV export: "2024-03-01 12:34:56 +0100"
  if (text[pos] == 'Z' && pos + 1 == text.size()) return ms;
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  const int sign = text[pos] == '+' ? 1 : -1;
  const auto offset_hours = digits(text, pos + 1, 2);
  std::size_t minute_pos = pos + 3;
  if (minute_pos < text.size() && text[minute_pos] == ':') ++minute_pos;
  const auto offset_minutes = digits(text, minute_pos, 2);
  if (!offset_hours || !offset_minutes || minute_pos + 2 != text.size() || *offset_hours > 18 ||
      *offset_minutes > 59)
    return std::nullopt;
  return ms - sign * ((*offset_hours * 60LL + *offset_minutes) * 60 * 1000);
}

std::string format_timestamp(std::int64_t ms) {
  const std::chrono::sys_time<std::chrono::milliseconds> time{std::chrono::milliseconds(ms)};
  const auto days = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{std::chrono::floor<std::chrono::seconds>(time - days)};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

}  // namespace kefu::customers
