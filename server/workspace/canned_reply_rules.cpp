#include "server/workspace/canned_reply_rules.hpp"

#include "server/workspace/canned_reply_text.hpp"

namespace kefu::workspace {
namespace {

std::size_t characters(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

void check_canned_reply(const CannedReply& r) {
  if (r.locale != "zh" && r.locale != "en") {
    throw CannedReplyRefused("invalid_reply", "locale", "zh or en");
  }
  if (r.shortcut.empty() || characters(r.shortcut) > 32 ||
      r.shortcut.find_first_of(" \t\r\n/{}") != std::string::npos) {
    throw CannedReplyRefused("invalid_reply", "shortcut",
                             "1 to 32 characters without spaces, / or braces");
  }
  if (characters(r.title) > 100) {
    throw CannedReplyRefused("invalid_reply", "title", "at most 100 characters");
  }
  if (r.body.find_first_not_of(" \t\r\n") == std::string::npos ||
      characters(r.body) > kMaxCannedBodyCharacters) {
    throw CannedReplyRefused("invalid_reply", "body", "1 to 4000 characters");
  }
  if (r.team.size() > 64) throw CannedReplyRefused("invalid_reply", "team", "at most 64 bytes");
  if (const auto unknown = unknown_variable(r.body); !unknown.empty()) {
    throw CannedReplyRefused("unknown_variable", "body", "no variable {" + unknown + "}", unknown);
  }
}

}  // namespace kefu::workspace
