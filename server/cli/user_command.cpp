#include <iostream>

#include "server/admin/password_policy.hpp"
#include "server/auth/password_hasher.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/cli/tool_store.hpp"
#include "server/domain/clock.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

int user_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string usage =
      "usage: kefu user add --login LOGIN --name NAME [--role agent|supervisor|admin]\n"
      "                     [--db PATH | --store postgresql://...]\n"
      "                     [--team T]... [--skill NAME[:LEVEL]]... [--language L]...\n"
      "                     [--chat-capacity N] [--ticket-capacity N] [--password P]\n"
      "The password is read from standard input when --password is not given.";
  if (args.empty() || args[0] != "add") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      out << usage << "\n";
      return 0;
    }
    err << usage << "\n";
    return 2;
  }
  store::UserRecord user;
  std::string db_path, store_uri, role, password;
  std::vector<std::string> skills;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file")(
      "store", po::value(&store_uri),
      "a PostgreSQL database instead (postgresql://user@host:port/name); the SQLite file is "
      "not touched")("login", po::value(&user.login)->required(), "login name")(
      "name", po::value(&user.display_name)->required(), "name shown to customers and staff")(
      "role", po::value(&role)->default_value("agent"), "agent, supervisor or admin")(
      "team", po::value(&user.teams)->composing(), "team (repeatable)")(
      "skill", po::value(&skills)->composing(), "skill, optionally :level 1-5 (repeatable)")(
      "language", po::value(&user.languages)->composing(),
      "language code, e.g. en, zh (repeatable)")(
      "chat-capacity", po::value(&user.chat_capacity)->default_value(3), "chats at once")(
      "ticket-capacity", po::value(&user.ticket_capacity)->default_value(5), "tickets at once")(
      "password", po::value(&password), "password (visible to other users of this machine)");
  po::variables_map values;
  int status = 0;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (!parse_options(rest, d, values, usage, out, err, status)) return status;
  std::string location;
  if (!pick_store_location(db_path, values.count("store") != 0 ? &store_uri : nullptr, location,
                           err)) {
    return 2;
  }
  auto parsed_role = store::parse_role(role);
  if (!parsed_role) {
    err << "--role must be agent, supervisor or admin\n";
    return 2;
  }
  user.role = *parsed_role;
  if (user.chat_capacity < 0 || user.ticket_capacity < 0) {
    err << "capacities cannot be negative\n";
    return 2;
  }
  for (const auto& skill : skills) {
    const auto colon = skill.find(':');
    int level = 3;
    if (colon != std::string::npos) {
      try {
        level = std::stoi(skill.substr(colon + 1));
      } catch (const std::exception&) {
        level = 0;
      }
    }
    if (level < 1 || level > 5 || skill.substr(0, colon).empty()) {
      err << "--skill must be NAME or NAME:LEVEL with LEVEL 1-5\n";
      return 2;
    }
    user.skills.emplace_back(skill.substr(0, colon), level);
  }
  if (!values.count("password")) std::getline(std::cin, password);
  if (auto why = admin::PasswordPolicy().refusal(password, user.login)) {
    err << *why << "\n";
    return 2;
  }
  user.password_hash = auth::PasswordHasher().hash(password);
  user.created_at = SystemClock().now_ms();
  try {
    auto store = open_tool_store(location);
    if (store->find_user_by_login(user.login)) {
      err << "a user with login '" << user.login << "' already exists\n";
      return 1;
    }
    store::WriteBatch batch;
    batch.mutations.push_back(store::InsertUser{user});
    auto result = store->submit_and_wait(std::move(batch));
    if (!result.ok) {
      err << "could not add the user: " << result.error << "\n";
      return 1;
    }
    out << "added " << role << " '" << user.login << "' (id " << result.outcomes[0].value << ")\n";
    return 0;
  } catch (const std::exception& e) {
    err << "kefu user add: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace kefu::cli
