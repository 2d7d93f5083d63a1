#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "knowledge_base/kb_command.hpp"
#include "server/cli/commands.hpp"
#include "server/routing/simulate_command.hpp"
#include "server/store/sqlite_library.hpp"

namespace {

constexpr const char* kUsage = R"(kefu — the Kefu contact-centre server

usage: kefu COMMAND [OPTIONS]

commands:
  serve      run the server (HTTP, WebSocket, the agent console and the widget)
  migrate    create or upgrade the database schema
  user add   add an agent, supervisor or admin
  import     import orders FILE.csv: load order history in bulk
  mail       mail receive --mailbox NAME: file one e-mail from standard input
  config     config export|import: the whole configuration as one JSON document
  rules      rules export|import: the care rules as a configuration document
  demo       fill an empty database with demo agents, customers, orders and articles
  kb         knowledge base: import DIR, export DIR, search TEXT, eval --articles --queries
  simulate   replay a day of arrivals through the routing engine; compare with Erlang C

`kefu COMMAND --help` describes each command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  kefu::store::configure_sqlite_library();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "serve") return kefu::cli::serve_command(args, std::cout, std::cerr);
    if (command == "migrate") return kefu::cli::migrate_command(args, std::cout, std::cerr);
    if (command == "user") return kefu::cli::user_command(args, std::cout, std::cerr);
    if (command == "import") return kefu::cli::import_command(args, std::cout, std::cerr);
    if (command == "config") return kefu::cli::config_command(args, std::cout, std::cerr);
    if (command == "rules") {
      return kefu::cli::config_command(args, std::cout, std::cerr, "care_rules");
    }
    if (command == "demo") return kefu::cli::demo_command(args, std::cout, std::cerr);
    if (command == "mail") return kefu::cli::mail_command(args, std::cout, std::cerr);
    if (command == "kb") return kefu::kb::run_kb_command(args, std::cout);
    if (command == "simulate") return kefu::routing::run_simulate_command(args, std::cout);
  } catch (const std::exception& e) {
    std::cerr << "kefu " << command << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << "kefu: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
