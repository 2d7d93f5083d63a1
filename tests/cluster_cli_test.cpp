// `kefu serve --bus` and the config file's `bus` key: a bus needs a PostgreSQL store, and a
// location that is not nats:// is refused; each refusal starts nothing and writes nothing.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/cli/commands.hpp"
#include "server/cluster/advertised_address.hpp"
#include "server/cluster/bus_location.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_migrations.hpp"
#include "tests/support/local_postgres.hpp"

using kefu::cluster::parse_bus_location;
using kefu::testing::LocalPostgres;

namespace {

// A folder of its own for a database path and a config file, removed with the object.
struct Folder {
  Folder() {
    char pattern[] = "/tmp/kefu-cluster-cli-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~Folder() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name, const std::string& text = {}) const {
    const auto full = path + "/" + name;
    if (!text.empty()) std::ofstream(full) << text;
    return full;
  }
  std::string path;
};

struct Run {
  int status = 0;
  std::string out, err;
};

Run serve(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  Run run;
  run.status = kefu::cli::serve_command(args, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

}  // namespace

TEST_CASE("a bus location is one or more nats servers with a host and no path") {
  CHECK(parse_bus_location("nats://127.0.0.1").joined() == "nats://127.0.0.1:4222");
  CHECK(parse_bus_location("nats://a:4223,tls://kefu:secret@b.example:4443").joined() ==
        "nats://a:4223,tls://kefu:secret@b.example:4443");
  CHECK(parse_bus_location("nats://[::1]:4222/").servers.size() == 1);
  for (const std::string bad :
       {"", "127.0.0.1:4222", "http://a:4222", "nats://", "nats://a:4222/x", "nats://a?x=1",
        "nats://a:0", "nats://a:99999", "nats://a,", "nats://a#f"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_bus_location(bad), std::invalid_argument);
  }
}

TEST_CASE("kefu serve --bus with the sqlite store is refused clearly and writes nothing") {
  Folder folder;
  const auto db = folder.file("kefu.db");
  const auto run = serve({"--db", db, "--listen", "127.0.0.1:0", "--bus", "nats://127.0.0.1:4222"});
  CHECK(run.status == 2);
  CHECK(run.err.find("--bus needs --store postgresql://") != std::string::npos);
  CHECK(run.err.find("one node") != std::string::npos);
  CHECK(run.out.empty());
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("kefu serve --bus refuses what is not a nats location before anything starts") {
  Folder folder;
  const auto db = folder.file("kefu.db");
  const auto run = serve({"--db", db, "--listen", "127.0.0.1:0", "--bus", "http://127.0.0.1:4222"});
  CHECK(run.status == 2);
  CHECK(run.err.find("--bus: a bus server is nats://") != std::string::npos);
  CHECK(run.out.empty());
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("the config file's bus key is read as --bus, and the command line wins over it") {
  Folder folder;
  const auto db = folder.file("kefu.db");
  const auto config = folder.file("kefu.conf",
                                  "# a node of the cluster\n"
                                  "listen = 127.0.0.1:0\n"
                                  "db = " +
                                      db +
                                      "\n"
                                      "bus = nats://127.0.0.1:4222\n");
  const auto from_file = serve({"--config", config});
  CHECK(from_file.status == 2);
  CHECK(from_file.err.find("--bus needs --store postgresql://") != std::string::npos);
  // A bad bus on the command line is what is checked, not the file's good one.
  const auto overridden = serve({"--config", config, "--bus", "nats://"});
  CHECK(overridden.status == 2);
  CHECK(overridden.err.find("--bus: a bus server needs a host") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("a config file that is missing or names an unknown key is refused") {
  Folder folder;
  const auto missing = serve({"--config", folder.path + "/nope.conf"});
  CHECK(missing.status == 2);
  CHECK(missing.err.find("--config " + folder.path + "/nope.conf") != std::string::npos);
  const auto typo = serve({"--config", folder.file("typo.conf", "buss = nats://a\n")});
  CHECK(typo.status == 2);
  CHECK(typo.err.find("buss") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(folder.path + "/kefu.db"));
}

TEST_CASE(
    "a node of the cluster with a bad --node or --desk-lease-ms is refused before it starts") {
  const auto uri = LocalPostgres::shared().create_database();
  Folder folder;
  const std::vector<std::string> node{"--store",         uri,
                                      "--bus",           "nats://127.0.0.1:4222",
                                      "--mail-key-file", folder.path + "/mail.key",
                                      "--listen",        "127.0.0.1:0"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = node;
    args.insert(args.end(), extra.begin(), extra.end());
    return serve(args);
  };
  for (const std::string lease : {"0", "599", "600001", "abc", "3000ms", "-5"}) {
    CAPTURE(lease);
    const auto run = with({"--desk-lease-ms=" + lease});
    CHECK(run.status == 2);
    CHECK(run.err.find("--desk-lease-ms must be a whole number of milliseconds from 600 to "
                       "600000") != std::string::npos);
    CHECK(run.out.empty());
  }
  for (const std::string& name : {std::string(), std::string(201, 'n'), std::string("node\none")}) {
    CAPTURE(name);
    const auto run = with({"--node", name});
    CHECK(run.status == 2);
    CHECK(run.err.find("--node must be 1 to 200 printable characters") != std::string::npos);
    CHECK(run.out.empty());
  }
  // Without a bus the node options mean nothing: refused rather than ignored.
  const auto alone = serve({"--store", uri, "--mail-key-file", folder.path + "/mail.key",
                            "--listen", "127.0.0.1:0", "--node", "a", "--desk-lease-ms", "3000"});
  CHECK(alone.status == 2);
  CHECK(alone.err.find("--node is for a node of a cluster") != std::string::npos);
  CHECK(alone.out.empty());
  CHECK_FALSE(std::filesystem::exists(folder.path + "/mail.key"));
  kefu::store::PgConnection db(uri);
  CHECK(kefu::store::postgres_schema_version(db) == 0);
}

TEST_CASE("an advertised address is an http url with a host and a port and nothing else") {
  using kefu::cluster::parse_advertised_address;
  const auto v4 = parse_advertised_address("http://10.0.0.5:8080");
  CHECK(v4.host == "10.0.0.5");
  CHECK(v4.port == "8080");
  CHECK(v4.origin == "http://10.0.0.5:8080");
  const auto v6 = parse_advertised_address("http://[fd00::5]:8080/");
  CHECK(v6.host == "fd00::5");
  CHECK(v6.origin == "http://[fd00::5]:8080");
  CHECK(parse_advertised_address("HTTP://Kefu-1.internal:80").host == "Kefu-1.internal");
  for (const std::string bad :
       {"", "10.0.0.5:8080", "https://10.0.0.5:8443", "ws://a:80", "http://a", "http://a:",
        "http://:8080", "http://a:0", "http://a:65536", "http://a:99999", "http://a:08080",
        "http://a:80/kefu", "http://u:p@a:80", "http://a:80?x=1", "http://a:80#f"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_advertised_address(bad), std::invalid_argument);
  }
}

TEST_CASE("a node of the cluster with a bad --advertise is refused before it starts") {
  const auto uri = LocalPostgres::shared().create_database();
  Folder folder;
  const std::vector<std::string> node{"--store",         uri,
                                      "--bus",           "nats://127.0.0.1:4222",
                                      "--mail-key-file", folder.path + "/mail.key",
                                      "--listen",        "127.0.0.1:0"};
  for (const std::string bad : {"https://10.0.0.5:8443", "http://10.0.0.5", "10.0.0.5:8080",
                                "http://10.0.0.5:0", "http://10.0.0.5:8080/kefu"}) {
    CAPTURE(bad);
    auto args = node;
    args.insert(args.end(), {"--advertise", bad});
    const auto run = serve(args);
    CHECK(run.status == 2);
    CHECK(run.err.find("--advertise must be http://HOST:PORT") != std::string::npos);
    CHECK(run.err.find(bad) != std::string::npos);
    CHECK(run.out.empty());
  }
  // Without a bus there is no other node to tell.
  const auto alone = serve({"--store", uri, "--mail-key-file", folder.path + "/mail.key",
                            "--listen", "127.0.0.1:0", "--advertise", "http://10.0.0.5:8080"});
  CHECK(alone.status == 2);
  CHECK(alone.err.find("--advertise is for a node of a cluster") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(folder.path + "/mail.key"));
  kefu::store::PgConnection db(uri);
  CHECK(kefu::store::postgres_schema_version(db) == 0);
}

TEST_CASE("the node lease is the desk's lease, and --socket-idle is from 1 to 3600 seconds") {
  // The help says so (its lines wrapped anywhere: read with every run of blanks as one space).
  const auto help = serve({"--help"});
  CHECK(help.status == 0);
  std::string text;
  for (const char c : help.out) {
    const bool blank = c == ' ' || c == '\n';
    if (!blank || (!text.empty() && text.back() != ' ')) text += blank ? ' ' : c;
  }
  CHECK(text.find("also the node lease: every node writes a heartbeat every third of it, and the "
                  "desk ends the sockets a node relays once it goes that long without one") !=
        std::string::npos);
  CHECK(text.find("--socket-idle") != std::string::npos);
  // A bad idle time is refused before anything starts.
  Folder folder;
  const auto db = folder.path + "/kefu.db";
  for (const std::string idle : {"0", "0.5", "3601", "-1", "nan"}) {
    CAPTURE(idle);
    const auto run = serve({"--db", db, "--listen", "127.0.0.1:0", "--socket-idle=" + idle});
    CHECK(run.status == 2);
    CHECK(run.err.find("--socket-idle must be from 1 to 3600 seconds") != std::string::npos);
    CHECK(run.out.empty());
  }
  const auto words = serve({"--db", db, "--listen", "127.0.0.1:0", "--socket-idle", "soon"});
  CHECK(words.status == 2);
  CHECK(words.err.find("socket-idle") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));
}
