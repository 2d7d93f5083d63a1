#include "server/mail/mail_reader.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "server/mail/html_text.hpp"

namespace kefu::mail {
namespace {

// Owns one GObject reference.
struct Unref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using Owned = std::unique_ptr<T, Unref>;

// What GMime's parser reported that makes the message unsafe or unreadable.
struct ParserVerdict {
  bool refuse = false;
  std::string why;
};

void note_warning(gint64, GMimeParserWarning code, const gchar*, gpointer data) {
  auto* verdict = static_cast<ParserVerdict*>(data);
  switch (code) {
    case GMIME_CRIT_NESTING_OVERFLOW:
      verdict->refuse = true;
      verdict->why = "MIME parts nested too deep";
      break;
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      verdict->refuse = true;
      verdict->why = "a MIME part without headers or content";
      break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
      verdict->refuse = true;
      verdict->why = "a multipart without a boundary";
      break;
    default:
      break;
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// iconv's name for a declared charset: the Chinese legacy sets read as their supersets.
std::string iconv_charset(std::string declared) {
  declared = lower(trim(declared));
  if (declared == "gb2312" || declared == "gbk" || declared == "x-gbk" || declared == "cp936" ||
      declared == "euc-cn" || declared == "gb_2312-80" || declared == "x-gb2312" ||
      declared == "gb18030") {
    return "GB18030";
  }
  if (declared == "big5" || declared == "x-big5" || declared == "cn-big5" || declared == "cp950" ||
      declared == "big5-hkscs") {
    return "BIG5-HKSCS";
  }
  return declared;
}

std::string valid_utf8(const std::string& bytes) {
  gchar* valid = g_utf8_make_valid(bytes.data(), static_cast<gssize>(bytes.size()));
  std::string out(valid);
  g_free(valid);
  return out;
}

// A leaf part's content, decoded from its transfer encoding and character set into UTF-8.
std::string decoded_text(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return {};
  Owned<GMimeStream> memory(g_mime_stream_mem_new());
  Owned<GMimeStream> filtered(g_mime_stream_filter_new(memory.get()));
  const char* declared = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
  if (declared != nullptr) {
    const std::string from = iconv_charset(declared);
    if (from != "utf-8" && from != "us-ascii") {
      GMimeFilter* convert = g_mime_filter_charset_new(from.c_str(), "UTF-8");
      if (convert != nullptr) {
        g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), convert);
        g_object_unref(convert);
      }
    }
  }
  // Lines end in LF in Kefu's text.
  GMimeFilter* unix_lines = g_mime_filter_dos2unix_new(FALSE);
  g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), unix_lines);
  g_object_unref(unix_lines);
  g_mime_data_wrapper_write_to_stream(content, filtered.get());
  g_mime_stream_flush(filtered.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
  return valid_utf8(std::string(reinterpret_cast<const char*>(bytes->data), bytes->len));
}

bool is_type(GMimeObject* object, const char* type, const char* subtype) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  return ct != nullptr && g_mime_content_type_is_type(ct, type, subtype);
}

bool is_attachment(GMimeObject* object) {
  GMimeContentDisposition* d = g_mime_object_get_content_disposition(object);
  return d != nullptr && g_mime_content_disposition_is_attachment(d);
}

// A header block (RFC 3464 delivery-status fields, RFC 6522 text/rfc822-headers) read with
// GMime's header parser: `text` is parsed as a part; returns its object and the rest.
Owned<GMimeObject> header_block(const std::string& text, std::string* rest) {
  Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  Owned<GMimeObject> block(g_mime_parser_construct_part(parser.get(), nullptr));
  if (block && rest != nullptr && GMIME_IS_PART(block.get())) {
    *rest = decoded_text(GMIME_PART(block.get()));
  }
  return block;
}

std::string header(GMimeObject* object, const char* name) {
  const char* value = g_mime_object_get_header(object, name);
  return value == nullptr ? std::string() : trim(value);
}

// A Message-ID as Kefu keeps it: printable ASCII without spaces or angle brackets.
bool usable_message_id(const std::string& id) {
  if (id.empty() || id.size() > 250) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return c > 32 && c < 127 && c != '<' && c != '>' && c != '"';
  });
}

void add_references(const std::string& value, std::vector<std::string>& out, bool newest_first) {
  if (value.empty()) return;
  GMimeReferences* refs = g_mime_references_parse(nullptr, value.c_str());
  if (refs == nullptr) return;
  std::vector<std::string> ids;
  for (int i = 0; i < g_mime_references_length(refs); ++i) {
    std::string id = g_mime_references_get_message_id(refs, i);
    if (usable_message_id(id)) ids.push_back(std::move(id));
  }
  g_mime_references_free(refs);
  if (newest_first) std::reverse(ids.begin(), ids.end());
  for (auto& id : ids) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
  }
}

