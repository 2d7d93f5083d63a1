// The command line's PostgreSQL side: `kefu migrate --store` and `kefu serve --store`'s
// refusals (its run is tests/store_postgres_serve_test.cpp).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/cli/commands.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "tests/support/local_postgres.hpp"

using kefu::testing::LocalPostgres;

TEST_CASE("kefu migrate --store applies the postgresql schema once") {
  const auto uri = LocalPostgres::shared().create_database();
  std::ostringstream out, err;
  REQUIRE(kefu::cli::migrate_command({"--store", uri}, out, err) == 0);
  const auto latest = std::to_string(kefu::store::latest_postgres_schema_version());
  CHECK(out.str() == "postgresql: schema version " + latest + " (from 0)\n");
  kefu::store::PgConnection db(uri);
  CHECK(kefu::store::postgres_schema_version(db) == std::stoi(latest));
  CHECK(db.exec("SELECT to_regclass('messages') IS NOT NULL").boolean(0, 0));
  std::ostringstream again;
  REQUIRE(kefu::cli::migrate_command({"--store", uri}, again, err) == 0);
  CHECK(again.str() == "postgresql: schema version " + latest + " (up to date)\n");
  CHECK(err.str().empty());
}

TEST_CASE("kefu migrate --store refuses what is not a postgresql URI or cannot be reached") {
  std::ostringstream out, err;
  CHECK(kefu::cli::migrate_command({"--store", "kefu.db"}, out, err) == 2);
  CHECK(err.str().find("postgresql://") != std::string::npos);
  std::ostringstream err2;
  // A port nothing listens on (the local server's, plus one, is not it: ask for a missing db).
  const auto missing =
      "postgresql://kefu@127.0.0.1:" + std::to_string(LocalPostgres::shared().port()) + "/nope";
  CHECK(kefu::cli::migrate_command({"--store", missing}, out, err2) == 1);
  CHECK(err2.str().find("cannot connect") != std::string::npos);
  CHECK(out.str().empty());
}

TEST_CASE("kefu serve --store postgresql needs the mail key file and starts nothing without it") {
  const auto uri = LocalPostgres::shared().create_database();
  std::ostringstream out, err;
  CHECK(kefu::cli::serve_command({"--store", uri, "--listen", "127.0.0.1:0"}, out, err) == 2);
  CHECK(err.str().find("--mail-key-file PATH") != std::string::npos);
  CHECK(err.str().find("docs/deploying.md") != std::string::npos);
  CHECK(out.str().empty());
  // Nothing was written to the database either (a start would have migrated it).
  kefu::store::PgConnection db(uri);
  CHECK(kefu::store::postgres_schema_version(db) == 0);
}

TEST_CASE("kefu serve --store refuses what is not a postgresql URI") {
  std::ostringstream out, err;
  CHECK(kefu::cli::serve_command({"--store", "/tmp/kefu-not-a-uri.db", "--mail-key-file",
                                  "/tmp/kefu-not-a-key", "--listen", "127.0.0.1:0"},
                                 out, err) == 2);
  CHECK(err.str().find("--store takes a postgresql:// URI") != std::string::npos);
  CHECK(out.str().empty());
  CHECK_FALSE(std::filesystem::exists("/tmp/kefu-not-a-uri.db"));
  CHECK_FALSE(std::filesystem::exists("/tmp/kefu-not-a-key"));
}

TEST_CASE("the config file's store and mail-key-file keys are read as the options") {
  const auto uri = LocalPostgres::shared().create_database();
  char pattern[] = "/tmp/kefu-store-cli-XXXXXX";
  const std::string folder = ::mkdtemp(pattern);
  const auto config = folder + "/kefu.conf";
  std::ofstream(config) << "store = " << uri << "\nlisten = 127.0.0.1:0\n";
  std::ostringstream out, err;
  CHECK(kefu::cli::serve_command({"--config", config}, out, err) == 2);
  CHECK(err.str().find("needs --mail-key-file PATH") != std::string::npos);
  // With the key file and a bus named too, the file's bad lease is what is refused (the store,
  // key and bus were accepted): a node of the cluster reads its settings from the file as well.
  std::ofstream(config, std::ios::app) << "mail-key-file = " << folder
                                       << "/mail.key\nbus = nats://127.0.0.1:4222\n"
                                          "desk-lease-ms = 0\n";
  std::ostringstream err2;
  CHECK(kefu::cli::serve_command({"--config", config}, out, err2) == 2);
  CHECK(err2.str().find("--desk-lease-ms must be a whole number") != std::string::npos);
  CHECK(out.str().empty());
  CHECK_FALSE(std::filesystem::exists(folder + "/mail.key"));
  kefu::store::PgConnection db(uri);
  CHECK(kefu::store::postgres_schema_version(db) == 0);
  std::filesystem::remove_all(folder);
}
