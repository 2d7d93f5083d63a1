#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "server/admin/password_policy.hpp"
#include "server/admin/staff_directory.hpp"
#include "server/auth/password_hasher.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/options.hpp"
#include "server/config/config_import.hpp"
#include "server/config/config_refused.hpp"
#include "server/config/sqlite_config_store.hpp"
#include "server/domain/clock.hpp"
#include "server/json/strict_json.hpp"
#include "server/store/sqlite_store.hpp"

namespace kefu::cli {
namespace po = boost::program_options;
namespace json = boost::json;

namespace {

// The document in FILE, or on standard input for "-"; nullopt (after saying why) otherwise.
std::optional<json::value> read_file(const std::string& file, std::ostream& err) {
  std::ostringstream text;
  if (file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      err << "cannot read " << file << "\n";
      return std::nullopt;
    }
    text << in.rdbuf();
  }
  json::error_code ec;
  json::value parsed = parse_strict_json(text.str(), ec);
  if (ec) {
    err << "refused: kefu_config: bad_request: the file is not JSON (" << ec.message() << ")\n";
    return std::nullopt;
  }
  return parsed;
}

// Runs export or import on the database at `db_path`; `only` restricts both to one section
// (kefu rules: care_rules).
int run(const std::string& verb, const std::string& db_path, bool with_secrets, bool dry_run,
        const std::string& file, const std::string& only, std::ostream& out, std::ostream& err) {
  if (!std::filesystem::exists(db_path)) {
    err << "no database at " << db_path << "\n";
    return 1;
  }
  { store::SqliteStore migrated(store_options(db_path)); }  // the schema is up to date
  SystemClock clock;
  admin::PasswordPolicy policy;
  auth::PasswordHasher hasher;
  admin::StaffDirectory staff(db_path, clock, policy, hasher);
  config::SqliteConfigStore store(db_path, clock, staff);
  if (verb == "export") {
    json::object document = config::document_json(store.current(with_secrets));
    if (!only.empty()) document = json::object{{"kefu_config", 1}, {only, document[only]}};
    out << json::serialize(document) << "\n";
    return 0;
  }
  auto document = read_file(file, err);
  if (!document) return 1;
  if (!only.empty() && document->is_object()) {
    for (const auto& [key, value] : document->as_object()) {
      if (key != "kefu_config" && key != only) {
        err << "refused: " << key << ": bad_request: only " << only << " here\n";
        return 1;
      }
    }
  }
  try {
    const auto changes = config::ConfigImport(store).run(*document, dry_run, 0, clock.now_ms());
    out << config::changes_text(changes);
    if (!changes.empty()) out << (dry_run ? "dry run: nothing changed\n" : "applied\n");
    return 0;
  } catch (const config::ConfigRefused& refused) {
    err << "refused: " << refused.where << ": " << refused.code << ": " << refused.what() << "\n";
    return 1;
  }
}

}  // namespace

int config_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                   const std::string& only) {
  const std::string name = only.empty() ? "config" : "rules";
  const std::string usage =
      "usage: kefu " + name + " export [--db PATH]" + (only.empty() ? " [--with-secrets]" : "") +
      "\n       kefu " + name + " import FILE|- [--dry-run] [--db PATH]\n" +
      (only.empty() ? "The whole configuration as one JSON document (docs/config.md); import "
                      "checks it with the REST's rules,\nprints what changes and applies it in "
                      "one transaction. A running server sees it at its next start;\nPOST "
                      "/api/admin/config/import changes it live."
                    : "The care rules as a configuration document (docs/config.md).");
  if (args.empty() || (args[0] != "export" && args[0] != "import")) {
    const bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
    (help ? out : err) << usage << "\n";
    return help ? 0 : 2;
  }
  std::string db_path, file;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->default_value(default_database()), "SQLite database file")(
      "dry-run", "import: show the changes, make none")(
      "with-secrets", "export: include webhook secrets and sealed mailbox passwords")(
      "file", po::value(&file), "import: the document, - for standard input");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    po::store(po::command_line_parser(rest).options(d).positional(positional).run(), values);
    po::notify(values);
  } catch (const po::error& e) {
    err << e.what() << "\n" << usage << "\n";
    return 2;
  }
  if (values.count("help")) {
    out << usage << "\n";
    return 0;
  }
  const bool importing = args[0] == "import";
  if (importing == file.empty() || (!importing && values.count("dry-run")) ||
      (importing && values.count("with-secrets")) ||
      (!only.empty() && values.count("with-secrets"))) {
    err << usage << "\n";
    return 2;
  }
  return run(args[0], db_path, values.count("with-secrets") != 0, values.count("dry-run") != 0,
             file, only, out, err);
}

}  // namespace kefu::cli