void add_addresses(InternetAddressList* list, std::vector<std::string>& out) {
  if (list == nullptr) return;
  for (int i = 0; i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      out.emplace_back(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
    } else if (INTERNET_ADDRESS_IS_GROUP(a)) {
      add_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), out);
    }
  }
}

// The address in a field like "rfc822; ann@example.com".
std::string typed_address(const std::string& field) {
  const auto semicolon = field.find(';');
  return trim(semicolon == std::string::npos ? field : field.substr(semicolon + 1));
}

// Reads a multipart/report's delivery-status part (and the bounced message's headers).
void read_report(GMimeMultipart* report, InboundMail& mail) {
  DeliveryFailure failure;
  bool failed = false;
  for (int i = 0; i < g_mime_multipart_get_count(report); ++i) {
    GMimeObject* part = g_mime_multipart_get_part(report, i);
    if (is_type(part, "message", "delivery-status") && GMIME_IS_PART(part)) {
      // Per-message fields, then one block per recipient.
      std::string rest;
      auto per_message = header_block(decoded_text(GMIME_PART(part)), &rest);
      for (int block = 0; block < 20 && !rest.empty(); ++block) {
        std::string next;
        auto recipient = header_block(rest, &next);
        if (!recipient) break;
        const std::string action = lower(header(recipient.get(), "Action"));
        if (action == "failed") {
          failed = true;
          failure.recipient = typed_address(header(recipient.get(), "Final-Recipient"));
          failure.status = header(recipient.get(), "Status");
          break;
        }
        rest = std::move(next);
      }
    } else if (is_type(part, "text", "rfc822-headers") && GMIME_IS_PART(part)) {
      auto headers = header_block(decoded_text(GMIME_PART(part)), nullptr);
      if (headers) {
        std::vector<std::string> ids;
        add_references(header(headers.get(), "Message-ID"), ids, false);
        if (!ids.empty()) failure.original_message_id = ids.front();
      }
    } else if (GMIME_IS_MESSAGE_PART(part)) {
      GMimeMessage* original = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
      const char* id = original ? g_mime_message_get_message_id(original) : nullptr;
      if (id != nullptr && usable_message_id(id)) failure.original_message_id = id;
    }
  }
  if (failed && !failure.recipient.empty()) mail.failure = failure;
}

struct Walk {
  std::string plain;
  std::string html;
  int parts = 0;
  std::vector<MailAttachment> attachments;
};

std::string declared_type(GMimeObject* object) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  if (ct == nullptr) return "application/octet-stream";
  char* type = g_mime_content_type_get_mime_type(ct);
  std::string out = type == nullptr ? "application/octet-stream" : valid_utf8(type);
  g_free(type);
  return out;
}

// A leaf part kept as an attachment: its content decoded from the transfer encoding only.
MailAttachment attachment_of(GMimePart* part) {
  MailAttachment a;
  const char* name = g_mime_part_get_filename(part);
  a.name = name == nullptr ? "attachment" : valid_utf8(name);
  a.declared_type = declared_type(GMIME_OBJECT(part));
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return a;
  Owned<GMimeStream> memory(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, memory.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
  a.bytes.assign(reinterpret_cast<const char*>(bytes->data), bytes->len);
  return a;
}

// A message inside the message (forwarded, or returned with a bounce), kept whole as a file.
MailAttachment attachment_of(GMimeMessagePart* part) {
  MailAttachment a;
  a.declared_type = "message/rfc822";
  GMimeMessage* inner = g_mime_message_part_get_message(part);
  const char* subject = inner == nullptr ? nullptr : g_mime_message_get_subject(inner);
  a.name = (subject == nullptr ? std::string("message") : valid_utf8(subject)) + ".eml";
  if (inner == nullptr) return a;
  char* text = g_mime_object_to_string(GMIME_OBJECT(inner), nullptr);
  if (text != nullptr) {
    a.bytes = text;
    g_free(text);
  }
  return a;
}

void append(std::string& to, const std::string& text) {
  if (text.empty()) return;
  if (!to.empty()) to += "\n\n";
  to += text;
}

// Collects the text of `object`: in a multipart/alternative the plain version if there is one;
// elsewhere every inline text part in order. Other parts are kept as attachments.
void walk(GMimeObject* object, Walk& w, InboundMail& mail) {
  if (++w.parts > MailReader::kMaxParts) {
    throw MailRefused("too_many_parts",
                      "more than " + std::to_string(MailReader::kMaxParts) + " MIME parts");
  }
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    if (is_type(object, "multipart", "report")) read_report(multipart, mail);
    if (is_type(object, "multipart", "alternative")) {
      Walk plain_only;
      Walk html_only;
      for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
        GMimeObject* child = g_mime_multipart_get_part(multipart, i);
        Walk one;
        one.parts = w.parts;
        walk(child, one, mail);
        w.parts = one.parts;
        append(plain_only.plain, one.plain);
        append(html_only.html, one.html);
        for (auto& a : one.attachments) w.attachments.push_back(std::move(a));
      }
      append(w.plain, plain_only.plain.empty() ? html_only.html : plain_only.plain);
      return;
    }
    for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
      walk(g_mime_multipart_get_part(multipart, i), w, mail);
    }
    return;
  }
  if (GMIME_IS_MESSAGE_PART(object)) {
    // A forwarded or bounced message: not the customer's words, kept as a file.
    w.attachments.push_back(attachment_of(GMIME_MESSAGE_PART(object)));
    return;
  }
  if (!GMIME_IS_PART(object)) return;
  if (is_attachment(object) || !is_type(object, "text", "*")) {
    if (!is_type(object, "message", "delivery-status") &&
        !is_type(object, "text", "rfc822-headers")) {
      w.attachments.push_back(attachment_of(GMIME_PART(object)));
    }
    return;
  }
  if (is_type(object, "text", "plain")) {
    append(w.plain, decoded_text(GMIME_PART(object)));
  } else if (is_type(object, "text", "html")) {
    append(w.html, text_of_html(decoded_text(GMIME_PART(object))));
  } else if (!is_type(object, "text", "rfc822-headers")) {
    w.attachments.push_back(attachment_of(GMIME_PART(object)));
  }
}

