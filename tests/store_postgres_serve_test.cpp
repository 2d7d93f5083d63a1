// `kefu serve --store postgresql://...`: the real binary, one node on a throw-away PostgreSQL
// (tests/support/local_postgres.hpp), with real sockets: a conversation stored and relayed on
// PostgreSQL, kept across a restart, and no SQLite file written anywhere.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

#include "server/auth/password_hasher.hpp"
#include "server/store/postgres/pg_connection.hpp"
#include "server/store/postgres/postgres_store.hpp"
#include "tests/support/floor_helpers.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/test_client.hpp"
#include "tests/support/test_server.hpp"

using namespace kefu::testing;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const std::string kPassword = "alice-on-postgres-pass";

// Alice, an agent of the support team, added through the store as `kefu user add` would.
void add_alice(const std::string& uri) {
  kefu::store::PostgresStore store{kefu::store::PostgresOptions(uri)};
  kefu::store::UserRecord u;
  u.login = "alice";
  u.display_name = "Alice Chen";
  u.teams = {"support"};
  u.skills = {{"orders", 4}};
  u.languages = {"en"};
  u.password_hash = kefu::auth::PasswordHasher(1 << 16, 1).hash(kPassword);
  u.created_at = 1;
  kefu::store::WriteBatch batch;
  batch.mutations.push_back(kefu::store::InsertUser{std::move(u)});
  REQUIRE(store.submit_and_wait(std::move(batch)).ok);
  store.close();
}

std::int64_t count(const std::string& uri, const std::string& query) {
  kefu::store::PgConnection db(uri);
  return db.exec(query).int64(0, 0);
}

// The names of the files in `folder` (not recursive).
std::set<std::string> files_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// The files in `folder` that a server given no --db would write there (kefu.db, its -wal and
// -shm, its .mail-key): other test programs running beside this one write other files in the
// shared working folder, so the whole listing is not this server's alone.
std::set<std::string> default_database_files_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& name : files_in(folder)) {
    if (name.rfind("kefu.db", 0) == 0) names.insert(name);
  }
  return names;
}

// The next frame of one of `types` (others skipped), within 10 s.
json::value next_answer(WsClient& client, const std::set<std::string>& types) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    auto frame = client.next(static_cast<int>(std::max<std::int64_t>(left.count(), 1)));
    if (types.count(std::string(frame.at("type").as_string()))) return frame;
  }
}

// Sends `frame` until its answer is a `wanted` frame rather than an `error` (the store is back),
// at most 50 times 100 ms apart: that answer, or nothing.
std::optional<json::value> send_until(WsClient& client, const json::value& frame,
                                      const std::string& wanted) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    client.send_json(frame);
    auto answer = next_answer(client, {wanted, "error"});
    if (text_at(answer, "type") == wanted) return answer;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return std::nullopt;
}

struct KeyFolder {
  KeyFolder() {
    char pattern[] = "/tmp/kefu-pg-serve-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~KeyFolder() { fs::remove_all(path); }
  std::string path;
};

}  // namespace

