// Inbound mail throughput (issue 25): messages per second read (GMime, charsets, HTML, MIME
// walk), threaded and stored, against a baseline in the same run: reading the same messages
// only (MailReader, nothing stored). Stored means what `kefu serve` stores for each: the inbox
// entry, the customer for a new sender, the conversation and the message through the Store (a
// SqliteStore, synchronous FULL, one batch per message as the mail thread waits for each), the
// attachments' files and rows, the thread and the filing.
//
//   mail_inbound_bench [messages=2000]
//
// The mix: a fifth each of plain UTF-8, GBK base64, Big5 quoted-printable, HTML-only and
// multipart/mixed with a small PNG; one sender in four writes again into their conversation.
// Prints the figures, then one JSON object with the mail_* fields as its last line.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "server/mail/conversation_token.hpp"
#include "server/mail/mail_filer.hpp"
#include "server/mail/sqlite_mail_attachment_shelf.hpp"
#include "server/mail/sqlite_mail_inbox.hpp"
#include "server/mail/sqlite_mail_outbox.hpp"
#include "server/mail/sqlite_mail_threads.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sqlite_store.hpp"
#include "server/workspace/attachment_folder.hpp"
#include "server/workspace/sqlite_attachment_store.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace kefu;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(KEFU_SOURCE_DIR) + "/tests/data/mail/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `raw` with its From and Message-ID made the n-th message's.
std::string variant(std::string raw, int n, int sender) {
  const std::string from = "From: Customer " + std::to_string(sender) + " <c" +
                           std::to_string(sender) + "@example.cn>\r\n";
  const std::string id = "Message-ID: <bench-" + std::to_string(n) + "@example.cn>\r\n";
  // Drop the fixture's own From and Message-ID lines, then put ours first.
  std::string out;
  std::istringstream lines(raw);
  std::string line;
  bool headers = true;
  while (std::getline(lines, line)) {
    if (headers && (line.rfind("From:", 0) == 0 || line.rfind("Message-ID:", 0) == 0)) continue;
    if (headers && (line == "\r" || line.empty())) headers = false;
    out += line + "\n";
  }
  return from + id + out;
}

// The desk's side as the server does it, straight on the Store.
class StoreDesk final : public mail::FilingDesk {
 public:
  StoreDesk(store::Store& store, SQLite::Database& db, const fs::path& files)
      : store_(store), attachments_(db), folder_(files) {}

  std::int64_t new_customer(const std::string& address, const std::string&) override {
    store::WriteBatch b;
    b.mutations.push_back(store::InsertCustomer{store::CustomerRecord{0, address, now()}});
    return store_.submit_and_wait(std::move(b)).outcomes.front().value;
  }

  EmailFiled file(EmailArrival arrival) override {
    store::WriteBatch b;
    store::ConversationRecord c;
    c.id = arrival.conversation_id ? *arrival.conversation_id : next_id_++;
    c.customer_id = arrival.customer_id;
    c.channel = "email";
    c.status = "queued";
    c.queue = "tickets";
    c.subject = arrival.subject;
    c.created_at = c.queued_at = c.updated_at = now();
    if (!arrival.conversation_id) b.mutations.push_back(store::UpsertConversation{c});
    store::AppendMessage m;
    m.message.conversation_id = c.id;
    m.message.author_kind = store::AuthorKind::customer;
    m.message.author_id = arrival.customer_id;
    m.message.client_id = arrival.client_id;
    m.message.body = arrival.text;
    m.message.at = now();
    m.event.type = "message_received";
    m.event.at = now();
    m.event.conversation_id = c.id;
    m.event.customer_id = c.customer_id;
    m.event.channel = "email";
    b.mutations.push_back(std::move(m));
    const auto r = store_.submit_and_wait(std::move(b));
    EmailFiled filed;
    filed.ok = r.ok;
    filed.conversation_id = r.ok ? r.outcomes.back().conversation_id : 0;
    filed.seq = r.ok ? r.outcomes.back().value : 0;
    filed.duplicate = r.ok && r.outcomes.back().duplicate;
    filed.opened = !arrival.conversation_id;
    return filed;
  }

