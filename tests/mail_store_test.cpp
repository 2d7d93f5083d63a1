#include <algorithm>
#include <catch2/catch.hpp>

#include "server/mail/mail_bytes.hpp"
#include "server/mail/sqlite_mail_attachment_shelf.hpp"
#include "server/mail/sqlite_mail_inbox.hpp"
#include "server/mail/sqlite_mail_outbox.hpp"
#include "server/mail/sqlite_mail_threads.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/sql_backend.hpp"

// The e-mail channel's stores (server/mail/sqlite_*) on the neutral SQL layer, run on SQLite and
// (label postgresql, KEFU_TEST_STORE=postgresql) on PostgreSQL. Several workers sharing one
// database: mail_cluster_test.cpp.

using namespace kefu;
using kefu::testing::MigratedDatabase;

namespace {

using namespace std::string_literals;

// Bytes that are not text: NUL, 8-bit, a backslash (PostgreSQL's bytea escape) and CRLF.
const std::string kRawBytes =
    "From: a@x.example\r\nSubject: \xff\xfe\\x41\r\n\r\n\0\x80\x81 body\\\\ \xe4\xb8\xad"s;

mail::Mailbox support_box() {
  mail::Mailbox box;
  box.name = "support";
  box.address = "support@tea.example";
  box.display_name = "Tea Shop";
  box.queue = "tickets";
  box.smtp_url = "smtp://127.0.0.1:2525";
  box.security = "none";
  box.login = "shop";
  box.sealed_password = "\0\x01\xff sealed\\"s;
  box.created_at = box.updated_at = 1000;
  return box;
}

std::int64_t count(MigratedDatabase& db, const std::string& table) {
  return db.integer("SELECT COUNT(*) FROM " + table);
}

mail::OutboxEntry reply(std::int64_t conversation, std::int64_t seq, std::int64_t mailbox,
                        std::int64_t at) {
  mail::OutboxEntry e;
  e.conversation_id = conversation;
  e.seq = seq;
  e.mailbox_id = mailbox;
  e.recipient = "ann@example.com";
  e.message_id = "kefu." + std::to_string(conversation) + "." + std::to_string(seq) + "@tea";
  e.raw = kRawBytes + std::to_string(seq);
  e.created_at = e.next_attempt_at = at;
  return e;
}

}  // namespace

TEST_CASE("mailboxes keep every field and their sealed password's bytes", "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto id = mailboxes.add(support_box());
  auto found = mailboxes.find(id);
  REQUIRE(found);
  CHECK(found->name == "support");
  CHECK(found->display_name == "Tea Shop");
  CHECK(found->security == "none");
  CHECK(found->imap_folder == "INBOX");
  CHECK(found->sealed_password == support_box().sealed_password);
  CHECK(found->created_at == 1000);
  CHECK(mailboxes.find_by_name("support")->id == id);
  CHECK_FALSE(mailboxes.find_by_name("Support"));
  CHECK_FALSE(mailboxes.find(id + 100));

  auto other = support_box();
  other.name = "orders";
  other.sealed_password.clear();
  const auto other_id = mailboxes.add(other);
  CHECK(mailboxes.find(other_id)->sealed_password.empty());
  CHECK(db.integer("SELECT COUNT(*) FROM mailboxes WHERE sealed_password IS NULL") == 1);
  const auto all = mailboxes.list();
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "orders");  // by name
  CHECK(all[1].name == "support");

  other.id = other_id;
  other.address = "orders@tea.example";
  other.updated_at = 2000;
  CHECK(mailboxes.update(other));
  CHECK(mailboxes.find(other_id)->address == "orders@tea.example");
  CHECK(mailboxes.find(other_id)->created_at == 1000);
  other.id = other_id + 100;
  other.name = "nobody";
  CHECK_FALSE(mailboxes.update(other));
  CHECK(count(db, "mailboxes") == 2);
}

