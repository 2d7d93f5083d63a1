

#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "server/customers/customer_directory.hpp"
#include "server/customers/customer_search.hpp"
#include "server/customers/customer_view.hpp"
#include "server/customers/schema.hpp"
#include "server/store/sql/sqlite_connection.hpp"
#include "server/store/sql/statement.hpp"

using namespace kefu::customers;
namespace sql = kefu::sql;

// SQLite only: PostgreSQL's customer tables are migration step 2 (postgres_migrations.cpp).
TEST_CASE("the schema extends the store's customers table and can be applied again",
          "[customers][schema][sqlite_only]") {
  SQLite::Database sqlite(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  sql::SqliteConnection db(sqlite);
  db.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, display_name TEXT, created_at INTEGER);"
      "INSERT INTO customers VALUES (7, '李雷', 1000)");
  create_schema(sqlite);
  create_schema(sqlite);
  sql::Statement columns(db, "SELECT COUNT(*) FROM pragma_table_info('customers')");
  columns.step();
  CHECK(columns.column(0).int32() == 16);

  const auto view = build_customer_view(db, 7);
  CHECK(view.at("display_name") == "李雷");
  CHECK(view.at("segment") == "new");
  CHECK(view.at("created_at") == 1000);
  CustomerDirectory directory(db);
  CustomerSearch search(directory);
  REQUIRE(search.search("li lei").size() == 1);
  CHECK(search.search("li lei")[0].customer_id == 7);
}

TEST_CASE("a Chinese name is shown family name first without a space",
          "[customers][schema][sqlite_only]") {
  SQLite::Database sqlite(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  sql::SqliteConnection db(sqlite);
  db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, display_name TEXT, created_at INTEGER)");
  create_schema(sqlite);
  CustomerDirectory directory(db);
  const auto name_of = [&](std::int64_t id) {
    return build_customer_view(db, id).at("display_name").as_string();
  };
  CHECK(name_of(directory.create_customer("芳", "王", 1000)) == "王芳");
  CHECK(name_of(directory.create_customer("静怡", "欧阳", 1000)) == "欧阳静怡");
  CHECK(name_of(directory.create_customer("Ann", "Lee", 1000)) == "Ann Lee");
  CHECK(name_of(directory.create_customer("Fang", "王", 1000)) == "Fang 王");
  CHECK(name_of(directory.create_customer("芳", "", 1000)) == "芳");
  const auto renamed = directory.create_customer("Ann", "Lee", 1000);
  directory.rename(renamed, "娜", "李", 2000);
  CHECK(name_of(renamed) == "李娜");
}
