#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kefu::kb {

// Amounts written the other way. Chinese shoppers type numbers in digits (满99包邮, 7天无理由,
// 48小时发货, 双11) where a help centre often writes them in characters (满九十九元, 七天,
// 四十八小时), and a shop whose articles use digits is asked 七天 or 两千元: the two share no
// term. `other_writing` gives, for each amount a Chinese question holds next to a unit (天, 元,
// 小时, 件, 期, ...), the same amount written the other way: digits become characters joined
// to the unit after them (99元 → 九十九元, 8块 → 八元, 双11 → 双十一), characters become digits
// (七天 → 7, 两千元 → 2000). Amounts of 1 to 9,999 only: order, phone and tracking numbers
// are not amounts. Stateless: every call may come from any thread.
class NumberReading {
 public:
  // The other writings of the amounts in `question` (Simplified, as QuestionWords::plain gives
  // it), separated by spaces; empty when it holds none.
  static std::string other_writing(std::string_view question);

  // `n` (1 to 9,999) in Chinese characters as a help centre writes it (十五, 九十九, 一百零五,
  // 两千), or nothing outside that range.
  static std::optional<std::string> in_characters(unsigned n);

  // The value of `characters` (一 to 九千九百九十九 in Chinese numerals, 两 for 二 as in 两千),
  // or nothing when they are not one such number.
  static std::optional<unsigned> value_of(std::u32string_view characters);
};

}  // namespace kefu::kb
