#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "server/store/migrations.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"
#include "server/workspace/attachment_folder.hpp"
#include "server/workspace/sql_attachment_files.hpp"
#include "server/workspace/workspace.hpp"
#include "tests/support/sql_backend.hpp"

// Attachments' bytes kept in the database (SqlAttachmentFiles), on SQLite and again on
// PostgreSQL (ctest -L postgresql): what one node keeps, another node on the same database
// reads, byte for byte; and the folder a single node keeps them in (AttachmentFolder).

namespace {

using kefu::testing::SqlBackend;
using namespace kefu::workspace;

// Every byte value, NUL included, then `size` more bytes of a pattern.
std::string all_bytes(std::size_t size) {
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);
  for (std::size_t i = 0; i < size; ++i) bytes += static_cast<char>((i * 131 + 7) % 256);
  return bytes;
}

// A migrated database and two nodes' SqlAttachmentFiles on it, each on a connection of its own.
struct TwoNodes {
  SqlBackend backend;
  std::unique_ptr<kefu::sql::Connection> watcher;
  std::unique_ptr<SqlAttachmentFiles> a;
  std::unique_ptr<SqlAttachmentFiles> b;

  TwoNodes() : watcher(backend.open()) {
    if (auto* sqlite = kefu::sql::as_sqlite(*watcher)) kefu::store::migrate(sqlite->database());
    a = std::make_unique<SqlAttachmentFiles>(backend.open());
    b = std::make_unique<SqlAttachmentFiles>(backend.open());
  }

  std::int64_t rows() {
    kefu::sql::Statement s(*watcher, "SELECT COUNT(*) FROM attachment_bytes");
    s.step();
    return s.column(0).int64();
  }
};

struct ScratchFolder {
  std::filesystem::path path;
  ScratchFolder() {
    char pattern[] = "/tmp/kefu-attachments-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~ScratchFolder() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("a file kept in the database by one node is read by another, byte for byte") {
  TwoNodes nodes;
  const std::string bytes = all_bytes(3 * 1024 * 1024);
  const std::string key = nodes.a->keep(bytes);
  CHECK(is_attachment_key(key));
  CHECK(nodes.b->read(key) == bytes);
  CHECK(nodes.a->read(key) == bytes);
  const std::string small = nodes.b->keep(std::string("\0", 1));
  CHECK(small != key);
  CHECK(nodes.a->read(small) == std::string("\0", 1));
  CHECK(nodes.rows() == 2);

  nodes.b->remove(key);
  CHECK_THROWS_AS(nodes.a->read(key), std::runtime_error);
  nodes.a->remove(key);  // gone already: nothing
  CHECK(nodes.rows() == 1);
}

TEST_CASE("a malformed or unknown key is refused by the database's files and nothing is removed") {
  TwoNodes nodes;
  const std::string key = nodes.a->keep("%PDF-1.7 body");
  for (const std::string& bad : {std::string("../etc/passwd"), std::string("' OR 1=1 --"),
                                 key.substr(1), key + "0", std::string(40, 'G')}) {
    INFO(bad);
    CHECK_THROWS_AS(nodes.b->read(bad), std::runtime_error);
    CHECK_THROWS_AS(nodes.b->remove(bad), std::runtime_error);
  }
  CHECK_THROWS_AS(nodes.b->read(std::string(40, 'a')), std::runtime_error);
  nodes.b->remove(std::string(40, 'a'));
  CHECK(nodes.rows() == 1);
  CHECK(nodes.b->read(key) == "%PDF-1.7 body");
}

TEST_CASE(
    "the server keeps attachments' bytes in the folder on sqlite and in the database on "
    "postgresql") {
  TwoNodes nodes;  // the database, migrated
  ScratchFolder scratch;
  const auto folder = scratch.path / "attachments";
  auto files = attachment_files_for(nodes.backend.location(), folder);
  const std::string bytes = all_bytes(1000);
  const std::string key = files->keep(bytes);
  CHECK(files->read(key) == bytes);
  if (nodes.backend.postgres()) {
    CHECK_FALSE(std::filesystem::exists(folder));
    CHECK(nodes.rows() == 1);
    // Another node, whatever folder it was given, reads it from the database.
    auto other_node = attachment_files_for(nodes.backend.location(), scratch.path / "elsewhere");
    CHECK(other_node->read(key) == bytes);
  } else {
    CHECK(std::filesystem::exists(folder / key));
    CHECK(nodes.rows() == 0);
  }
  CHECK_THROWS_AS(files->read("../" + key), std::runtime_error);
  CHECK_THROWS_AS(files->remove(key.substr(1)), std::runtime_error);
  CHECK(files->read(key) == bytes);
  files->remove(key);
  CHECK_THROWS_AS(files->read(key), std::runtime_error);
  CHECK(nodes.rows() == 0);
  if (!nodes.backend.postgres()) CHECK_FALSE(std::filesystem::exists(folder / key));
}
