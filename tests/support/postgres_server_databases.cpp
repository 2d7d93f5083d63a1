#include "tests/support/postgres_server_databases.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "server/store/postgres/pg_connection.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/test_server.hpp"

#ifndef KEFU_SOURCE_DIR
#error "KEFU_SOURCE_DIR must name the source tree (the demo's knowledge base)"
#endif

namespace kefu::testing {
namespace {

namespace fs = std::filesystem;

const std::string kPgBin = "/usr/lib/postgresql/15/bin/";

std::mutex mutex;
int copies = 0;             // GUARDED_BY(mutex)
std::string demo_template;  // the seeded template's name; GUARDED_BY(mutex)

std::string server_uri(const std::string& database) {
  return "postgresql://kefu@127.0.0.1:" + std::to_string(LocalPostgres::shared().port()) + "/" +
         database;
}

// The database a URI names (what follows its last '/'; the tests' URIs have no parameters).
std::string database_of(const std::string& uri) {
  return uri.substr(uri.rfind('/') + 1);
}

// Runs `program` with `args` and returns its exit status (-1 when it did not exit by itself).
int run_program(const std::string& program, std::vector<std::string> args) {
  std::vector<char*> argv;
  std::string name = program;
  argv.push_back(name.data());
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::int64_t stamp(const fs::path& path) {
  return fs::last_write_time(path).time_since_epoch().count();
}

// Where this build's demo is kept as a pg_dump between test processes: a name that changes
// with the kefu binary (migrations and the demo's staff and shop are compiled in) and with the
// demo's knowledge base files (read by `kefu demo` from the source tree). Each test process
// starts its own PostgreSQL; restoring the dump into it takes a fraction of `kefu demo`'s time
// (which hashes passwords and builds the knowledge base's index). The name begins with a prefix
// of the binary's path alone (the build tree), shared by that tree's earlier builds' dumps.
struct DemoDump {
  std::string prefix;  // folder and name up to the build's key
  std::string path;
};

DemoDump cached_dump() {
  std::int64_t newest = stamp(KEFU_BIN);
  for (const auto& entry : fs::directory_iterator(KEFU_SOURCE_DIR "/knowledge_base/demo")) {
    newest = std::max(newest, stamp(entry.path()));
  }
  const auto tree = std::hash<std::string>{}(std::string(KEFU_BIN));
  const auto build = std::hash<std::string>{}(std::to_string(fs::file_size(KEFU_BIN)) + "|" +
                                              std::to_string(newest));
  const std::string parent = ::access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
  DemoDump dump;
  dump.prefix =
      parent + "/kefu-demo-" + std::to_string(::getuid()) + "-" + std::to_string(tree) + "-";
  dump.path = dump.prefix + std::to_string(build) + ".dump";
  return dump;
}

// Removes the dumps of this build tree's earlier builds (each rebuild of kefu makes a new one,
// about 210 KB of memory under /dev/shm), and those named before the prefix existed
// ("kefu-demo-UID-KEY.dump"). Another process still restoring one of them fails its pg_restore
// and seeds by `kefu demo` instead.
void remove_older_dumps(const DemoDump& current) {
  const fs::path folder = fs::path(current.path).parent_path();
  const std::string own = fs::path(current.prefix).filename().string();
  const std::string unprefixed = "kefu-demo-" + std::to_string(::getuid()) + "-";
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(folder, ignored)) {
    const std::string name = entry.path().filename().string();
    if (entry.path() == current.path || name.size() < 5 ||
        name.compare(name.size() - 5, 5, ".dump") != 0) {
      continue;
    }
    const bool older_build = name.rfind(own, 0) == 0;
    const bool old_name =
        name.rfind(unprefixed, 0) == 0 &&
        name.find('-', unprefixed.size()) == std::string::npos;  // no key after the tree's
    if (older_build || old_name) fs::remove(entry.path(), ignored);
  }
}

// Seeds the template once (with `mutex` held): from this build's cached dump when there is
// one, else by `kefu demo --store`, then dumped for the next process (written aside and
// renamed, so that a reader never sees half a file).
const std::string& seeded_template() {
  if (!demo_template.empty()) return demo_template;
  const DemoDump dump = cached_dump();
  if (fs::exists(dump.path)) {
    const std::string uri = LocalPostgres::shared().create_database();
    if (run_program(kPgBin + "pg_restore", {"--exit-on-error", "-d", uri, dump.path}) == 0) {
      demo_template = database_of(uri);
      return demo_template;
    }
  }
  const std::string uri = LocalPostgres::shared().create_database();
  if (run_kefu({"demo", "--store", uri}) != 0) {
    throw std::runtime_error("kefu demo --store " + uri + " failed");
  }
  const std::string aside = dump.path + "." + std::to_string(::getpid());
  std::error_code ignored;
  if (run_program(kPgBin + "pg_dump", {"-Fc", "-f", aside, uri}) == 0) {
    fs::rename(aside, dump.path, ignored);
    remove_older_dumps(dump);
  } else {
    fs::remove(aside, ignored);
  }
  demo_template = database_of(uri);
  return demo_template;
}

std::string copy_of(const std::string& source) {
  const std::string name = "kefu_server_" + std::to_string(++copies);
  store::PgConnection admin(server_uri("postgres"));
  // FILE_COPY copies the template's files (two checkpoints, cheap on the in-memory cluster)
  // instead of writing every page to the WAL.
  admin.exec("CREATE DATABASE " + name + " TEMPLATE " + source + " STRATEGY FILE_COPY");
  return server_uri(name);
}

}  // namespace

std::string PostgresServerDatabases::new_demo_database() {
  std::lock_guard lock(mutex);
  return copy_of(seeded_template());
}

std::string PostgresServerDatabases::new_empty_database() {
  std::lock_guard lock(mutex);
  return copy_of("template0");
}

void PostgresServerDatabases::drop(const std::string& uri) noexcept {
  try {
    store::PgConnection admin(server_uri("postgres"));
    admin.exec("DROP DATABASE IF EXISTS " + database_of(uri) + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

}  // namespace kefu::testing
