#include "server/mail/conversation_token.hpp"

#include <sodium.h>

#include <regex>

namespace kefu::mail {
namespace {

const std::regex& token_pattern() {
  static const std::regex pattern("kf-([0-9a-f]{20})", std::regex::icase);
  return pattern;
}

std::optional<std::string> find_token(const std::string& text) {
  std::smatch m;
  if (!std::regex_search(text, m, token_pattern())) return std::nullopt;
  std::string token = "kf-" + m[1].str();
  for (auto& c : token) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return token;
}

}  // namespace

std::string new_conversation_token() {
  unsigned char bytes[10];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("kf-") + hex;
}

std::optional<std::string> token_in(const InboundMail& mail) {
  for (const auto& recipient : mail.recipients) {
    if (auto token = find_token(recipient)) return token;
  }
  return find_token(mail.subject);
}

std::string reply_address(const std::string& address, const std::string& token) {
  const auto at = address.rfind('@');
  if (at == std::string::npos) return address;
  return address.substr(0, at) + "+" + token + address.substr(at);
}

}  // namespace kefu::mail