TEST_CASE("a mailbox name taken is refused and nothing changes", "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto id = mailboxes.add(support_box());
  auto orders = support_box();
  orders.name = "orders";
  const auto orders_id = mailboxes.add(orders);
  CHECK_THROWS_AS(mailboxes.add(support_box()), mail::MailboxNameTaken);
  orders.id = orders_id;
  orders.name = "support";
  orders.address = "changed@tea.example";
  CHECK_THROWS_AS(mailboxes.update(orders), mail::MailboxNameTaken);
  CHECK(count(db, "mailboxes") == 2);
  CHECK(mailboxes.find(orders_id)->name == "orders");
  CHECK(mailboxes.find(orders_id)->address == "support@tea.example");
  CHECK(mailboxes.find(id)->name == "support");
}

TEST_CASE("the inbox keeps a message's bytes and each Message-ID once per mailbox",
          "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto box = mailboxes.add(support_box());
  auto orders = support_box();
  orders.name = "orders";
  const auto other_box = mailboxes.add(orders);
  mail::SqliteMailInbox inbox(db);

  const auto first = inbox.add(box, kRawBytes, "m1@x.example", 10);
  REQUIRE(first);
  // The same message again (a mail server's retry, another node): nothing changes.
  CHECK_FALSE(inbox.add(box, "another body", "m1@x.example", 11));
  CHECK(inbox.waiting() == 1);
  CHECK(count(db, "mail_received") == 1);
  // Another mailbox may receive it too; a message without Message-ID is always kept.
  CHECK(inbox.add(other_box, kRawBytes, "m1@x.example", 12));
  CHECK(inbox.add(box, "no id 1", "", 13));
  CHECK(inbox.add(box, "no id 2", "", 14));
  CHECK(inbox.waiting() == 4);

  const auto taken = inbox.take_next(20, "node-a", 1000);
  REQUIRE(taken);
  CHECK(taken->id == *first);
  CHECK(taken->mailbox_id == box);
  CHECK(taken->raw == kRawBytes);
  CHECK(taken->source == "pipe");
  CHECK(taken->received_at == 10);

  // Set aside: the entry leaves with its bytes kept beside the reason.
  inbox.set_aside(taken->id, box, "loop", "a@x.example", "Hi", 30);
  CHECK(inbox.waiting() == 3);
  mail::MailBytes bytes(db.connection());
  sql::Statement aside(db,
                       "SELECT reason, sender, " + bytes.column("raw") + " FROM mail_set_aside");
  REQUIRE(aside.step());
  CHECK(aside.column(0).text() == "loop");
  CHECK(aside.column(1).text() == "a@x.example");
  CHECK(bytes.of(aside.column(2)) == kRawBytes);
  // Received once, set aside: the same Message-ID piped again is still not kept.
  CHECK_FALSE(inbox.add(box, kRawBytes, "m1@x.example", 40));
  CHECK(inbox.waiting() == 3);
}

TEST_CASE("an IMAP message is kept once by UID and by Message-ID", "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto box = mailboxes.add(support_box());
  mail::SqliteMailInbox inbox(db);

  inbox.begin_imap_fetch(box, 7, 101, 10);
  inbox.begin_imap_fetch(box, 7, 101, 11);  // noted twice: nothing changes
  inbox.begin_imap_fetch(box, 7, 102, 12);
  CHECK(inbox.pending_imap(box, 7) == std::vector<std::int64_t>{101, 102});
  CHECK(inbox.pending_imap(box, 8).empty());
  CHECK_FALSE(inbox.taken_from_imap(box, 7, 101));

  CHECK(inbox.add_from_imap(box, 7, 101, kRawBytes, "i1@x.example", 20));
  CHECK(inbox.taken_from_imap(box, 7, 101));
  CHECK(inbox.pending_imap(box, 7) == std::vector<std::int64_t>{102});
  // The same UID again: refused, nothing changes.
  CHECK_FALSE(inbox.add_from_imap(box, 7, 101, "other", "i9@x.example", 21));
  // Another UID holding a message already received (piped, or copied into the folder twice):
  // the UID is kept, the message is not kept again.
  CHECK_FALSE(inbox.add_from_imap(box, 7, 102, kRawBytes, "i1@x.example", 22));
  CHECK(inbox.taken_from_imap(box, 7, 102));
  CHECK(inbox.pending_imap(box, 7).empty());
  CHECK(inbox.waiting() == 1);
  CHECK(count(db, "mail_received") == 1);
  // A new UIDVALIDITY is another folder.
  CHECK(inbox.add_from_imap(box, 8, 101, "From: b@x.example\r\n\r\nnew", "", 23));
  CHECK(inbox.waiting() == 2);

  const auto taken = inbox.take_next(30, "node-a", 1000);
  REQUIRE(taken);
  CHECK(taken->source == "imap");
  CHECK(taken->raw == kRawBytes);
}

