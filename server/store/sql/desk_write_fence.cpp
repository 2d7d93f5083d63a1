#include "server/store/sql/desk_write_fence.hpp"

#include <array>
#include <cctype>

namespace kefu::sql {
namespace {

// The first word of `sql` in lower case, after blanks, `--` and `/* */` comments.
std::string first_word(std::string_view sql) {
  std::size_t i = 0;
  for (;;) {
    while (i < sql.size() && (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(')) {
      ++i;
    }
    if (sql.substr(i, 2) == "--") {
      const auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
    ++i;
  }
  return word;
}

template <std::size_t N>
bool one_of(const std::string& word, const std::array<const char*, N>& words) {
  for (const char* w : words) {
    if (word == w) return true;
  }
  return false;
}

}  // namespace

DeskWriteFence::DeskWriteFence(std::int64_t epoch, std::function<void(const std::string&)> exec,
                               std::function<bool()> in_transaction)
    : epoch_(epoch),
      exec_(std::move(exec)),
      in_transaction_(std::move(in_transaction)),
      fence_("SELECT kefu_desk_fence(" + std::to_string(epoch) + ")") {}

bool DeskWriteFence::is_control(std::string_view sql) {
  static constexpr std::array kControl = {"begin",   "commit", "rollback", "savepoint",
                                          "release", "end",    "start",    "set",
                                          "pragma",  "abort",  "prepare",  "reset"};
  return one_of(first_word(sql), kControl);
}

bool DeskWriteFence::may_write(std::string_view sql) {
  static constexpr std::array kReads = {"select", "show", "values", "table", "explain"};
  const std::string word = first_word(sql);
  return !word.empty() && !one_of(word, kReads) && !is_control(sql);
}

void DeskWriteFence::guard(std::string_view sql, const std::function<void()>& send) {
  if (epoch_ == 0) {
    send();
    return;
  }
  const bool was_idle = !in_transaction_();
  if (!may_write(sql)) {
    send();
    if (was_idle && in_transaction_()) fence_due_ = true;  // a transaction began
    // Back to a savepoint: a fence run after it (and its lock on the lease) is undone too.
    if (first_word(sql) == "rollback") fence_due_ = true;
    return;
  }
  if (!was_idle) {
    if (fence_due_) {
      exec_(fence_);  // a refusal leaves the transaction failed: its owner rolls it back
      fence_due_ = false;
    }
    send();
    return;
  }
  // A write on its own: its own transaction, fenced.
  try {
    exec_("BEGIN; " + fence_);
    send();
  } catch (...) {
    roll_back();
    throw;
  }
  exec_("COMMIT");
}

void DeskWriteFence::roll_back() noexcept {
  try {
    if (in_transaction_()) exec_("ROLLBACK");
  } catch (...) {
    // The connection broke: the server ends the transaction itself.
  }
}

}  // namespace kefu::sql
