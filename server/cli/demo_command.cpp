#include <SQLiteCpp/Database.h>

#include <ostream>

#include "knowledge_base/knowledge_base.hpp"
#include "server/auth/password_hasher.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/customers/demo_customers.hpp"
#include "server/domain/clock.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sqlite_store.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

namespace {

struct DemoStaff {
  const char* login;
  const char* name;
  store::Role role;
  std::vector<std::string> teams;
  std::vector<std::pair<std::string, int>> skills;
  std::vector<std::string> languages;
  int chats;
  int tickets;
};

}  // namespace

int demo_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string db_path;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file");
  po::variables_map values;
  int status = 0;
  if (!parse_options(args, d, values,
                     "usage: kefu demo [--db PATH]\n"
                     "Fills an empty database with demo staff (password: LOGIN-demo-pass).",
                     out, err, status)) {
    return status;
  }
  store::SqliteStore store(store_options(db_path));
  if (store.find_user_by_login("alice")) {
    out << db_path << " already holds the demo data; nothing to do\n";
    return 0;
  }
  const std::vector<DemoStaff> staff = {
      {"alice",
       "Alice Chen",
       store::Role::agent,
       {"support"},
       {{"orders", 4}, {"returns", 3}},
       {"en", "zh"},
       3,
       5},
      {"bob",
       "Bob Li",
       store::Role::agent,
       {"support"},
       {{"orders", 3}, {"billing", 4}},
       {"en"},
       3,
       5},
      {"wei", "Wang Wei", store::Role::agent, {"support"}, {{"returns", 4}}, {"zh"}, 2, 4},
      {"sam", "Sam Taylor", store::Role::supervisor, {"support"}, {}, {"en"}, 0, 0},
      {"admin", "Shop Admin", store::Role::admin, {}, {}, {"en"}, 0, 0},
  };
  const auth::PasswordHasher hasher;
  const std::int64_t now = SystemClock().now_ms();
  store::WriteBatch batch;
  for (const auto& s : staff) {
    store::UserRecord u;
    u.login = s.login;
    u.display_name = s.name;
    u.role = s.role;
    u.teams = s.teams;
    u.skills = s.skills;
    u.languages = s.languages;
    u.chat_capacity = s.chats;
    u.ticket_capacity = s.tickets;
    u.password_hash = hasher.hash(std::string(s.login) + "-demo-pass");
    u.created_at = now;
    batch.mutations.push_back(store::InsertUser{std::move(u)});
  }
  auto result = store.submit_and_wait(std::move(batch));
  if (!result.ok) {
    err << "could not add the demo staff: " << result.error << "\n";
    return 1;
  }
  out << "demo staff (password: LOGIN-demo-pass):\n";
  for (const auto& s : staff) {
    out << "  " << s.login << "  " << store::to_string(s.role) << "  " << s.name << "\n";
  }
  store.close();
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(5000);
  sql::SqliteConnection connection(db);
  const auto customers = customers::load_demo_customers(connection, now);
  out << "demo shop 青山茶舍 Qingshan Tea House: " << customers.customers << " customers, "
      << customers.orders << " orders in CNY (histories from Chinook, MIT licence)\n";
  kb::KnowledgeBase kb(db);
  const auto articles = kb.import_markdown_dir(KEFU_SOURCE_DIR "/knowledge_base/demo", "demo", now);
  out << "demo knowledge base: " << kb.list().size() << " articles (zh and en)\n";
  (void)articles;
  return 0;
}

}  // namespace kefu::cli
