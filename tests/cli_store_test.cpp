// `kefu demo` and `kefu user add` on PostgreSQL (--store postgresql://...): the same demo data
// as on a SQLite file, and clear refusals that create nothing.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>

#include "server/cli/commands.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "server/store/sql/open_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/local_postgres.hpp"

using kefu::testing::LocalPostgres;
namespace fs = std::filesystem;

namespace {

// A scratch folder, removed at the end of the test.
struct Scratch {
  Scratch() {
    char pattern[] = "/tmp/kefu-cli-store-XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    path = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string path;
};

// What the demo puts in a database, one line per table (row counts and, for the staff, who
// they are), read the same way on either engine.
std::string demo_contents(const std::string& location) {
  auto db = kefu::sql::open_connection(location);
  std::string all;
  for (const char* table :
       {"users", "user_teams", "user_skills", "user_languages", "teams", "customers",
        "customer_identities", "orders", "order_items", "order_fulfillments", "kb_articles",
        "kb_article_versions", "conversations", "messages"}) {
    kefu::sql::Statement count(*db, std::string("SELECT COUNT(*) FROM ") + table);
    REQUIRE(count.step());
    all += std::string(table) + "=" + std::to_string(count.column(0).int64()) + "\n";
  }
  kefu::sql::Statement staff(*db,
                             "SELECT login, display_name, role, chat_capacity, ticket_capacity "
                             "FROM users ORDER BY login");
  while (staff.step()) {
    all += staff.column(0).text() + "|" + staff.column(1).text() + "|" + staff.column(2).text() +
           "|" + std::to_string(staff.column(3).int64()) + "|" +
           std::to_string(staff.column(4).int64()) + "\n";
  }
  kefu::sql::Statement articles(*db, "SELECT slug, status FROM kb_articles ORDER BY slug");
  while (articles.step()) all += articles.column(0).text() + "|" + articles.column(1).text() + "\n";
  return all;
}

std::int64_t databases_on_server() {
  kefu::store::PgConnection admin("postgresql://kefu@127.0.0.1:" +
                                  std::to_string(LocalPostgres::shared().port()) + "/postgres");
  return std::stoll(admin.exec("SELECT COUNT(*) FROM pg_database").text(0, 0));
}

// A loopback port nothing listens on (bound, then let go).
int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("kefu demo --store migrates a postgresql database and seeds the same demo as on sqlite") {
  Scratch scratch;
  const std::string file = scratch.path + "/kefu.db";
  std::ostringstream sqlite_out, err;
  REQUIRE(kefu::cli::demo_command({"--db", file}, sqlite_out, err) == 0);

  const auto uri = LocalPostgres::shared().create_database();
  std::ostringstream out;
  REQUIRE(kefu::cli::demo_command({"--store", uri}, out, err) == 0);
  CHECK(err.str().empty());
  // The same report, line by line, and the same rows.
  CHECK(out.str() == sqlite_out.str());
  CHECK(out.str().find("alice  agent  Alice Chen") != std::string::npos);
  const auto contents = demo_contents(uri);
  CHECK(contents == demo_contents(file));
  CHECK(contents.find("users=5\n") != std::string::npos);
  CHECK(contents.find("customers=0\n") == std::string::npos);
  CHECK(contents.find("kb_articles=0\n") == std::string::npos);
  kefu::store::PgConnection db(uri);
  CHECK(kefu::store::postgres_schema_version(db) == kefu::store::latest_postgres_schema_version());

  // A second run changes nothing and says so.
  std::ostringstream again;
  REQUIRE(kefu::cli::demo_command({"--store", uri}, again, err) == 0);
  CHECK(again.str() == "the PostgreSQL database already holds the demo data; nothing to do\n");
  CHECK(demo_contents(uri) == contents);
}

TEST_CASE("kefu demo --store refuses what is not a postgresql URI and creates no file") {
  Scratch scratch;
  const std::string typo = scratch.path + "/demo.db";
  std::ostringstream out, err;
  CHECK(kefu::cli::demo_command({"--store", typo}, out, err) == 2);
  CHECK(err.str() ==
        "--store takes a postgresql:// URI (a SQLite file is --db PATH): " + typo + "\n");
  CHECK(out.str().empty());
  CHECK_FALSE(fs::exists(typo));
  CHECK(fs::is_empty(scratch.path));
}

TEST_CASE("kefu demo --store fails clearly on a malformed URI or an unreachable server") {
  const auto before = databases_on_server();
  SECTION("a port that is not a number") {
    std::ostringstream out, err;
    CHECK(kefu::cli::demo_command({"--store", "postgresql://kefu@127.0.0.1:port/demo"}, out, err) ==
          1);
    CHECK(err.str().rfind("kefu demo: postgresql: cannot connect", 0) == 0);
    CHECK(out.str().empty());
  }
  SECTION("a server that is not there") {
    std::ostringstream out, err;
    const auto uri = "postgresql://kefu@127.0.0.1:" + std::to_string(unused_port()) + "/demo";
    CHECK(kefu::cli::demo_command({"--store", uri}, out, err) == 1);
    CHECK(err.str().rfind("kefu demo: postgresql: cannot connect", 0) == 0);
    CHECK(out.str().empty());
  }
  SECTION("a database the server does not have") {
    std::ostringstream out, err;
    const auto uri =
        "postgresql://kefu@127.0.0.1:" + std::to_string(LocalPostgres::shared().port()) + "/nope";
    CHECK(kefu::cli::demo_command({"--store", uri}, out, err) == 1);
    CHECK(err.str().find("cannot connect") != std::string::npos);
    CHECK(err.str().find("nope") != std::string::npos);
    CHECK(out.str().empty());
  }
  // No database was created on the server for it.
  CHECK(databases_on_server() == before);
}

TEST_CASE("kefu user add --store adds staff to a postgresql database") {
  const auto uri = LocalPostgres::shared().create_database();
  std::ostringstream seeded, err;
  REQUIRE(kefu::cli::demo_command({"--store", uri}, seeded, err) == 0);
  const std::vector<std::string> add = {
      "add",       "--store",    uri,      "--login",    "dana",
      "--name",    "Dana Wu",    "--team", "support",    "--skill",
      "billing:4", "--language", "zh",     "--password", "correct horse battery"};
  std::ostringstream out;
  REQUIRE(kefu::cli::user_command(add, out, err) == 0);
  CHECK(err.str().empty());
  CHECK(out.str().rfind("added agent 'dana' (id ", 0) == 0);
  kefu::store::PgConnection db(uri);
  CHECK(db.exec("SELECT COUNT(*) FROM users").text(0, 0) == "6");
  CHECK(db.exec("SELECT u.display_name || '|' || s.skill || ':' || s.level FROM users u "
                "JOIN user_skills s ON s.user_id = u.id WHERE u.login = 'dana'")
            .text(0, 0) == "Dana Wu|billing:4");

  SECTION("a login already taken is refused and changes nothing") {
    auto again = add;
    again[6] = "Someone Else";
    std::ostringstream out2, err2;
    CHECK(kefu::cli::user_command(again, out2, err2) == 1);
    CHECK(err2.str() == "a user with login 'dana' already exists\n");
    CHECK(out2.str().empty());
  }
  SECTION("a --store that is not a postgresql URI is refused and creates no file") {
    Scratch scratch;
    auto typo = add;
    typo[2] = scratch.path + "/kefu-typo.db";
    typo[4] = "erin";
    std::ostringstream out2, err2;
    CHECK(kefu::cli::user_command(typo, out2, err2) == 2);
    CHECK(err2.str().find("--store takes a postgresql:// URI") != std::string::npos);
    CHECK(fs::is_empty(scratch.path));
  }
  SECTION("an unreachable server is a clear failure") {
    auto away = add;
    away[2] = "postgresql://kefu@127.0.0.1:" + std::to_string(unused_port()) + "/kefu";
    away[4] = "erin";
    std::ostringstream out2, err2;
    CHECK(kefu::cli::user_command(away, out2, err2) == 1);
    CHECK(err2.str().rfind("kefu user add: postgresql: cannot connect", 0) == 0);
    CHECK(out2.str().empty());
  }
  CHECK(db.exec("SELECT COUNT(*) FROM users").text(0, 0) == "6");
  CHECK(db.exec("SELECT display_name FROM users WHERE login = 'dana'").text(0, 0) == "Dana Wu");
}