TEST_CASE("an inbox entry is held by one worker until its lease ends", "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto box = mailboxes.add(support_box());
  mail::SqliteMailInbox inbox(db);
  const auto first = *inbox.add(box, "one", "", 1);
  const auto second = *inbox.add(box, "two", "", 2);

  CHECK(inbox.take_next(100, "node-a", 1000)->id == first);
  CHECK(inbox.take_next(100, "node-b", 1000)->id == second);  // not a's
  CHECK_FALSE(inbox.take_next(100, "node-c", 1000));
  // A worker takes its own entry again (its filing is to be retried, or it restarted).
  CHECK(inbox.take_next(200, "node-a", 1000)->id == first);
  // Past the lease, another worker takes it (node-a stopped); a's claim is then gone.
  CHECK(inbox.take_next(1200, "node-c", 1000)->id == first);
  CHECK(db.integer("SELECT lease_until FROM mail_inbox WHERE id = " + std::to_string(first)) ==
        2200);
  CHECK(inbox.take_next(1300, "node-a", 1000)->id == second);  // b's lease ended at 1100
  CHECK_FALSE(inbox.take_next(1300, "node-b", 1000));
}

TEST_CASE("threads keep tokens, Message-IDs, senders and bounces", "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto box = mailboxes.add(support_box());
  mail::SqliteMailInbox inbox(db);
  mail::SqliteMailThreads threads(db);

  const auto entry = *inbox.add(box, kRawBytes, "in-1@x.example", 5);
  mail::Filing filing;
  filing.inbox_entry_id = entry;
  filing.thread = mail::MailThread{41, box, "kf-token", "ann@example.com", "Tea", 1};
  filing.message_id = "in-1@x.example";
  filing.sender_key = "ann@example.com";
  filing.customer_id = 9;
  filing.at = 100;
  threads.record_filing(filing);
  CHECK(inbox.waiting() == 0);
  CHECK(threads.thread_of(41)->token == "kf-token");
  CHECK(threads.thread_by_token("kf-token")->conversation_id == 41);
  CHECK_FALSE(threads.thread_by_token("kf-other"));
  CHECK(threads.customer_of_sender("ann@example.com") == 9);
  CHECK_FALSE(threads.customer_of_sender("bob@example.com"));
  CHECK(threads.conversation_of_message_ids({"nope", "in-1@x.example"}) == 41);
  CHECK_FALSE(threads.conversation_of_message_ids({"nope"}));

  // Recorded again (a retry after a crash): the thread and the Message-ID stay as they were.
  filing.thread.token = "kf-second";
  filing.at = 150;
  threads.record_filing(filing);
  CHECK(threads.thread_of(41)->token == "kf-token");
  CHECK(count(db, "mail_threads") == 1);
  CHECK(count(db, "mail_message_ids") == 1);

  // Replies' Message-IDs join the conversation's, oldest first, the last `limit` of them.
  mail::SqliteMailOutbox outbox(db);
  outbox.queue(41, 2, reply(41, 2, box, 200));
  outbox.queue(41, 3, reply(41, 3, box, 200));  // the same millisecond: in the order stored
  CHECK(threads.message_ids_of(41, 10) ==
        std::vector<std::string>{"in-1@x.example", "kefu.41.2@tea", "kefu.41.3@tea"});
  CHECK(threads.message_ids_of(41, 2) ==
        std::vector<std::string>{"kefu.41.2@tea", "kefu.41.3@tea"});
  CHECK(threads.thread_of(41)->queued_through_seq == 3);
  outbox.queue(41, 2, std::nullopt);  // never back
  CHECK(threads.thread_of(41)->queued_through_seq == 3);

  // A sender's volume in windows.
  CHECK(threads.note_sender_message("ann@example.com", 1000, 500) == 1);  // window restarts
  CHECK(threads.note_sender_message("ann@example.com", 1100, 500) == 2);
  CHECK(threads.note_sender_message("ann@example.com", 1400, 500) == 3);
  CHECK(threads.note_sender_message("ann@example.com", 1600, 500) == 1);
  CHECK(threads.note_sender_message("new@example.com", 1600, 500) == 1);
  CHECK_FALSE(threads.customer_of_sender("new@example.com"));

  // A thread started for a ticket; starting it again changes nothing.
  threads.start_thread(mail::MailThread{42, box, "kf-ticket", "bob@example.com", "Form", 1});
  threads.start_thread(mail::MailThread{42, box, "kf-again", "eve@example.com", "Again", 5});
  CHECK(threads.thread_of(42)->address == "bob@example.com");
  CHECK(threads.thread_of(42)->queued_through_seq == 1);

  threads.mark_bounced("bob@example.com", "Bob@example.com", "bounced (5.1.1)", 10);
  threads.mark_bounced("bob@example.com", "Bob@example.com", "bounced (5.2.2)", 20);
  CHECK(threads.bounce_of("bob@example.com") == "bounced (5.2.2)");
  CHECK(count(db, "mail_bounces") == 1);
  threads.clear_bounce("bob@example.com");
  CHECK_FALSE(threads.bounce_of("bob@example.com"));
}

