#include "server/mail/mail_reader.hpp"

#include <gmime/gmime.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "server/mail/inbound_attachments.hpp"
#include "server/mail/reply_composer.hpp"

// The mail module on its own (issue 25), without a server: every fixture read, the bad input
// refused with its typed reason, attachments sorted, and a composed reply (with a file and a
// subject that tries to add a header) read back. Small and quick, so it also runs under ASan.

using namespace kefu::mail;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(KEFU_SOURCE_DIR) + "/tests/data/mail/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string refusal(const std::string& raw) {
  try {
    MailReader().read(raw);
  } catch (const MailRefused& refused) {
    return refused.code;
  }
  return "";
}

}  // namespace

TEST_CASE("every fixture reads, attachments come with their bytes", "[mail]") {
  for (const char* name : {"alternative.eml", "auto_reply.eml", "big5_qp.eml", "bounce.eml",
                           "gb18030_base64.eml", "gbk_base64.eml", "html_only.eml"}) {
    INFO(name);
    CHECK_NOTHROW(MailReader().read(fixture(name)));
  }
  const auto mail = MailReader().read(fixture("attachments.eml"));
  CHECK(mail.text == "The tin arrived dented, see the photo.");
  REQUIRE(mail.attachments.size() == 2);
  CHECK(mail.attachments[0].name == "tin.png");
  CHECK(mail.attachments[0].bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  CHECK(mail.attachments[1].declared_type == "application/octet-stream");
  const auto sorted = sort_attachments(mail.attachments, 10 * 1024 * 1024);
  CHECK(sorted[0].content_type == "image/png");
  CHECK(sorted[0].set_aside.empty());
  CHECK(sorted[1].set_aside == "type_not_accepted");
  CHECK(set_aside_note(sorted) ==
        "[Attachment set aside (type not accepted): invoice.exe, 1 KB, application/octet-stream]");
  CHECK(sort_attachments(mail.attachments, 10)[0].set_aside == "too_large");
}

TEST_CASE("malformed mail, a 30 MB message and a bomb of nested parts are refused by reason",
          "[mail]") {
  CHECK(refusal(fixture("no_boundary.eml")) == "malformed");
  CHECK(refusal(fixture("no_sender.eml")) == "no_sender");
  CHECK(refusal("") == "malformed");
  std::string huge = "From: a@example.com\r\nSubject: big\r\n\r\n";
  huge += std::string(30u * 1024 * 1024, 'x');
  CHECK(refusal(huge) == "too_large");
  std::string bomb = "From: a@example.com\r\nSubject: bomb\r\nMIME-Version: 1.0\r\n";
  for (int i = 0; i < 2000; ++i) {
    bomb += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n--b" +
            std::to_string(i) + "\r\n";
  }
  bomb += "Content-Type: text/plain\r\n\r\nboom\r\n";
  CHECK(refusal(bomb) == "malformed");
  // Many parts side by side, not nested: refused past the part limit.
  std::string wide =
      "From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
      "boundary=\"w\"\r\n\r\n";
  for (int i = 0; i < MailReader::kMaxParts + 5; ++i) {
    wide += "--w\r\nContent-Type: text/plain\r\n\r\npart " + std::to_string(i) + "\r\n";
  }
  wide += "--w--\r\n";
  CHECK(refusal(wide) == "too_many_parts");
}

TEST_CASE("a composed reply reads back: text, escaped HTML, its file, one subject line", "[mail]") {
  Mailbox box;
  box.address = "support@tea.example";
  box.display_name = "Tea\r\nBcc: evil@example.net";
  MailThread thread;
  thread.address = "ann@example.com";
  thread.subject = "Hi\r\nBcc: evil@example.net";
  thread.token = "kf-0123456789abcdef0123";
  Reply reply{"<b>bold</b> & more",
              {"a@example.com"},
              7,
              3,
              1'700'000'000'000,
              {ReplyFile{"receipt.pdf", "application/pdf", "%PDF-1.4\n"}}};
  const auto composed = ReplyComposer().compose(box, thread, reply);
  CHECK(composed.raw.find("\r\nBcc:") == std::string::npos);
  CHECK(composed.raw.find("&lt;b&gt;bold&lt;/b&gt; &amp; more") != std::string::npos);
  // What a mail client reads from it.
  std::string with_sender = composed.raw;
  const auto read = MailReader().read(with_sender);
  CHECK(read.text == "<b>bold</b> & more");
  CHECK(read.message_id == composed.message_id);
  REQUIRE(read.attachments.size() == 1);
  CHECK(read.attachments[0].name == "receipt.pdf");
  CHECK(read.attachments[0].declared_type == "application/pdf");
  CHECK(read.attachments[0].bytes == "%PDF-1.4\n");
  CHECK(read.subject.find("Bcc: evil@example.net") != std::string::npos);  // in the subject only
  CHECK(read.references == std::vector<std::string>{"a@example.com"});
}
