#include "server/mail/inbound_attachments.hpp"

#include <cstdio>

#include "server/mail/reply_composer.hpp"
#include "server/workspace/attachment_type.hpp"

namespace kefu::mail {
namespace {

std::string size_text(std::size_t bytes) {
  char out[32];
  if (bytes >= 1024 * 1024) {
    std::snprintf(out, sizeof out, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  } else {
    std::snprintf(out, sizeof out, "%zu KB", (bytes + 1023) / 1024);
  }
  return out;
}

}  // namespace

std::vector<SortedAttachment> sort_attachments(std::vector<MailAttachment> attachments,
                                               std::size_t max_bytes) {
  std::vector<SortedAttachment> sorted;
  sorted.reserve(attachments.size());
  for (auto& a : attachments) {
    SortedAttachment s;
    a.name = workspace::clean_attachment_name(a.name);
    if (a.bytes.size() > max_bytes) {
      s.set_aside = "too_large";
    } else {
      s.content_type = workspace::sniff_attachment_type(a.bytes);
      if (s.content_type.empty()) s.set_aside = "type_not_accepted";
    }
    s.attachment = std::move(a);
    sorted.push_back(std::move(s));
  }
  return sorted;
}

std::string set_aside_note(const std::vector<SortedAttachment>& sorted) {
  std::string note;
  for (const auto& s : sorted) {
    if (s.set_aside.empty()) continue;
    if (!note.empty()) note += "\n";
    note += std::string("[Attachment set aside (") +
            (s.set_aside == "too_large" ? "too large" : "type not accepted") +
            "): " + s.attachment.name + ", " + size_text(s.attachment.bytes.size()) + ", " +
            one_line(s.attachment.declared_type) + "]";
  }
  return note;
}

}  // namespace kefu::mail
