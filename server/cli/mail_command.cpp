#include <chrono>
#include <iostream>
#include <iterator>
#include <ostream>

#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/mail/mail_reader.hpp"
#include "server/mail/sqlite_mail_inbox.hpp"
#include "server/mail/sqlite_mailboxes.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/sqlite_connection.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

namespace {

// sysexits.h, which mail servers read from a delivery program: 65 bounces the message as bad
// data, 67 as an unknown recipient, 75 asks the mail server to try again later.
constexpr int kDataError = 65;
constexpr int kNoMailbox = 67;
constexpr int kTryLater = 75;

// The database at `location`: a postgresql:// URI, else the SQLite file (waiting up to 10 s for
// the server's writes).
std::unique_ptr<sql::Connection> open_database(const std::string& location) {
  if (store::is_postgres_uri(location)) return sql::open_connection(location);
  return std::make_unique<sql::SqliteConnection>(location, SQLite::OPEN_READWRITE, 10'000);
}

int receive(const std::string& location, const std::string& mailbox_name, std::istream& in,
            std::ostream& out, std::ostream& err) {
  // One byte more than the reader takes, so that a larger message is seen as such.
  std::string raw;
  raw.resize(mail::MailReader::kMaxBytes + 1);
  in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  raw.resize(static_cast<std::size_t>(in.gcount()));
  std::string message_id;
  try {
    message_id = mail::MailReader().read(raw).message_id;
  } catch (const mail::MailRefused& refused) {
    err << "kefu mail receive: refused (" << refused.code << "): " << refused.what() << "\n";
    return kDataError;
  }
  try {
    const auto db = open_database(location);
    mail::SqliteMailboxes mailboxes(*db);
    auto mailbox = mailboxes.find_by_name(mailbox_name);
    if (!mailbox) {
      err << "kefu mail receive: no mailbox called " << mailbox_name << "\n";
      return kNoMailbox;
    }
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    mail::SqliteMailInbox inbox(*db);
    const auto id = inbox.add(mailbox->id, raw, message_id, now);
    if (!id) {
      // Delivered before (a mail server's retry, another node): kept once, and this is success.
      out << "already received by mailbox " << mailbox->name << ": <" << message_id << ">\n";
      return 0;
    }
    out << "kept as inbox entry " << *id << " of mailbox " << mailbox->name << "\n";
    return 0;
  } catch (const std::exception& failure) {
    err << "kefu mail receive: " << failure.what() << "\n";
    return kTryLater;
  }
}

}  // namespace

int mail_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] != "receive") {
    err << "usage: kefu mail receive --mailbox NAME [--db PATH | --store postgresql://...] "
           "< message.eml\n";
    return 2;
  }
  std::string db_path;
  std::string store_location;
  std::string mailbox;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file")(
      "store", po::value(&store_location),
      "postgresql://... : the PostgreSQL database the nodes share, instead of --db")(
      "mailbox", po::value(&mailbox)->required(), "the mailbox the message was delivered to");
  po::variables_map values;
  int status = 0;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (!parse_options(
          rest, d, values,
          "usage: kefu mail receive --mailbox NAME [--db PATH | --store postgresql://...] "
          "< message.eml\n"
          "Keeps one RFC 5322 message from standard input in the mailbox's inbox; "
          "the running server files it. A message the mailbox received before (the "
          "same Message-ID) is kept once.\nExit status: 0 kept, 65 not a message Kefu "
          "reads (malformed, over 25 MB, no sender), 67 no such mailbox, 75 try "
          "again later.",
          out, err, status)) {
    return status;
  }
  if (values.count("store") != 0 && !postgres_store_given(store_location, err)) return 2;
  return receive(values.count("store") != 0 ? store_location : db_path, mailbox, std::cin, out,
                 err);
}

}  // namespace kefu::cli
