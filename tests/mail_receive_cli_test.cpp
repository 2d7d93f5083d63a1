// `kefu mail receive` (server/cli/mail_command.cpp), the program a mail server pipes each message
// into, on the SQLite file (--db) and on PostgreSQL (--store, label postgresql): the message is
// kept once per (mailbox, Message-ID), and refused input changes nothing.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "server/mail/sqlite_mail_inbox.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/sql_backend.hpp"

using namespace kefu;

namespace {

struct Outcome {
  int status = -1;
  std::string output;  // standard output and error
};

// A database on the tested engine with the schema and the mailbox "support".
struct ShopDatabase {
  testing::SqlBackend backend;
  std::unique_ptr<sql::Connection> db = backend.open();
  std::string folder =
      std::filesystem::temp_directory_path() / ("kefu-mail-cli-" + std::to_string(::getpid()));

  ShopDatabase() {
    if (auto* sqlite = sql::as_sqlite(*db)) {
      sqlite->exec("PRAGMA journal_mode = WAL");
      store::migrate(sqlite->database());
    }
    mail::Mailbox box;
    box.name = "support";
    box.address = "support@tea.example";
    box.queue = "tickets";
    box.created_at = box.updated_at = 1;
    mail::SqliteMailboxes(*db).add(box);
    std::filesystem::create_directories(folder);
  }
  ~ShopDatabase() {
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }

  // `kefu mail receive` with `message` on its standard input.
  Outcome receive(const std::string& mailbox, const std::string& message) {
    const std::string file = folder + "/message.eml";
    std::ofstream(file, std::ios::binary) << message;
    const std::string where = backend.postgres() ? "--store '" + backend.location() + "'"
                                                 : "--db '" + backend.location() + "'";
    return run(std::string(KEFU_BIN) + " mail receive " + where + " --mailbox '" + mailbox +
               "' < '" + file + "' 2>&1");
  }

  static Outcome run(const std::string& command) {
    Outcome out;
    FILE* p = popen(command.c_str(), "r");
    REQUIRE(p != nullptr);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) out.output.append(buffer, n);
    const int status = pclose(p);
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
  }

  std::int64_t integer(const std::string& query) {
    sql::Statement s(*db, query);
    REQUIRE(s.step());
    return s.column(0).int64();
  }
};

std::string order_mail(const std::string& message_id, const std::string& text) {
  return "From: Ann <ann@example.com>\r\nTo: support@tea.example\r\nSubject: Late parcel\r\n"
         "Message-ID: <" +
         message_id + ">\r\n\r\n" + text + "\r\n";
}

}  // namespace

TEST_CASE("kefu mail receive keeps a message once per mailbox", "[mail_receive]") {
  ShopDatabase shop;
  const auto first = shop.receive("support", order_mail("p1@example.com", "Where is it?"));
  INFO(first.output);
  REQUIRE(first.status == 0);
  CHECK(first.output.find("kept as inbox entry") != std::string::npos);
  CHECK(shop.integer("SELECT COUNT(*) FROM mail_inbox") == 1);
  CHECK(shop.integer("SELECT COUNT(*) FROM mail_received WHERE message_id = 'p1@example.com'") ==
        1);
  // The bytes as piped.
  mail::SqliteMailInbox inbox(*shop.db);
  const auto entry = inbox.take_next(1, "test", 1000);
  REQUIRE(entry);
  CHECK(entry->raw == order_mail("p1@example.com", "Where is it?"));
  CHECK(entry->source == "pipe");

  // The mail server delivers it again (it timed out waiting, another node took it too).
  const auto again = shop.receive("support", order_mail("p1@example.com", "Where is it?"));
  INFO(again.output);
  CHECK(again.status == 0);
  CHECK(again.output.find("already received") != std::string::npos);
  CHECK(shop.integer("SELECT COUNT(*) FROM mail_inbox") == 1);

  // Another message is kept.
  CHECK(shop.receive("support", order_mail("p2@example.com", "Any news?")).status == 0);
  CHECK(shop.integer("SELECT COUNT(*) FROM mail_inbox") == 2);
}

TEST_CASE("kefu mail receive refuses what it cannot keep and nothing changes", "[mail_receive]") {
  ShopDatabase shop;
  // No such mailbox: 67, the mail server bounces it.
  const auto unknown = shop.receive("sales", order_mail("p3@example.com", "Hello"));
  CHECK(unknown.status == 67);
  CHECK(unknown.output.find("no mailbox called sales") != std::string::npos);
  // Not a message Kefu reads (no sender): 65.
  CHECK(shop.receive("support", "Subject: nobody\r\n\r\nHi\r\n").status == 65);
  CHECK(shop.integer("SELECT COUNT(*) FROM mail_inbox") == 0);
  CHECK(shop.integer("SELECT COUNT(*) FROM mail_received") == 0);
  // The refused message was not noted as received: sent to the right mailbox later, it is kept.
  CHECK(shop.receive("support", order_mail("p3@example.com", "Hello")).status == 0);
  CHECK(shop.integer("SELECT COUNT(*) FROM mail_inbox") == 1);

  // --store takes only a PostgreSQL URI.
  const auto wrong = ShopDatabase::run(std::string(KEFU_BIN) +
                                       " mail receive --store kefu.db --mailbox support "
                                       "< /dev/null 2>&1");
  CHECK(wrong.status == 2);
  CHECK(wrong.output.find("postgresql://") != std::string::npos);
}
