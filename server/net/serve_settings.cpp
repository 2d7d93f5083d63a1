#include "server/net/serve_settings.hpp"

#include "server/mail/password_seal.hpp"

namespace kefu::net {

std::string ServeSettings::mail_key_path() const {
  if (!mail_key_file.empty()) return mail_key_file;
  return mail::PasswordSeal::key_file_for(database);
}

}  // namespace kefu::net
