#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kefu::cli {

// Each `kefu` subcommand: takes the arguments after its name, writes to out/err, returns the
// process exit code (0 ok, 1 failure, 2 usage error).
int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int migrate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int user_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int import_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `kefu mail receive --mailbox NAME`: one message on standard input into the mail inbox.
int mail_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `kefu config export|import` (docs/config.md); with `only` = "care_rules", `kefu rules`.
int config_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                   const std::string& only = {});
int demo_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kefu::cli
