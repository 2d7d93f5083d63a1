#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "server/mail/mail_filer.hpp"
#include "server/mail/sqlite_mail_inbox.hpp"
#include "server/mail/sqlite_mail_outbox.hpp"
#include "server/mail/sqlite_mail_threads.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/sql_backend.hpp"

// Mail on several nodes sharing one database (issue 19; docs/deploying.md, "Losing a
// component"): two mail workers, each on its own connection and thread, as two nodes' mail
// threads are. Run on PostgreSQL (label postgresql), where the nodes share it, and on SQLite.

using namespace kefu;

namespace {

// One database and a connection per worker.
struct SharedDatabase {
  testing::SqlBackend backend;
  std::unique_ptr<sql::Connection> setup = backend.open();

  SharedDatabase() {
    if (auto* sqlite = sql::as_sqlite(*setup)) {
      sqlite->exec("PRAGMA journal_mode = WAL");  // as `kefu migrate` and the server leave it
      store::migrate(sqlite->database());
    }
  }
  std::int64_t integer(const std::string& query) {
    sql::Statement s(*setup, query);
    REQUIRE(s.step());
    return s.column(0).int64();
  }
};

std::int64_t add_mailbox(sql::Connection& db) {
  mail::Mailbox box;
  box.name = "support";
  box.address = "support@tea.example";
  box.queue = "tickets";
  box.created_at = box.updated_at = 1;
  return mail::SqliteMailboxes(db).add(box);
}

std::string message(int n) {
  const std::string id = "m" + std::to_string(n) + "@customer.example";
  return "From: Customer " + std::to_string(n) + " <c" + std::to_string(n % 5) +
         "@customer.example>\r\nTo: support@tea.example\r\nSubject: Order " + std::to_string(n) +
         "\r\nMessage-ID: <" + id +
         ">\r\nDate: Mon, 7 Dec 2026 06:00:00 +0000\r\n\r\nWhere is "
         "my order " +
         std::to_string(n) + "?\r\n";
}

// The desk as the tests see it: every arrival handed over, counted by its client id (one per
// Message-ID), each a conversation of its own; shared by the workers, as the one desk is.
class CountingDesk final : public mail::FilingDesk {
 public:
  std::int64_t new_customer(const std::string&, const std::string&) override {
    std::lock_guard lock(mutex_);
    return ++customers_;
  }
  EmailFiled file(EmailArrival arrival) override {
    std::lock_guard lock(mutex_);
    EmailFiled filed;
    filed.ok = true;
    filed.conversation_id = 1000 + static_cast<std::int64_t>(filed_.size());
    filed.seq = 1;
    filed.opened = true;
    ++filed_[arrival.client_id];
    return filed;
  }
  void keep_attachments(std::int64_t, std::int64_t,
                        const std::vector<mail::SortedAttachment>&) override {}

  std::map<std::string, int> filed() {
    std::lock_guard lock(mutex_);
    return filed_;
  }

 private:
  std::mutex mutex_;
  std::int64_t customers_ = 0;
  std::map<std::string, int> filed_;
};

}  // namespace

TEST_CASE("two mail workers on one database send each reply once", "[mail_cluster]") {
  SharedDatabase db;
  const auto box = add_mailbox(*db.setup);
  constexpr int kReplies = 120;
  {
    mail::SqliteMailOutbox outbox(*db.setup);
    for (int seq = 1; seq <= kReplies; ++seq) {
      mail::OutboxEntry e;
      e.conversation_id = 1 + seq % 7;
      e.seq = seq;
      e.mailbox_id = box;
      e.recipient = "ann@example.com";
      e.message_id = "kefu." + std::to_string(seq) + "@tea.example";
      e.raw = "reply " + std::to_string(seq);
      e.created_at = e.next_attempt_at = 10;
      outbox.queue(e.conversation_id, seq, e);
    }
  }

  // Each worker claims, "sends" (notes the Message-ID) and marks sent until nothing is due.
  std::mutex mutex;
  std::map<std::string, std::vector<std::string>> sent_by;  // Message-ID -> workers
  auto worker = [&](const std::string& name) {
    auto connection = db.backend.open();
    mail::SqliteMailOutbox outbox(*connection);
    std::int64_t now = 100;
    while (auto claimed = outbox.claim_next(now, name, mail::MailOutbox::kLeaseMs)) {
      {
        std::lock_guard lock(mutex);
        sent_by[claimed->message_id].push_back(name);
      }
      outbox.mark_sent(claimed->id, ++now);
    }
  };
  std::thread a(worker, "node-a");
  std::thread b(worker, "node-b");
  a.join();
  b.join();

  REQUIRE(sent_by.size() == kReplies);
  std::set<std::string> workers;
  for (const auto& [id, by] : sent_by) {
    INFO(id);
    CHECK(by.size() == 1);
    workers.insert(by.front());
  }
  CHECK(db.integer("SELECT COUNT(*) FROM mail_outbox WHERE state = 'sent' AND attempts = 1") ==
        kReplies);
  // Both took part when they ran at once (a worker may also have drained it alone: no check).
  INFO("workers that sent: " << workers.size());
}

