#include "server/mail/notice_composer.hpp"

#include <gmime/gmime.h>
#include <sodium.h>

#include <cctype>
#include <memory>

#include "server/mail/mail_reader.hpp"

namespace kefu::mail {
namespace {

struct Unref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? std::string("kefu.invalid") : address.substr(at + 1);
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

GMimeTextPart* text_part(const char* subtype, const std::string& text) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  g_mime_text_part_set_text(part, text.c_str());  // sets the charset (us-ascii or utf-8)
  return part;
}

}  // namespace

ComposedReply NoticeComposer::compose(const Mailbox& mailbox, const Notice& notice) const {
  use_gmime();
  ComposedReply out;
  std::string tag;
  for (char c : notice.tag)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') tag += c;
  out.message_id = "kefu." + tag + "." + random_hex(8) + "@" + domain_of(mailbox.address);
  std::unique_ptr<GMimeMessage, Unref> message(g_mime_message_new(TRUE));
  const std::string name = one_line(mailbox.display_name);
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, name.c_str(),
                             mailbox.address.c_str());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, nullptr,
                             one_line(notice.to).c_str());
  g_mime_message_set_subject(message.get(), one_line(notice.subject).c_str(), "utf-8");
  g_mime_message_set_message_id(message.get(), out.message_id.c_str());
  GDateTime* date = g_date_time_new_from_unix_utc(notice.at / 1000);
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  std::unique_ptr<GMimeMultipart, Unref> alternative(
      g_mime_multipart_new_with_subtype("alternative"));
  std::unique_ptr<GMimeTextPart, Unref> plain(text_part("plain", notice.text));
  std::unique_ptr<GMimeTextPart, Unref> html(text_part("html", html_of_text(notice.text)));
  g_mime_multipart_add(alternative.get(), GMIME_OBJECT(plain.get()));
  g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
  g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(alternative.get()));
  g_mime_object_encode(GMIME_OBJECT(message.get()), GMIME_ENCODING_CONSTRAINT_7BIT);
  GMimeFormatOptions* format = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
  char* text = g_mime_object_to_string(GMIME_OBJECT(message.get()), format);
  g_mime_format_options_free(format);
  out.raw = text;
  g_free(text);
  return out;
}

}  // namespace kefu::mail