  void keep_attachments(std::int64_t conversation_id, std::int64_t customer_id,
                        const std::vector<mail::SortedAttachment>& sorted) override {
    for (const auto& s : sorted) {
      const auto key = folder_.keep(s.attachment.bytes);
      attachments_.add(workspace::AttachmentRecord{
          0, conversation_id, "customer", customer_id, s.attachment.name, s.content_type,
          static_cast<std::int64_t>(s.attachment.bytes.size()), key, now()});
    }
  }

 private:
  static std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  store::Store& store_;
  workspace::SqliteAttachmentStore attachments_;
  workspace::AttachmentFolder folder_;
  std::int64_t next_id_ = 1;
};

}  // namespace

int main(int argc, char** argv) {
  const int messages = argc > 1 ? std::atoi(argv[1]) : 2000;
  const std::vector<std::string> kinds = {fixture("alternative.eml"), fixture("gbk_base64.eml"),
                                          fixture("big5_qp.eml"), fixture("html_only.eml"),
                                          fixture("attachments.eml")};
  std::vector<std::string> raws;
  for (int n = 0; n < messages; ++n) {
    // Every fourth message comes from a sender seen before (it files into their ticket).
    const int sender = n % 4 == 3 ? n - 3 : n;
    raws.push_back(variant(kinds[static_cast<std::size_t>(n) % kinds.size()], n, sender));
  }
  std::size_t bytes = 0;
  for (const auto& r : raws) bytes += r.size();

  // Baseline: reading only.
  mail::MailReader reader;
  const auto read_start = Clock::now();
  std::size_t text_bytes = 0;
  for (const auto& r : raws) text_bytes += reader.read(r).text.size();
  const double read_s = std::chrono::duration<double>(Clock::now() - read_start).count();

  const fs::path dir = fs::temp_directory_path() / ("kefu-mail-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string db_path = (dir / "kefu.db").string();
  double file_s = 0;
  int filed = 0;
  {
    store::SqliteStore store{store::SqliteOptions(db_path)};
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    sql::SqliteConnection connection(db);
    mail::SqliteMailboxes mailboxes(connection);
    mail::Mailbox box;
    box.name = "support";
    box.address = "support@tea.example";
    box.queue = "tickets";
    box.created_at = box.updated_at = 1;
    const auto mailbox_id = mailboxes.add(box);
    mail::SqliteMailInbox inbox(connection);
    mail::SqliteMailThreads threads(connection);
    mail::SqliteMailOutbox outbox(connection);
    StoreDesk desk(store, db, dir / "attachments");
    mail::MailFiler filer(
        inbox, threads, outbox, desk, [] { return std::int64_t{1}; }, 10 * 1024 * 1024, "bench");
    const auto start = Clock::now();
    for (const auto& r : raws) {
      inbox.add(mailbox_id, r, "", 1);  // no Message-ID: every message is kept and filed
      auto outcome = filer.file_next();
      if (outcome && outcome->result == "filed") ++filed;
    }
    file_s = std::chrono::duration<double>(Clock::now() - start).count();
  }
  fs::remove_all(dir);

  const double stored_rate = messages / file_s;
  const double read_rate = messages / read_s;
  std::printf("messages %d (%.1f KB each on average), filed %d\n", messages,
              static_cast<double>(bytes) / messages / 1024.0, filed);
  std::printf("read, threaded and stored: %.0f msgs/s (%.2f s)\n", stored_rate, file_s);
  std::printf("baseline, read only:       %.0f msgs/s (%.2f s); storing runs at %.3fx of it\n",
              read_rate, read_s, stored_rate / read_rate);
  std::printf(
      "{\"mail_messages\":%d,\"mail_filed\":%d,\"mail_inbound_msgs_per_s\":%.0f,"
      "\"mail_read_only_msgs_per_s\":%.0f,\"mail_inbound_to_read_ratio\":%.3f,"
      "\"mail_text_bytes\":%zu}\n",
      messages, filed, stored_rate, read_rate, stored_rate / read_rate, text_bytes);
  return filed == messages ? 0 : 1;
}
