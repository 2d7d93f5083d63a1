#include "knowledge_base/number_reading.hpp"

#include <unicode/unistr.h>

#include <array>
#include <cctype>
#include <vector>

#include "knowledge_base/han_script.hpp"

namespace kefu::kb {
namespace {

constexpr std::u32string_view kDigits = U"零一二三四五六七八九";

// The units an amount is written before in a shop's Chinese: days, money, hours, pieces,
// instalments, weeks, years, months, dates, minutes, discounts, ages, weights, times, sheets,
// boxes, sets, pairs, sizes, o'clock, multiples.
constexpr std::u32string_view kUnits = U"天元块小个件期周年月号日分折岁斤次张箱套双码点倍";

// What an amount is written after without a unit: a threshold (满99包邮, 超过2000), money
// taken off or given (减20, 抵10, 送5).
constexpr std::u32string_view kBeforeAmount = U"满减抵超过送";

bool is_unit(char32_t c) {
  return kUnits.find(c) != std::u32string_view::npos;
}

bool is_numeral(char32_t c) {
  return kDigits.find(c) != std::u32string_view::npos || c == U'〇' || c == U'两' || c == U'十' ||
         c == U'百' || c == U'千';
}

bool is_ascii_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}

bool han(char32_t c) {
  return is_han(static_cast<UChar32>(c));
}

std::u32string to_u32(std::string_view utf8) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::u32string out;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    out.push_back(static_cast<char32_t>(text.char32At(i)));
  }
  return out;
}

std::string to_utf8(std::u32string_view text) {
  icu::UnicodeString u;
  for (const char32_t c : text) u.append(static_cast<UChar32>(c));
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::optional<std::string> NumberReading::in_characters(unsigned n) {
  if (n < 1 || n > 9999) return std::nullopt;
  const std::array<unsigned, 4> values{n / 1000, n / 100 % 10, n / 10 % 10, n % 10};
  constexpr std::array<std::u32string_view, 4> kPlaces{U"千", U"百", U"十", U""};
  std::u32string out;
  bool started = false;
  bool zero_pending = false;
  for (std::size_t place = 0; place < values.size(); ++place) {
    const unsigned v = values[place];
    if (v == 0) {
      zero_pending = started;
      continue;
    }
    if (zero_pending) out += U'零';
    zero_pending = false;
    if (!started && v == 2 && place < 2) {
      out += U'两';  // 两千, 两百: how an amount starting with 2 is said
    } else if (!(!started && v == 1 && place == 2)) {
      out += kDigits[v];  // 十五, not 一十五
    }
    out += kPlaces[place];
    started = true;
  }
  return to_utf8(out);
}

std::optional<unsigned> NumberReading::value_of(std::u32string_view characters) {
  if (characters.empty()) return std::nullopt;
  unsigned total = 0;
  int digit = -1;
  unsigned last_place = 10000;
  bool zero = false;
  for (const char32_t c : characters) {
    int d = -1;
    if (c == U'两') {
      d = 2;
    } else if (c == U'〇') {
      d = 0;
    } else if (const auto at = kDigits.find(c); at != std::u32string_view::npos) {
      d = static_cast<int>(at);
    }
    if (d == 0) {
      if (digit != -1) return std::nullopt;  // 一零: digits in a row are no amount
      zero = true;
      continue;
    }
    if (d > 0) {
      if (digit != -1) return std::nullopt;
      digit = d;
      continue;
    }
    const unsigned place = c == U'十' ? 10 : c == U'百' ? 100 : c == U'千' ? 1000 : 0;
    if (place == 0 || place >= last_place) return std::nullopt;
    if (digit == -1 && place != 10) return std::nullopt;  // 百 alone
    total += static_cast<unsigned>(digit == -1 ? 1 : digit) * place;
    last_place = place;
    digit = -1;
    zero = false;
  }
  if (digit != -1) {
    // 一百五 is 150 (the place after the last one written), 一百零五 is 105.
    const unsigned place = !zero && last_place >= 100 && last_place < 10000 ? last_place / 10 : 1;
    total += static_cast<unsigned>(digit) * place;
  }
  if (total < 1 || total > 9999) return std::nullopt;
  return total;
}

std::string NumberReading::other_writing(std::string_view question) {
  const std::u32string text = to_u32(question);
  std::vector<std::string> readings;
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_ascii_digit(text[i])) {
      std::size_t end = i;
      while (end < text.size() && is_ascii_digit(text[end])) ++end;
      const bool decimal =
          end + 1 < text.size() && text[end] == U'.' && is_ascii_digit(text[end + 1]);
      const bool part_of_code =
          (i > 0 && (is_ascii_digit(text[i - 1]) || text[i - 1] == U'.' ||
                     (text[i - 1] < 0x80 && std::isalpha(static_cast<int>(text[i - 1])) != 0)));
      const bool before_unit = end < text.size() && is_unit(text[end]);
      const bool festival = i > 0 && text[i - 1] == U'双';  // 双11, 双12
      const bool after_threshold =
          i > 0 && kBeforeAmount.find(text[i - 1]) != std::u32string_view::npos;
      if (!decimal && !part_of_code && end - i <= 4 && text[i] != U'0' &&
          (before_unit || festival || after_threshold)) {
        unsigned n = 0;
        for (std::size_t k = i; k < end; ++k) n = n * 10 + static_cast<unsigned>(text[k] - U'0');
        if (const auto characters = in_characters(n)) {
          std::u32string around;
          if (i > 0 && han(text[i - 1])) around += text[i - 1];
          std::string reading = to_utf8(around) + *characters;
          // The unit and the character after it, 块 (钱) as the 元 a help centre writes.
          std::u32string after;
          std::size_t k = end;
          if (k < text.size() && text[k] == U'块') {
            after += U'元';
            ++k;
            if (k < text.size() && text[k] == U'钱') ++k;
          }
          for (; k < text.size() && han(text[k]) && after.size() < 2; ++k) after += text[k];
          readings.push_back(reading + to_utf8(after));
        }
      }
      i = end;
      continue;
    }
    if (is_numeral(text[i])) {
      std::size_t end = i;
      while (end < text.size() && is_numeral(text[end])) ++end;
      const std::u32string_view run(text.data() + i, end - i);
      if (end < text.size() && is_unit(text[end]) && run != U"一") {
        if (const auto n = value_of(run)) readings.push_back(std::to_string(*n));
      }
      i = end;
      continue;
    }
    ++i;
  }
  std::string out;
  for (const std::string& r : readings) {
    if (!out.empty()) out += ' ';
    out += r;
  }
  return out;
}

}  // namespace kefu::kb
