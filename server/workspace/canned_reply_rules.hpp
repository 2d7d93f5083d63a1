#pragma once

#include <stdexcept>
#include <string>

#include "server/workspace/canned_replies.hpp"

namespace kefu::workspace {

// A canned reply the rules refuse (docs/protocol.md, "Canned replies"): `code` is the typed
// error of the 400 (invalid_reply, naming the `field`; unknown_variable, naming the `variable`).
struct CannedReplyRefused : std::invalid_argument {
  CannedReplyRefused(std::string c, std::string f, const std::string& message, std::string v = {})
      : std::invalid_argument(message),
        code(std::move(c)),
        field(std::move(f)),
        variable(std::move(v)) {}
  std::string code;
  std::string field;
  std::string variable;
};

// The most characters a reply's body may have.
inline constexpr std::size_t kMaxCannedBodyCharacters = 4000;

// Checks what every reply must be, personal or shared, whoever sends it: locale zh or en, a
// shortcut of 1-32 characters without spaces, / or braces, a title of at most 100 characters,
// a body of 1-4000 characters (not only blanks) with known variables only, a team name of at
// most 64 bytes. Throws CannedReplyRefused for the first rule broken. The REST and an imported
// configuration both check with it.
void check_canned_reply(const CannedReply& reply);

}  // namespace kefu::workspace
