#pragma once

#include <string>
#include <string_view>

namespace kefu::kb {

// How Chinese customers wrap what they ask: question words and particles (怎么, 咋, 啥, 吗, 呢,
// 啊, 可以, 能不能, a final 不 as in 能退不) say nothing about which article is meant, yet as
// terms and character grams they match whichever article happens to use them (尺码怎么选 for
// any 怎么 question, 的时候 for any 什么时候). `plain` folds a question to Simplified
// (SimplifiedFolding) and blanks those words, and writes the ways of asking "when"
// (什么时候, 啥时候, 何时, 几时) as 时间, the word articles use. Text without Han characters is
// returned as it is. Stateless: every call may come from any thread.
class QuestionWords {
 public:
  static std::string plain(std::string_view question);
};

}  // namespace kefu::kb