TEST_CASE("threads behind are those with agent messages the outbox has not taken", "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto box = mailboxes.add(support_box());
  db.exec(
      "INSERT INTO customers(id, display_name, created_at) VALUES (1, 'Ann', 1);"
      "INSERT INTO conversations(id, customer_id, channel, status, queue, created_at, queued_at, "
      "updated_at) VALUES (51, 1, 'ticket', 'assigned', 'tickets', 1, 1, 1), "
      "(52, 1, 'ticket', 'assigned', 'tickets', 1, 1, 1);"
      "INSERT INTO messages(conversation_id, seq, author_kind, author_id, client_id, body, "
      "created_at) VALUES (51, 1, 'customer', 1, 'c1', 'hi', 1), (51, 2, 'agent', 2, 'a1', "
      "'hello', 2), (52, 1, 'customer', 1, 'c2', 'hi', 1), (52, 2, 'customer', 1, 'c3', 'hi', 2)");
  mail::SqliteMailThreads threads(db);
  threads.start_thread(mail::MailThread{51, box, "kf-51", "ann@example.com", "A", 1});
  threads.start_thread(mail::MailThread{52, box, "kf-52", "ann@example.com", "B", 1});
  const auto behind = threads.threads_behind(10);
  REQUIRE(behind.size() == 1);
  CHECK(behind[0].conversation_id == 51);
  mail::SqliteMailOutbox(db).queue(51, 2, std::nullopt);
  CHECK(threads.threads_behind(10).empty());
}

