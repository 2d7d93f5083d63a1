#include <SQLiteCpp/Database.h>

#include <chrono>
#include <iostream>
#include <iterator>
#include <ostream>

#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/mail/mail_reader.hpp"
#include "server/mail/sqlite_mail_inbox.hpp"
#include "server/mail/sqlite_mailboxes.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

namespace {

// sysexits.h, which mail servers read from a delivery program: 65 bounces the message as bad
// data, 67 as an unknown recipient, 75 asks the mail server to try again later.
constexpr int kDataError = 65;
constexpr int kNoMailbox = 67;
constexpr int kTryLater = 75;

int receive(const std::string& db_path, const std::string& mailbox_name, std::istream& in,
            std::ostream& out, std::ostream& err) {
  // One byte more than the reader takes, so that a larger message is seen as such.
  std::string raw;
  raw.resize(mail::MailReader::kMaxBytes + 1);
  in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  raw.resize(static_cast<std::size_t>(in.gcount()));
  try {
    mail::MailReader().read(raw);
  } catch (const mail::MailRefused& refused) {
    err << "kefu mail receive: refused (" << refused.code << "): " << refused.what() << "\n";
    return kDataError;
  }
  try {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
    db.setBusyTimeout(10'000);
    mail::SqliteMailboxes mailboxes(db);
    auto mailbox = mailboxes.find_by_name(mailbox_name);
    if (!mailbox) {
      err << "kefu mail receive: no mailbox called " << mailbox_name << "\n";
      return kNoMailbox;
    }
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    mail::SqliteMailInbox inbox(db);
    const auto id = inbox.add(mailbox->id, raw, now);
    out << "kept as inbox entry " << id << " of mailbox " << mailbox->name << "\n";
    return 0;
  } catch (const std::exception& failure) {
    err << "kefu mail receive: " << failure.what() << "\n";
    return kTryLater;
  }
}

}  // namespace

int mail_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] != "receive") {
    err << "usage: kefu mail receive --mailbox NAME [--db PATH] < message.eml\n";
    return 2;
  }
  std::string db_path;
  std::string mailbox;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file")(
      "mailbox", po::value(&mailbox)->required(), "the mailbox the message was delivered to");
  po::variables_map values;
  int status = 0;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (!parse_options(rest, d, values,
                     "usage: kefu mail receive --mailbox NAME [--db PATH] < message.eml\n"
                     "Keeps one RFC 5322 message from standard input in the mailbox's inbox; "
                     "the running server files it.\nExit status: 0 kept, 65 not a message Kefu "
                     "reads (malformed, over 25 MB, no sender), 67 no such mailbox, 75 try "
                     "again later.",
                     out, err, status)) {
    return status;
  }
  return receive(db_path, mailbox, std::cin, out, err);
}

}  // namespace kefu::cli
