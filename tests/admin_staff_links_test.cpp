#include <catch2/catch.hpp>

#include "server/admin/staff_links.hpp"
#include "server/auth/secret_token.hpp"
#include "tests/support/desk_fixture.hpp"
#include "tests/support/sql_backend.hpp"

using kefu::admin::LinkPurpose;
using kefu::admin::LinkRefused;
using kefu::admin::StaffLinks;

namespace {

// On the engine KEFU_TEST_STORE names (kefu_add_postgres_run runs these on PostgreSQL too).
struct Links {
  kefu::testing::MigratedDatabase db;
  kefu::testing::ManualClock clock;
  StaffLinks links{db, clock};
};

}  // namespace

TEST_CASE("a one-time link works once", "[admin_store]") {
  Links t;
  const std::string token = t.links.issue(LinkPurpose::setup, std::nullopt, std::nullopt);
  CHECK(t.links.peek(token, LinkPurpose::setup).purpose == LinkPurpose::setup);
  CHECK_FALSE(t.links.redeem(token, LinkPurpose::setup).user_id.has_value());
  CHECK_THROWS_AS(t.links.redeem(token, LinkPurpose::setup), LinkRefused);
  CHECK_THROWS_AS(t.links.peek(token, LinkPurpose::setup), LinkRefused);
}

TEST_CASE("a one-time link expires after 24 hours", "[admin_store]") {
  Links t;
  const std::string token = t.links.issue(LinkPurpose::setup, std::nullopt, std::nullopt);
  t.clock.now += StaffLinks::kLifetimeMs - 1;
  CHECK_NOTHROW(t.links.peek(token, LinkPurpose::setup));
  t.clock.now += 1;
  CHECK_THROWS_AS(t.links.redeem(token, LinkPurpose::setup), LinkRefused);
  CHECK(t.db.integer("SELECT COUNT(*) FROM staff_links WHERE used_at IS NULL") == 1);
}

TEST_CASE("a one-time link is kept hashed and only for its purpose", "[admin_store]") {
  Links t;
  const std::string token = t.links.issue(LinkPurpose::setup, std::nullopt, std::nullopt);
  CHECK(t.db.integer("SELECT COUNT(*) FROM staff_links WHERE token_hash = '" +
                     kefu::auth::token_hash(token) + "'") == 1);
  CHECK(t.db.integer("SELECT COUNT(*) FROM staff_links WHERE token_hash = '" + token + "'") == 0);
  CHECK_THROWS_AS(t.links.redeem(token, LinkPurpose::invitation), LinkRefused);
  CHECK_THROWS_AS(t.links.redeem("", LinkPurpose::setup), LinkRefused);
  CHECK_THROWS_AS(t.links.redeem(token + "x", LinkPurpose::setup), LinkRefused);
  CHECK_NOTHROW(t.links.redeem(token, LinkPurpose::setup));
}
