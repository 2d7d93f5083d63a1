#include "server/mail/notice_composer.hpp"

#include <gmime/gmime.h>

#include <cctype>
#include <memory>

#include "server/mail/mail_reader.hpp"
#include "server/mail/mime_parts.hpp"

namespace kefu::mail {

ComposedReply NoticeComposer::compose(const Mailbox& mailbox, const Notice& notice) const {
  use_gmime();
  ComposedReply out;
  std::string tag;
  for (char c : notice.tag)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') tag += c;
  out.message_id = "kefu." + tag + "." + random_hex(8) + "@" + domain_of(mailbox.address);
  std::unique_ptr<GMimeMessage, GObjectUnref> message(g_mime_message_new(TRUE));
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
  std::unique_ptr<GMimeMultipart, GObjectUnref> alternative(
      g_mime_multipart_new_with_subtype("alternative"));
  std::unique_ptr<GMimeTextPart, GObjectUnref> plain(text_part("plain", notice.text));
  std::unique_ptr<GMimeTextPart, GObjectUnref> html(text_part("html", html_of_text(notice.text)));
  g_mime_multipart_add(alternative.get(), GMIME_OBJECT(plain.get()));
  g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
  g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(alternative.get()));
  out.raw = wire_bytes(message.get());
  return out;
}

}  // namespace kefu::mail
