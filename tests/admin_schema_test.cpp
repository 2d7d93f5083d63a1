#include <catch2/catch.hpp>

#include "server/store/sql/sql_error.hpp"
#include "tests/support/sql_backend.hpp"

// The admin's tables refuse the same rows on both engines (the CHECK and UNIQUE constraints of
// SQLite's migration steps 1, 4, 13 and 14 and of PostgreSQL's steps 1 and 4): the parity test
// compares columns only.

namespace {

// The kind of sql::Error the statement ends with ("none" when it is taken).
std::string refusal(kefu::testing::MigratedDatabase& db, const std::string& statement) {
  try {
    db.exec(statement);
  } catch (const kefu::sql::Error& e) {
    return e.kind() == kefu::sql::Error::Kind::duplicate    ? "duplicate"
           : e.kind() == kefu::sql::Error::Kind::constraint ? "constraint"
                                                            : "other";
  }
  return "none";
}

}  // namespace

TEST_CASE("the admin's tables refuse the same bad rows on both engines", "[admin_store]") {
  kefu::testing::MigratedDatabase db;
  const std::string add_ann =
      "INSERT INTO users(login, display_name, role, password_hash, created_at) "
      "VALUES ('ann', 'Ann', 'agent', 'x', 1)";
  CHECK(refusal(db, add_ann) == "none");
  const auto ann = std::to_string(db.integer("SELECT id FROM users WHERE login = 'ann'"));
  CHECK(refusal(db, add_ann) == "duplicate");
  const std::string columns =
      "INSERT INTO users(login, display_name, role, password_hash, created_at, ";
  CHECK(refusal(db, columns + "chat_capacity) VALUES ('b', 'B', 'agent', 'x', 1, -1)") ==
        "constraint");
  CHECK(refusal(db, columns + "ticket_capacity) VALUES ('b', 'B', 'agent', 'x', 1, -1)") ==
        "constraint");
  CHECK(refusal(db, columns + "password_state) VALUES ('b', 'B', 'agent', 'x', 1, 'lost')") ==
        "constraint");
  CHECK(refusal(db,
                "INSERT INTO users(login, display_name, role, password_hash, created_at) "
                "VALUES ('b', 'B', 'owner', 'x', 1)") == "constraint");
  CHECK(refusal(db, "INSERT INTO user_skills(user_id, skill, level) VALUES (" + ann +
                        ", 'orders', 6)") == "constraint");
  CHECK(refusal(db, "INSERT INTO user_skills(user_id, skill, level) VALUES (" + ann +
                        ", 'orders', 0)") == "constraint");
  CHECK(refusal(db, "INSERT INTO user_skills(user_id, skill, level) VALUES (" + ann +
                        ", 'orders', 5)") == "none");
  CHECK(refusal(db, "INSERT INTO user_skills(user_id, skill, level) VALUES (" + ann +
                        ", 'orders', 4)") == "duplicate");
  CHECK(refusal(db,
                "INSERT INTO staff_links(token_hash, purpose, created_at, expires_at) "
                "VALUES ('h', 'unlock', 1, 2)") == "constraint");
  CHECK(refusal(db,
                "INSERT INTO staff_links(token_hash, purpose, created_at, expires_at) "
                "VALUES ('h', 'setup', 1, 2)") == "none");
  CHECK(refusal(db,
                "INSERT INTO staff_links(token_hash, purpose, created_at, expires_at) "
                "VALUES ('h', 'invitation', 1, 2)") == "duplicate");
  CHECK(refusal(db, "INSERT INTO teams(name) VALUES ('support')") == "none");
  CHECK(refusal(db, "INSERT INTO teams(name) VALUES ('support')") == "duplicate");
  CHECK(refusal(db,
                "INSERT INTO admin_queues(name, channel, definition) "
                "VALUES ('billing', 'fax', '{}')") == "constraint");
  CHECK(refusal(db,
                "INSERT INTO admin_queues(name, channel, definition) "
                "VALUES ('billing', 'chat', '{}')") == "none");
  CHECK(refusal(db,
                "INSERT INTO admin_queues(name, channel, definition) "
                "VALUES ('billing', 'ticket', '{}')") == "duplicate");
  CHECK(refusal(db, "INSERT INTO admin_queues(name, channel) VALUES ('x', 'chat')") ==
        "constraint");
  CHECK(refusal(db, "INSERT INTO team_hours(team, definition) VALUES ('support', '{}')") == "none");
  CHECK(refusal(db, "INSERT INTO team_hours(team, definition) VALUES ('support', '{}')") ==
        "duplicate");
  CHECK(refusal(db, "INSERT INTO sla_policies(name, definition) VALUES ('chat', '{}')") == "none");
  CHECK(refusal(db, "INSERT INTO sla_policies(name, definition) VALUES ('chat', '{}')") ==
        "duplicate");
  CHECK(refusal(db, "INSERT INTO sla_policies(name) VALUES ('ticket')") == "constraint");
}