TEST_CASE(
    "kefu serve on postgresql relays a conversation, keeps it across a restart and "
    "writes no sqlite file",
    "[postgresql_serve]") {
  const auto uri = LocalPostgres::shared().create_database();
  REQUIRE(run_kefu({"migrate", "--store", uri}) == 0);
  add_alice(uri);
  KeyFolder keys;
  const auto working_folder = default_database_files_in(fs::current_path());

  TestServer server(TestServer::Empty{},
                    {"--store", uri, "--mail-key-file", keys.path + "/mail.key"});
  auto agent =
      WsClient::staff(server.port(), server.origin(), log_in(server.port(), "alice", kPassword));
  REQUIRE(text_at(agent->next_of_type("welcome"), "status") == "online");
  const auto token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send_json(message_frame("c-1", "Hello, where is my order?"));
  auto ack = customer->next_of_type("ack", 5000);
  CHECK(number_at(ack, "seq") == 1);
  const std::int64_t id = number_at(ack, "conversation_id");
  auto assigned = agent->next_of_type("conversation", 5000);
  CHECK(assigned.at("conversation").at("id").as_int64() == id);
  CHECK(assigned.at("conversation").at("status").as_string() == "assigned");
  agent->send_json(json::object{{"type", "sync"}, {"conversation_id", id}, {"after_seq", 0}});
  CHECK(text_at(agent->next_of_type("message"), "text") == "Hello, where is my order?");
  agent->send_json(message_frame("a-1", "It ships today.", id));
  CHECK(number_at(agent->next_of_type("ack"), "seq") == 2);
  auto reply = customer->next_of_type("message");
  CHECK(text_at(reply, "text") == "It ships today.");
  CHECK(number_at(reply, "seq") == 2);

  // Stored in PostgreSQL, not in a file: the server's folder (its --db and --static-dir) and
  // the working folder hold nothing new.
  CHECK(count(uri, "SELECT COUNT(*) FROM messages WHERE conversation_id = " + std::to_string(id)) ==
        2);
  CHECK(files_in(server.folder()).empty());

  server.stop();
  CHECK(server.exit_status() == 0);
  agent.reset();
  customer.reset();
  server.start();
  agent =
      WsClient::staff(server.port(), server.origin(), log_in(server.port(), "alice", kPassword));
  auto welcome = agent->next_of_type("welcome");
  REQUIRE(welcome.at("conversations").as_array().size() == 1);
  CHECK(welcome.at("conversations").as_array()[0].at("id").as_int64() == id);
  customer = WsClient::customer(server.port(), server.origin(), token);
  auto back = customer->next_of_type("welcome");
  REQUIRE(back.at("conversations").as_array().size() == 1);
  CHECK(back.at("conversations").as_array()[0].at("last_seq").as_int64() == 2);
  // A client id retried after the restart is answered with its first seq and stores nothing.
  customer->send_json(message_frame("c-1", "Hello, where is my order?", id));
  auto again = customer->next_of_type("ack");
  CHECK(number_at(again, "seq") == 1);
  CHECK(number_at(again, "conversation_id") == id);
  customer->send_json(message_frame("c-2", "Any news?", id));
  CHECK(number_at(customer->next_of_type("ack"), "seq") == 3);
  auto relayed = agent->next_of_type("message");
  CHECK(text_at(relayed, "text") == "Any news?");
  CHECK(number_at(relayed, "seq") == 3);
  server.stop();
  CHECK(server.exit_status() == 0);

  CHECK(count(uri, "SELECT COUNT(*) FROM messages") == 3);
  CHECK(count(uri, "SELECT MAX(seq) FROM messages WHERE conversation_id = " + std::to_string(id)) ==
        3);
  CHECK(count(uri, "SELECT COUNT(DISTINCT seq) FROM messages WHERE conversation_id = " +
                       std::to_string(id)) == 3);
  CHECK(count(uri, "SELECT COUNT(*) FROM events WHERE type = 'message_received'") == 2);
  CHECK(files_in(server.folder()).empty());
  CHECK(default_database_files_in(fs::current_path()) == working_folder);
}

TEST_CASE(
    "kefu serve on a new postgresql database makes its first admin, whose modules keep "
    "their rows there",
    "[postgresql_serve]") {
  const auto uri = LocalPostgres::shared().create_database();
  REQUIRE(run_kefu({"migrate", "--store", uri}) == 0);
  KeyFolder keys;
  const auto key_file = keys.path + "/mail.key";
  TestServer server(TestServer::Empty{}, {"--store", uri, "--mail-key-file", key_file});
  // No staff in PostgreSQL: the one-time setup link, as on a new SQLite file.
  const std::string line = server.next_output_line();
  const std::string prefix = "setup: " + server.origin() + "/setup?token=";
  REQUIRE(line.rfind(prefix, 0) == 0);
  const auto made = http_request(server.port(), "POST", "/api/setup",
                                 json::serialize(json::object{{"token", line.substr(prefix.size())},
                                                              {"login", "owner"},
                                                              {"name", "Shop Owner"},
                                                              {"password", "Tr4vel-Lamp-Orbit"}}));
  REQUIRE(made.status == 201);
  const auto cookie = log_in(server.port(), "owner", "Tr4vel-Lamp-Orbit");
  REQUIRE_FALSE(cookie.empty());

  // An API key (ApiKeyGate's connection) and the log it opens.
  const auto key = http_request(server.port(), "POST", "/api/admin/api-keys",
                                R"({"name":"Warehouse","scopes":["events:read"]})", as(cookie));
  REQUIRE(key.status == 201);
  const auto bearer = std::string(json::parse(key.body).at("key").as_string());
  const auto events = http_request(server.port(), "GET", "/api/events?limit=500", "",
                                   {{"Authorization", "Bearer " + bearer}});
  CHECK(events.status == 200);
  // A shared canned reply (the workspace, on the back office's connection).
  const auto reply = http_request(
      server.port(), "POST", "/api/canned-replies",
      R"({"scope":"shared","locale":"en","shortcut":"pg-node","body":"It ships today."})",
      as(cookie));
  CHECK(reply.status == 201);

  CHECK(count(uri, "SELECT COUNT(*) FROM users WHERE login = 'owner'") == 1);
  CHECK(count(uri, "SELECT COUNT(*) FROM api_keys") == 1);
  CHECK(count(uri, "SELECT COUNT(*) FROM canned_replies WHERE shortcut = 'pg-node'") == 1);
  // The sealing key is the file named, 32 bytes, and nothing else was written beside --db.
  CHECK(fs::file_size(key_file) == 32);
  CHECK(files_in(server.folder()).empty());

  // After a restart the configuration's export (SqliteConfigStore by location) reads them back.
  server.stop();
  CHECK(server.exit_status() == 0);
  server.start();
  const auto cookie_again = log_in(server.port(), "owner", "Tr4vel-Lamp-Orbit");
  const auto config = http_request(server.port(), "GET", "/api/admin/config", "", as(cookie_again));
  REQUIRE(config.status == 200);
  const auto document = json::parse(config.body);
  bool shipped = false;
  for (const auto& r : document.at("canned_replies").as_array()) {
    if (r.at("shortcut") == "pg-node") shipped = true;
  }
  CHECK(shipped);
  CHECK(files_in(server.folder()).empty());
}