TEST_CASE("the outbox queues each reply once and follows its delivery", "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto box = mailboxes.add(support_box());
  mail::SqliteMailThreads threads(db);
  threads.start_thread(mail::MailThread{61, box, "kf-61", "ann@example.com", "A", 0});
  mail::SqliteMailOutbox outbox(db);

  outbox.queue(61, 1, reply(61, 1, box, 100));
  auto again = reply(61, 1, box, 150);
  again.message_id = "kefu.other@tea";
  outbox.queue(61, 1, again);  // composed twice (two nodes): the first stays
  CHECK(count(db, "mail_outbox") == 1);
  CHECK(count(db, "mail_message_ids") == 1);
  auto failed = reply(61, 2, box, 100);
  failed.state = "failed";
  failed.error = "the mailbox has no SMTP server";
  outbox.queue(61, 2, failed);

  CHECK(outbox.due(99, 10).empty());
  auto due = outbox.due(100, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].raw == kRawBytes + "1");
  CHECK(due[0].message_id == "kefu.61.1@tea");

  auto claimed = outbox.claim_next(100, "node-a", 1000);
  REQUIRE(claimed);
  CHECK(claimed->id == due[0].id);
  CHECK(claimed->state == "sending");
  CHECK(claimed->attempts == 1);
  CHECK(claimed->raw == kRawBytes + "1");
  CHECK_FALSE(outbox.claim_next(100, "node-b", 1000));
  CHECK_FALSE(outbox.claim(claimed->id, 100));

  outbox.retry_later(claimed->id, 500, "451 try later", 110);
  CHECK(outbox.find(claimed->id)->state == "queued");
  CHECK(outbox.find(claimed->id)->error == "451 try later");
  CHECK_FALSE(outbox.claim_next(499, "node-a", 1000));
  CHECK(outbox.claim(claimed->id, 500));
  CHECK(outbox.find(claimed->id)->attempts == 2);
  outbox.mark_sent(claimed->id, 510);
  CHECK(outbox.find(claimed->id)->state == "sent");
  CHECK(outbox.find(claimed->id)->error.empty());

  const auto replies = outbox.of_conversation(61);
  REQUIRE(replies.size() == 2);
  CHECK(replies[0].seq == 1);
  CHECK(replies[0].raw.empty());
  CHECK(replies[1].state == "failed");
  CHECK(replies[1].error == "the mailbox has no SMTP server");

  // Sending again is only for an uncertain reply.
  CHECK_FALSE(outbox.send_again(61, 1, 600));
  outbox.mark_uncertain(replies[1].id, "connection lost", 600);
  CHECK(outbox.send_again(61, 2, 700));
  CHECK(outbox.find(replies[1].id)->state == "queued");
  CHECK(outbox.find(replies[1].id)->next_attempt_at == 700);
  CHECK_FALSE(outbox.send_again(61, 2, 700));
  CHECK_FALSE(outbox.send_again(61, 9, 700));
  outbox.mark_failed(replies[1].id, "550 no such user", 710);
  CHECK(outbox.find(replies[1].id)->state == "failed");
  CHECK_FALSE(outbox.find(9999));
}

TEST_CASE(
    "a reply left sending becomes uncertain: at once for its worker, after the lease for "
    "others",
    "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto box = mailboxes.add(support_box());
  mail::SqliteMailOutbox outbox(db);
  for (int seq = 1; seq <= 3; ++seq) outbox.queue(71, seq, reply(71, seq, box, 100));
  const auto a = outbox.claim_next(100, "node-a", 1000);
  const auto b = outbox.claim_next(100, "node-b", 1000);
  REQUIRE(a);
  REQUIRE(b);

  // node-b, between its sends: a's claim is in its lease, its own are settled.
  auto settled = outbox.settle_abandoned(500, "node-b");
  REQUIRE(settled.size() == 1);
  CHECK(settled[0].id == b->id);
  CHECK(outbox.find(a->id)->state == "sending");
  CHECK(outbox.find(b->id)->state == "uncertain");
  CHECK(outbox.find(b->id)->error.find("may have arrived") != std::string::npos);
  // node-a stopped: past its lease, node-b settles it; it is never claimed again by itself.
  CHECK(outbox.settle_abandoned(1100, "node-b").empty());  // the lease ends at 1100
  settled = outbox.settle_abandoned(1101, "node-b");
  REQUIRE(settled.size() == 1);
  CHECK(settled[0].id == a->id);
  CHECK(outbox.find(a->id)->state == "uncertain");
  CHECK(outbox.find(a->id)->attempts == 1);
  const auto third = outbox.claim_next(1200, "node-b", 1000);
  REQUIRE(third);
  CHECK(third->seq == 3);
  CHECK_FALSE(outbox.claim_next(1200, "node-b", 1000));

  // The only node restarting settles every entry left sending.
  settled = outbox.settle_interrupted(1300);
  REQUIRE(settled.size() == 1);
  CHECK(settled[0].id == third->id);
  CHECK(db.integer("SELECT COUNT(*) FROM mail_outbox WHERE state = 'uncertain'") == 3);
}