std::string automatic_reason(GMimeObject* message) {
  const std::string submitted = lower(header(message, "Auto-Submitted"));
  if (!submitted.empty() && submitted != "no") return "Auto-Submitted: " + submitted;
  const std::string precedence = lower(header(message, "Precedence"));
  if (precedence == "bulk" || precedence == "junk" || precedence == "list" ||
      precedence == "auto_reply") {
    return "Precedence: " + precedence;
  }
  for (const char* name : {"X-Autoreply", "X-Autorespond", "X-Auto-Reply"}) {
    if (g_mime_object_get_header(message, name) != nullptr) return std::string(name);
  }
  return {};
}

// Cuts at a character boundary so the text stays valid UTF-8.
std::string cut(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "\n[…]";
}

}  // namespace

void use_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

InboundMail MailReader::read(std::string_view raw) const {
  use_gmime();
  if (raw.size() > kMaxBytes) {
    throw MailRefused("too_large", "the message is larger than " +
                                       std::to_string(kMaxBytes / (1024 * 1024)) + " MB");
  }
  ParserVerdict verdict;
  GMimeParserOptions* opts = g_mime_parser_options_new();
  // Raw 8-bit headers (not RFC 2047): UTF-8 if they are, else GB18030, which covers GB2312/GBK.
  const char* fallback[] = {"UTF-8", "GB18030", nullptr};
  g_mime_parser_options_set_fallback_charsets(opts, fallback);
  g_mime_parser_options_set_warning_callback(opts, note_warning, &verdict);
  Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  Owned<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), opts));
  std::unique_ptr<GMimeParserOptions, void (*)(GMimeParserOptions*)> free_options(
      opts, g_mime_parser_options_free);
  if (!message) throw MailRefused("malformed", "not an RFC 5322 message");
  if (verdict.refuse) throw MailRefused("malformed", verdict.why);

  InboundMail mail;
  GMimeObject* object = GMIME_OBJECT(message.get());
  InternetAddressList* from = g_mime_message_get_from(message.get());
  for (int i = 0; from != nullptr && i < internet_address_list_length(from); ++i) {
    InternetAddress* a = internet_address_list_get_address(from, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    mail.from_address = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    const char* name = internet_address_get_name(a);
    mail.from_name = name == nullptr ? std::string() : valid_utf8(name);
    break;
  }
  if (mail.from_address.empty() || mail.from_address.find('@') == std::string::npos) {
    throw MailRefused("no_sender", "the message names no sender address");
  }
  const char* id = g_mime_message_get_message_id(message.get());
  if (id != nullptr && usable_message_id(id)) mail.message_id = id;
  add_references(header(object, "In-Reply-To"), mail.references, false);
  add_references(header(object, "References"), mail.references, true);
  add_addresses(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_TO),
                mail.recipients);
  add_addresses(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_CC),
                mail.recipients);
  const std::string delivered = header(object, "Delivered-To");
  if (!delivered.empty()) mail.recipients.push_back(delivered);
  const char* subject = g_mime_message_get_subject(message.get());
  mail.subject = subject == nullptr ? std::string() : cut(valid_utf8(trim(subject)), 998);
  mail.automatic = automatic_reason(object);

  Walk w;
  if (GMimeObject* body = g_mime_message_get_mime_part(message.get())) walk(body, w, mail);
  mail.text = cut(trim(w.plain.empty() ? w.html : w.plain), kMaxTextBytes);
  mail.attachments = std::move(w.attachments);
  return mail;
}

}  // namespace kefu::mail