TEST_CASE("kefu serve on postgresql killed with sigkill keeps every acknowledged message",
          "[postgresql_serve]") {
  const auto uri = LocalPostgres::shared().create_database();
  REQUIRE(run_kefu({"migrate", "--store", uri}) == 0);
  add_alice(uri);
  KeyFolder keys;
  TestServer server(TestServer::Empty{},
                    {"--store", uri, "--mail-key-file", keys.path + "/mail.key"});
  const auto token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  std::int64_t id = 0;
  for (int i = 1; i <= 5; ++i) {
    customer->send_json(message_frame("k-" + std::to_string(i), "message " + std::to_string(i),
                                      id == 0 ? std::nullopt : std::optional<std::int64_t>(id)));
    auto ack = customer->next_of_type("ack", 5000);
    CHECK(number_at(ack, "seq") == i);
    id = number_at(ack, "conversation_id");
  }
  server.crash();
  customer.reset();
  server.start();
  customer = WsClient::customer(server.port(), server.origin(), token);
  auto welcome = customer->next_of_type("welcome");
  REQUIRE(welcome.at("conversations").as_array().size() == 1);
  CHECK(welcome.at("conversations").as_array()[0].at("last_seq").as_int64() == 5);
  customer->send_json(message_frame("k-5", "message 5", id));  // retried after the crash
  CHECK(number_at(customer->next_of_type("ack"), "seq") == 5);
  customer->send_json(message_frame("k-6", "message 6", id));
  CHECK(number_at(customer->next_of_type("ack"), "seq") == 6);
  server.stop();
  CHECK(count(uri, "SELECT COUNT(*) FROM messages") == 6);
  CHECK(count(uri, "SELECT COUNT(DISTINCT seq) FROM messages") == 6);
  CHECK(files_in(server.folder()).empty());
}

TEST_CASE(
    "kefu serve on postgresql answers unavailable while the database turns it away and serves "
    "again once it is back",
    "[postgresql_serve]") {
  const auto uri = LocalPostgres::shared().create_database();
  const std::string name = uri.substr(uri.rfind('/') + 1);
  REQUIRE(run_kefu({"migrate", "--store", uri}) == 0);
  add_alice(uri);
  KeyFolder keys;
  TestServer server(TestServer::Empty{},
                    {"--store", uri, "--mail-key-file", keys.path + "/mail.key"});
  auto agent =
      WsClient::staff(server.port(), server.origin(), log_in(server.port(), "alice", kPassword));
  agent->next_of_type("welcome");
  const auto token = new_visitor(server.port());
  auto customer = WsClient::customer(server.port(), server.origin(), token);
  customer->next_of_type("welcome");
  customer->send_json(message_frame("c-1", "Hello, where is my order?"));
  const std::int64_t id = number_at(customer->next_of_type("ack", 5000), "conversation_id");
  agent->next_of_type("conversation", 5000);

  // The database turns the server away, as while PostgreSQL restarts: its connections are
  // ended and new ones refused. (The test's own connection is to another database.)
  const std::string admin_uri = uri.substr(0, uri.rfind('/') + 1) + "postgres";
  kefu::store::PgConnection admin(admin_uri);
  admin.exec("ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS false");
  admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
             "'");

  // A command that reads the store is refused as unavailable and the server stays up (before,
  // the read's failure left the io thread's handler: std::terminate, exit 134; its exit status
  // 0 at the end says it did not).
  agent->send_json(json::object{{"type", "sync"}, {"conversation_id", id}, {"after_seq", 0}});
  auto refused = agent->next_of_type("error", 10000);
  CHECK(text_at(refused, "code") == "unavailable");
  customer->send_json(message_frame("c-2", "Still there?", id));
  auto not_stored = customer->next_of_type("error", 10000);
  CHECK(text_at(not_stored, "code") == "unavailable");
  CHECK(text_at(not_stored, "ref") == "c-2");

  // Back: the same commands are served, the refused message stored once when retried.
  admin.exec("ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS true");
  const auto synced = send_until(
      *agent, json::object{{"type", "sync"}, {"conversation_id", id}, {"after_seq", 0}}, "message");
  REQUIRE(synced);
  CHECK(text_at(*synced, "text") == "Hello, where is my order?");
  const auto acked = send_until(*customer, message_frame("c-2", "Still there?", id), "ack");
  REQUIRE(acked);
  CHECK(number_at(*acked, "seq") == 2);
  server.stop();
  CHECK(server.exit_status() == 0);
  CHECK(count(uri, "SELECT COUNT(*) FROM messages WHERE conversation_id = " + std::to_string(id)) ==
        2);
}
