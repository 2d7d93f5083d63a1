#include "server/mail/mail_bytes.hpp"

#include <boost/algorithm/hex.hpp>
#include <iterator>

namespace kefu::mail {

std::string MailBytes::parameter() const {
  return postgres_ ? "decode(?, 'hex')" : "?";
}

std::string MailBytes::column(std::string_view column) const {
  if (!postgres_) return std::string(column);
  return "encode(" + std::string(column) + ", 'hex')";
}

std::string MailBytes::value(std::string_view bytes) const {
  if (!postgres_) return std::string(bytes);
  std::string hex;
  hex.reserve(bytes.size() * 2);
  boost::algorithm::hex_lower(bytes.begin(), bytes.end(), std::back_inserter(hex));
  return hex;
}

std::string MailBytes::of(const sql::Column& column) const {
  if (!postgres_) return column.text();
  const std::string_view hex = column.view();
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  boost::algorithm::unhex(hex.begin(), hex.end(), std::back_inserter(bytes));
  return bytes;
}

}  // namespace kefu::mail
