#include <ostream>

#include "knowledge_base/knowledge_base.hpp"
#include "server/auth/password_hasher.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/cli/tool_store.hpp"
#include "server/customers/demo_customers.hpp"
#include "server/domain/clock.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/sql/open_connection.hpp"

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

// The demo's staff, shop customers and orders, and knowledge base, added to the database at
// `location` (SQLite file or PostgreSQL), whose schema the store brings up to date first.
int seed_demo(const std::string& location, std::ostream& out, std::ostream& err) {
  auto store = open_tool_store(location);
  if (store->find_user_by_login("alice")) {
    // (A URI may hold a password: it is not printed.)
    out << (store::is_postgres_uri(location) ? std::string("the PostgreSQL database") : location)
        << " already holds the demo data; nothing to do\n";
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
  auto result = store->submit_and_wait(std::move(batch));
  if (!result.ok) {
    err << "could not add the demo staff: " << result.error << "\n";
    return 1;
  }
  out << "demo staff (password: LOGIN-demo-pass):\n";
  for (const auto& s : staff) {
    out << "  " << s.login << "  " << store::to_string(s.role) << "  " << s.name << "\n";
  }
  store->close();
  store.reset();
  const auto connection = sql::open_connection(location);
  const auto customers = customers::load_demo_customers(*connection, now);
  out << "demo shop 青山茶舍 Qingshan Tea House: " << customers.customers << " customers, "
      << customers.orders << " orders in CNY (histories from Chinook, MIT licence)\n";
  kb::KnowledgeBase kb(*connection);
  kb.import_markdown_dir(KEFU_SOURCE_DIR "/knowledge_base/demo", "demo", now);
  out << "demo knowledge base: " << kb.list().size() << " articles (zh and en)\n";
  return 0;
}

}  // namespace

int demo_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string db_path;
  std::string store_uri;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file")(
      "store", po::value(&store_uri),
      "a PostgreSQL database instead (postgresql://user@host:port/name): its schema is "
      "migrated and the demo data added there; the SQLite file is not touched");
  po::variables_map values;
  int status = 0;
  if (!parse_options(args, d, values,
                     "usage: kefu demo [--db PATH | --store postgresql://...]\n"
                     "Fills an empty database with demo staff (password: LOGIN-demo-pass).",
                     out, err, status)) {
    return status;
  }
  std::string location;
  if (!pick_store_location(db_path, values.count("store") != 0 ? &store_uri : nullptr, location,
                           err)) {
    return 2;
  }
  try {
    return seed_demo(location, out, err);
  } catch (const std::exception& e) {
    err << "kefu demo: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace kefu::cli
