#include "server/mail/mailbox_rules.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

namespace kefu::mail {
namespace {

bool has_control(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

bool address_ok(const std::string& a) {
  if (a.empty() || a.size() > 254) return false;
  const auto at = a.find('@');
  if (at == 0 || at == std::string::npos || at != a.rfind('@') || at + 1 >= a.size()) return false;
  if (a.find('.', at) == std::string::npos) return false;
  return std::all_of(a.begin(), a.end(), [](unsigned char c) {
    return c > 32 && c < 127 && c != '"' && c != '<' && c != '>' && c != '(' && c != ')' &&
           c != ',' && c != ';' && c != ':' && c != '\\' && c != '[' && c != ']';
  });
}

// A server URL: `plain` or `secure` scheme (the secure one exactly when TLS is asked for), a
// host, an optional port, nothing else.
void check_server_url(const std::string& url, const char* plain, const char* secure,
                      const std::string& security, const char* code) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) throw MailboxInvalid(code, url + " is not a URL");
  const std::string scheme(parsed->scheme());
  const std::string wanted = security == "tls" ? secure : plain;
  if (scheme != wanted) {
    throw MailboxInvalid(code, "with security " + security + " the URL starts " + wanted + "://");
  }
  if (parsed->host().empty() || parsed->has_userinfo() || parsed->has_query() ||
      parsed->has_fragment() || (!parsed->path().empty() && parsed->path() != "/")) {
    throw MailboxInvalid(code, "give only " + wanted + "://host[:port]");
  }
}

}  // namespace

void check_mailbox(const Mailbox& m, const std::vector<std::string>& queues) {
  if (m.name.empty() || m.name.size() > 64 ||
      !std::all_of(m.name.begin(), m.name.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      })) {
    throw MailboxInvalid("invalid_name", "a name is 1-64 of a-z, 0-9, '.', '_', '-'");
  }
  if (!address_ok(m.address)) throw MailboxInvalid("invalid_address", "not an e-mail address");
  if (m.display_name.size() > 100 || has_control(m.display_name)) {
    throw MailboxInvalid("invalid_display_name", "at most 100 bytes, on one line");
  }
  if (std::find(queues.begin(), queues.end(), m.queue) == queues.end()) {
    throw MailboxInvalid("unknown_queue", "no ticket queue '" + m.queue + "'");
  }
  if (m.security != "starttls" && m.security != "tls" && m.security != "none") {
    throw MailboxInvalid("invalid_security", "security is starttls, tls or none");
  }
  check_server_url(m.smtp_url, "smtp", "smtps", m.security, "invalid_smtp_url");
  if (!m.imap_url.empty()) {
    check_server_url(m.imap_url, "imap", "imaps", m.security, "invalid_imap_url");
  }
  if (m.imap_folder.empty() || m.imap_folder.size() > 100 || has_control(m.imap_folder)) {
    throw MailboxInvalid("invalid_imap_folder", "1-100 bytes, on one line");
  }
  if (m.login.size() > 256 || has_control(m.login)) {
    throw MailboxInvalid("invalid_login", "at most 256 bytes, on one line");
  }
}

}  // namespace kefu::mail
