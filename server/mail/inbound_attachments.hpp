#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "server/mail/mail_reader.hpp"

namespace kefu::mail {

// One attachment of a received mail, sorted by the workspace's rules for attachments
// (server/workspace/attachment_type.hpp): kept in the conversation's attachments when its bytes
// are of an accepted type (sniffed, never the sender's word) and within the size limit, else set
// aside with the reason (its bytes are kept all the same, MailAttachmentShelf).
struct SortedAttachment {
  MailAttachment attachment;  // its name cleaned (clean_attachment_name)
  std::string content_type;   // sniffed; "" when set aside
  std::string set_aside;      // "too_large" or "type_not_accepted"; "" when kept
};

// Sorts `attachments` in their order. `max_bytes`: one attachment's bytes at most (the server's
// attachment_max_bytes).
std::vector<SortedAttachment> sort_attachments(std::vector<MailAttachment> attachments,
                                               std::size_t max_bytes);

// The note that goes under the mail's text for the agent when some were set aside, one line
// each, e.g. "[Attachment set aside (type not accepted): setup.exe, 2.1 MB, application/x-msdos
// -program]"; "" when none was.
std::string set_aside_note(const std::vector<SortedAttachment>& sorted);

}  // namespace kefu::mail