TEST_CASE("two mail workers on one database file each received message once", "[mail_cluster]") {
  SharedDatabase db;
  const auto box = add_mailbox(*db.setup);
  constexpr int kMessages = 30;
  CountingDesk desk;

  // Both nodes take in every message (both polled the IMAP folder, or the mail server piped
  // it to each), then file the inbox at the same time.
  std::mutex mutex;
  std::map<std::string, int> kept;  // worker -> messages it kept
  auto take_in = [&](const std::string& name) {
    auto connection = db.backend.open();
    mail::SqliteMailInbox inbox(*connection);
    int mine = 0;
    for (int n = 0; n < kMessages; ++n) {
      const std::string id = "m" + std::to_string(n) + "@customer.example";
      if (n % 2 == 0) {
        if (inbox.add(box, message(n), id, 20)) ++mine;
      } else {
        inbox.begin_imap_fetch(box, 1, n, 20);
        if (inbox.add_from_imap(box, 1, n, message(n), id, 20)) ++mine;
      }
    }
    std::lock_guard lock(mutex);
    kept[name] = mine;
  };
  std::map<std::string, int> filed_by;  // worker -> entries it filed
  auto file = [&](const std::string& name) {
    auto connection = db.backend.open();
    mail::SqliteMailInbox inbox(*connection);
    mail::SqliteMailThreads threads(*connection);
    mail::SqliteMailOutbox outbox(*connection);
    mail::MailFiler filer(
        inbox, threads, outbox, desk, [] { return std::int64_t{100}; }, 1 << 20, name);
    int mine = 0;
    while (auto outcome = filer.file_next()) {
      if (outcome->result != "filed") break;  // checked below: every message filed
      ++mine;
    }
    std::lock_guard lock(mutex);
    filed_by[name] = mine;
  };
  {
    std::thread a(take_in, "node-a");
    std::thread b(take_in, "node-b");
    a.join();
    b.join();
  }
  CHECK(kept["node-a"] + kept["node-b"] == kMessages);
  CHECK(db.integer("SELECT COUNT(*) FROM mail_inbox") == kMessages);
  CHECK(db.integer("SELECT COUNT(*) FROM mail_received") == kMessages);
  {
    std::thread a(file, "node-a");
    std::thread b(file, "node-b");
    a.join();
    b.join();
  }
  CHECK(filed_by["node-a"] + filed_by["node-b"] == kMessages);
  const auto filed = desk.filed();
  CHECK(filed.size() == kMessages);
  for (const auto& [client_id, times] : filed) {
    INFO(client_id);
    CHECK(times == 1);
  }
  CHECK(db.integer("SELECT COUNT(*) FROM mail_inbox") == 0);
  CHECK(db.integer("SELECT COUNT(*) FROM mail_message_ids WHERE direction = 'in'") == kMessages);

  // Delivered once more after filing (a retry by the mail server): not kept, not filed.
  auto connection = db.backend.open();
  mail::SqliteMailInbox inbox(*connection);
  CHECK_FALSE(inbox.add(box, message(0), "m0@customer.example", 200));
  CHECK_FALSE(inbox.add_from_imap(box, 1, 1, message(1), "m1@customer.example", 200));
  CHECK(db.integer("SELECT COUNT(*) FROM mail_inbox") == 0);
}

TEST_CASE("a node that stopped while filing leaves its entry to another after the lease",
          "[mail_cluster]") {
  SharedDatabase db;
  const auto box = add_mailbox(*db.setup);
  auto a_db = db.backend.open();
  auto b_db = db.backend.open();
  mail::SqliteMailInbox a_inbox(*a_db);
  mail::SqliteMailInbox b_inbox(*b_db);
  REQUIRE(a_inbox.add(box, message(1), "m1@customer.example", 10));
  // node-a claims it and stops before filing it.
  REQUIRE(a_inbox.take_next(100, "node-a", mail::MailInbox::kLeaseMs));
  CHECK_FALSE(
      b_inbox.take_next(100 + mail::MailInbox::kLeaseMs - 1, "node-b", mail::MailInbox::kLeaseMs));
  CountingDesk desk;
  mail::SqliteMailThreads threads(*b_db);
  mail::SqliteMailOutbox outbox(*b_db);
  std::int64_t now = 100 + mail::MailInbox::kLeaseMs;
  mail::MailFiler filer(
      b_inbox, threads, outbox, desk, [&] { return now; }, 1 << 20, "node-b");
  const auto outcome = filer.file_next();
  REQUIRE(outcome);
  CHECK(outcome->result == "filed");
  CHECK(desk.filed().size() == 1);
  CHECK_FALSE(filer.file_next());
}
