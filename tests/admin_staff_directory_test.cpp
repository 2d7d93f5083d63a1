#include <catch2/catch.hpp>

#include "server/admin/staff_directory.hpp"
#include "server/store/sql/statement.hpp"
#include "tests/support/desk_fixture.hpp"
#include "tests/support/sql_backend.hpp"

using kefu::admin::LinkPurpose;
using kefu::admin::LinkRefused;
using kefu::admin::StaffDirectory;
using kefu::admin::StaffInputError;
using kefu::admin::StaffProfile;

namespace {

const char* const kGood = "Tr4vel-Lamp-Orbit";

// On the engine KEFU_TEST_STORE names (kefu_add_postgres_run runs these on PostgreSQL too).
struct Directory {
  kefu::testing::MigratedDatabase db;
  kefu::testing::ManualClock clock;
  kefu::admin::PasswordPolicy policy;
  kefu::auth::PasswordHasher hasher{1 << 16, 1};
  StaffDirectory staff{db, clock, policy, hasher};

  std::int64_t first_admin() {
    return staff.complete_setup(staff.issue_setup_link(), "owner", "Shop Owner", kGood).user.id;
  }
  std::int64_t rows() {
    return db.integer(
        "SELECT (SELECT COUNT(*) FROM users) * 1000000 + (SELECT COUNT(*) FROM user_skills) * "
        "10000 + (SELECT COUNT(*) FROM events) * 100 + (SELECT COUNT(*) FROM staff_links)");
  }
};

StaffProfile agent_profile(const std::string& login) {
  StaffProfile p;
  p.login = login;
  p.name = "Ann Agent";
  p.skills = {{"orders", 4}};
  p.languages = {"en", "zh"};
  p.teams = {"support"};
  return p;
}

std::string error_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const StaffInputError& e) {
    return e.code;
  }
  return "none";
}

}  // namespace

TEST_CASE("the setup link makes the first admin once, with a policy-checked password",
          "[admin_store]") {
  Directory t;
  CHECK(t.staff.empty());
  const std::string token = t.staff.issue_setup_link();
  CHECK(error_code_of([&] { t.staff.complete_setup(token, "owner", "Owner", "short"); }) ==
        "weak_password");
  CHECK(t.staff.empty());
  const auto admin = t.staff.complete_setup(token, "owner", "Shop Owner", kGood);
  CHECK(admin.user.role == kefu::store::Role::admin);
  CHECK(admin.status == "active");
  CHECK_THROWS_AS(t.staff.complete_setup(token, "other", "Other", kGood), LinkRefused);
  CHECK_THROWS_AS(t.staff.issue_setup_link(), std::logic_error);
  CHECK(t.db.integer("SELECT COUNT(*) FROM users") == 1);
  CHECK(t.db.integer("SELECT COUNT(*) FROM events WHERE type = 'staff_setup' "
                     "AND data NOT LIKE '%argon2%'") == 1);
}

TEST_CASE("an invitation creates the member without a password, and accepting sets one once",
          "[admin_store]") {
  Directory t;
  const auto by = t.first_admin();
  const auto issued = t.staff.invite(agent_profile("ann"), by);
  CHECK(issued.member.status == "invited");
  CHECK(issued.member.user.skills.at(0) == std::pair<std::string, int>{"orders", 4});
  LinkPurpose purpose = LinkPurpose::setup;
  CHECK(t.staff.peek_link(issued.token, purpose).user.login == "ann");
  CHECK(purpose == LinkPurpose::invitation);
  const auto before = t.rows();
  CHECK(error_code_of([&] { t.staff.accept_link(issued.token, "Administrators"); }) ==
        "weak_password");
  CHECK(t.rows() == before);
  CHECK(t.staff.accept_link(issued.token, kGood).status == "active");
  CHECK_THROWS_AS(t.staff.accept_link(issued.token, kGood), LinkRefused);
  const auto log = t.db.integer(
      "SELECT COUNT(*) FROM events WHERE type IN ('staff_created', 'invitation_accepted') AND "
      "data NOT LIKE '%argon2%' AND data NOT LIKE '%" +
      issued.token + "%'");
  CHECK(log == 2);
}

TEST_CASE("bad staff input is refused with its code and changes nothing", "[admin_store]") {
  Directory t;
  const auto by = t.first_admin();
  t.staff.invite(agent_profile("ann"), by);
  const auto before = t.rows();
  auto with = [&](auto change) {
    auto p = agent_profile("bob");
    change(p);
    return error_code_of([&] { t.staff.invite(p, by); });
  };
  CHECK(with([](StaffProfile& p) { p.login = "ann"; }) == "duplicate_login");
  CHECK(with([](StaffProfile& p) { p.login = "bad login"; }) == "bad_login");
  CHECK(with([](StaffProfile& p) { p.name = ""; }) == "bad_name");
  CHECK(with([](StaffProfile& p) { p.chat_capacity = -1; }) == "bad_capacity");
  CHECK(with([](StaffProfile& p) { p.skills = {{"juggling", 3}}; }) == "unknown_skill");
  CHECK(with([](StaffProfile& p) { p.skills = {{"orders", 6}}; }) == "bad_skill_level");
  CHECK(with([](StaffProfile& p) { p.languages = {"English!"}; }) == "bad_language");
  CHECK(t.rows() == before);
}

TEST_CASE("deactivation and a password reset end sessions and old links", "[admin_store]") {
  Directory t;
  const auto by = t.first_admin();
  const auto ann = t.staff.invite(agent_profile("ann"), by);
  t.staff.accept_link(ann.token, kGood);
  t.db.exec("INSERT INTO staff_sessions VALUES ('h1', " + std::to_string(ann.member.user.id) +
            ", 1, 9999999999999, NULL)");
  const auto reset = t.staff.reset_password(ann.member.user.id, by);
  CHECK(reset.member.status == "password_reset");
  CHECK(t.db.integer("SELECT COUNT(*) FROM staff_sessions WHERE revoked_at IS NULL") == 0);
  const auto gone = t.staff.deactivate(ann.member.user.id, by);
  CHECK(gone.status == "deactivated");
  CHECK_THROWS_AS(t.staff.accept_link(reset.token, kGood), LinkRefused);
  // No password opens the account; its hash is still argon2id, so a login takes as long.
  kefu::sql::Statement hash(t.db, "SELECT password_hash FROM users WHERE login = 'ann'");
  REQUIRE(hash.step());
  CHECK(hash.column(0).text().rfind("$argon2id$", 0) == 0);
  CHECK_FALSE(t.hasher.verify(hash.column(0).text(), kGood));
  CHECK(error_code_of([&] { t.staff.deactivate(by, by); }) == "bad_request");
}
