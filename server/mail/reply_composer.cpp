#include "server/mail/reply_composer.hpp"

#include <gmime/gmime.h>

#include <memory>

#include "server/mail/conversation_token.hpp"
#include "server/mail/mail_reader.hpp"
#include "server/mail/mime_parts.hpp"

namespace kefu::mail {

std::string one_line(const std::string& text) {
  std::string out = text;
  for (auto& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return out;
}

std::string html_of_text(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 64);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\r':
        break;
      case '\n':
        out += "<br>\n";
        break;
      default:
        out += c;
    }
  }
  return "<!DOCTYPE html>\n<html><body><div>" + out + "</div></body></html>\n";
}

ComposedReply ReplyComposer::compose(const Mailbox& mailbox, const MailThread& thread,
                                     const Reply& reply) const {
  use_gmime();
  ComposedReply out;
  out.message_id = "kefu." + std::to_string(reply.conversation_id) + "." +
                   std::to_string(reply.seq) + "." + random_hex(8) + "@" +
                   domain_of(mailbox.address);
  std::unique_ptr<GMimeMessage, GObjectUnref> message(g_mime_message_new(TRUE));
  const std::string name = one_line(mailbox.display_name);
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, name.c_str(),
                             mailbox.address.c_str());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_REPLY_TO, name.c_str(),
                             reply_address(mailbox.address, thread.token).c_str());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, nullptr, thread.address.c_str());
  std::string subject = one_line(thread.subject);
  if (subject.rfind("Re:", 0) != 0 && subject.rfind("RE:", 0) != 0) subject = "Re: " + subject;
  subject += " [" + thread.token + "]";
  g_mime_message_set_subject(message.get(), subject.c_str(), "utf-8");
  g_mime_message_set_message_id(message.get(), out.message_id.c_str());
  GDateTime* date = g_date_time_new_from_unix_utc(reply.at / 1000);
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  if (!reply.thread_ids.empty()) {
    std::string references;
    for (const auto& id : reply.thread_ids) {
      if (!references.empty()) references += ' ';
      references += "<" + id + ">";
    }
    const std::string in_reply_to = "<" + reply.thread_ids.back() + ">";
    g_mime_object_set_header(GMIME_OBJECT(message.get()), "In-Reply-To", in_reply_to.c_str(),
                             nullptr);
    g_mime_object_set_header(GMIME_OBJECT(message.get()), "References", references.c_str(),
                             nullptr);
  }
  std::unique_ptr<GMimeMultipart, GObjectUnref> alternative(
      g_mime_multipart_new_with_subtype("alternative"));
  std::unique_ptr<GMimeTextPart, GObjectUnref> plain(text_part("plain", reply.text));
  std::unique_ptr<GMimeTextPart, GObjectUnref> html(text_part("html", html_of_text(reply.text)));
  g_mime_multipart_add(alternative.get(), GMIME_OBJECT(plain.get()));
  g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
  if (reply.files.empty()) {
    g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(alternative.get()));
  } else {
    std::unique_ptr<GMimeMultipart, GObjectUnref> mixed(g_mime_multipart_new_with_subtype("mixed"));
    g_mime_multipart_add(mixed.get(), GMIME_OBJECT(alternative.get()));
    for (const auto& file : reply.files) {
      std::unique_ptr<GMimePart, GObjectUnref> part(
          g_mime_part_new_with_type("application", "octet-stream"));
      GMimeContentType* type =
          g_mime_content_type_parse(nullptr, one_line(file.content_type).c_str());
      if (type != nullptr) {
        g_mime_object_set_content_type(GMIME_OBJECT(part.get()), type);
        g_object_unref(type);
      }
      g_mime_object_set_disposition(GMIME_OBJECT(part.get()), GMIME_DISPOSITION_ATTACHMENT);
      g_mime_part_set_filename(part.get(), one_line(file.name).c_str());
      std::unique_ptr<GMimeStream, GObjectUnref> stream(
          g_mime_stream_mem_new_with_buffer(file.bytes.data(), file.bytes.size()));
      std::unique_ptr<GMimeDataWrapper, GObjectUnref> content(
          g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
      g_mime_part_set_content(part.get(), content.get());
      g_mime_part_set_content_encoding(part.get(), GMIME_CONTENT_ENCODING_BASE64);
      g_mime_multipart_add(mixed.get(), GMIME_OBJECT(part.get()));
    }
    g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(mixed.get()));
  }
  out.raw = wire_bytes(message.get());
  return out;
}

}  // namespace kefu::mail