TEST_CASE("the attachment shelf keeps and forgets customers' attachments", "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailAttachmentShelf shelf(db);
  const auto first = shelf.keep(mail::ShelvedAttachment{
      0, 81, 7, "a.exe", "application/x-msdownload", 10, "key-1", "type_not_accepted", 100});
  const auto second = shelf.keep(mail::ShelvedAttachment{0, 81, 8, "big.zip", "application/zip", 99,
                                                         "key-2", "too_large", 101});
  shelf.keep(mail::ShelvedAttachment{0, 82, 7, "b.exe", "application/x-msdownload", 10, "key-3",
                                     "type_not_accepted", 102});
  CHECK(second > first);
  const auto kept = shelf.of_conversation(81);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].id == first);
  CHECK(kept[0].name == "a.exe");
  CHECK(kept[0].declared_type == "application/x-msdownload");
  CHECK(kept[0].size == 10);
  CHECK(kept[0].file_key == "key-1");
  CHECK(kept[0].reason == "type_not_accepted");
  CHECK(kept[0].at == 100);
  CHECK(kept[1].customer_id == 8);

  auto keys = shelf.forget_customers({7, 70});
  std::sort(keys.begin(), keys.end());
  CHECK(keys == std::vector<std::string>{"key-1", "key-3"});
  CHECK(shelf.of_conversation(82).empty());
  CHECK(shelf.of_conversation(81).size() == 1);
  CHECK(shelf.forget_customers({7}).empty());
}

TEST_CASE("erasure forgets the customers' mail addresses, subjects, replies and senders only",
          "[mail_store]") {
  MigratedDatabase db;
  mail::SqliteMailboxes mailboxes(db);
  const auto box = mailboxes.add(support_box());
  db.exec(
      "INSERT INTO customers(id, display_name, created_at) VALUES (1, 'Ann', 1), (2, 'Bo', 1);"
      "INSERT INTO conversations(id, customer_id, channel, status, queue, created_at, queued_at, "
      "updated_at) VALUES (61, 1, 'email', 'assigned', 'tickets', 1, 1, 1), "
      "(62, 2, 'email', 'assigned', 'tickets', 1, 1, 1)");
  mail::SqliteMailThreads threads(db);
  mail::SqliteMailOutbox outbox(db);
  threads.start_thread(mail::MailThread{61, box, "kf-61", "ann@example.com", "Ann's teapot", 1});
  threads.start_thread(mail::MailThread{62, box, "kf-62", "bo@example.com", "Bo's order", 1});
  outbox.queue(61, 2, reply(61, 2, box, 200));
  auto to_bo = reply(62, 2, box, 200);
  to_bo.recipient = "bo@example.com";
  outbox.queue(62, 2, to_bo);
  for (const auto& [key, customer] : std::vector<std::pair<std::string, std::int64_t>>{
           {"ann@example.com", 1}, {"bo@example.com", 2}}) {
    db.exec("INSERT INTO mail_senders(match_key, customer_id, last_at, recent_since) VALUES ('" +
            key + "', " + std::to_string(customer) + ", 1, 1)");
    threads.mark_bounced(key, key, "bounced (5.1.1)", 10);
  }
  auto bos = [&] {
    return threads.thread_of(62)->address + threads.thread_of(62)->subject +
           std::to_string(count(db, "mail_outbox WHERE conversation_id = 62")) +
           std::to_string(count(db, "mail_senders WHERE customer_id = 2")) +
           threads.bounce_of("bo@example.com").value_or("-");
  };
  const std::string bo_before = bos();

  for (int round = 0; round < 2; ++round) threads.forget_customers({1});  // twice: harmless
  const auto ann = threads.thread_of(61);
  REQUIRE(ann);
  CHECK(ann->token == "kf-61");
  CHECK(ann->address.empty());
  CHECK(ann->subject.empty());
  CHECK(count(db, "mail_outbox WHERE conversation_id = 61") == 0);
  CHECK(count(db, "mail_senders WHERE customer_id = 1") == 0);
  CHECK_FALSE(threads.bounce_of("ann@example.com"));
  CHECK(count(db, "mail_outbox WHERE recipient = 'ann@example.com'") == 0);
  CHECK(bos() == bo_before);
  CHECK(bo_before == "bo@example.comBo's order11bounced (5.1.1)");
}
