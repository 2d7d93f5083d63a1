// A care rule's add_tag and the admins' tag catalogue (issue 21 and 23, care/rule_tags.hpp), on
// SQLite and PostgreSQL: CareOffice refuses to store a rule adding a tag outside a non-empty
// catalogue or a retired one, and a tag rules add cannot be retired. Through the real server:
// tag_catalogue_rest_test.cpp.
#include <catch2/catch.hpp>
#include <functional>

#include "server/care/care_office.hpp"
#include "server/care/rule_json.hpp"
#include "server/care/rule_tags.hpp"
#include "server/care/sqlite_rule_book.hpp"
#include "server/shop/sql_tag_catalogue.hpp"
#include "tests/care_test_support.hpp"

using namespace kefu::care;
using namespace kefu::care::testing;

namespace {

Rule tagging(const std::string& name, const std::string& type, const std::string& tag) {
  Rule r;
  r.name = name;
  r.trigger = "order_paid";
  Action a;
  a.type = type;
  a.tag = tag;
  r.actions = {a};
  return r;
}

// The stored rules and the catalogue, as one text.
std::string stored(kefu::testing::MigratedDatabase& db) {
  kefu::sql::Statement rules(db,
                             "SELECT id, name, enabled, definition FROM care_rules ORDER BY id");
  std::string out;
  while (rules.step())
    out += rules.column(0).text() + rules.column(1).text() + rules.column(2).text() +
           rules.column(3).text() + ";";
  kefu::sql::Statement tags(db, "SELECT name, retired_at FROM tag_catalogue ORDER BY name");
  while (tags.step())
    out += tags.column(0).text() + (tags.column(1).is_null() ? "-" : "retired") + ";";
  return out;
}

std::string refusal(const std::function<void()>& work) {
  try {
    work();
  } catch (const RuleInputError& refused) {
    return refused.code;
  }
  return "stored";
}

}  // namespace

TEST_CASE("a rule adds only catalogue tags once there is a catalogue, and keeps a tag it adds") {
  FakeClock clock;
  kefu::testing::MigratedDatabase db;
  CareOffice office(db.open_another(), clock, DeskHooks{});
  kefu::shop::SqlTagCatalogue catalogue(db);

  // An empty catalogue: any tag (as agents' tags).
  const Rule early = office.add_rule(tagging("Early", "add_tag", "anything"));
  catalogue.save({"loyal", "忠实", "Loyal", clock.now, std::nullopt});
  catalogue.save({"old", "旧", "Old", clock.now, clock.now});

  const std::string before = stored(db);
  CHECK(refusal([&] { office.add_rule(tagging("Bad", "add_tag", "nope")); }) == "unknown_tag");
  CHECK(refusal([&] { office.add_rule(tagging("Retired", "add_tag", "old")); }) == "unknown_tag");
  CHECK(refusal([&] { office.replace_rule(early); }) == "unknown_tag");
  CHECK(stored(db) == before);
  // Switching the early rule on and off is not an edit; removing any tag is allowed.
  CHECK(office.set_enabled(early.id, true).enabled);
  CHECK(refusal([&] { office.add_rule(tagging("Clean", "remove_tag", "old")); }) == "stored");

  const Rule loyal = office.add_rule(tagging("Loyal", "add_tag", "loyal"));
  SqliteRuleBook book(db);
  try {
    require_unused_tag(book, "loyal");
    FAIL("a tag a rule adds was free to retire");
  } catch (const TagInUse& used) {
    REQUIRE(used.rules.size() == 1);
    CHECK(used.rules[0].id == loyal.id);
    CHECK(used.rules[0].name == "Loyal");
  }
  CHECK_NOTHROW(require_unused_tag(book, "old"));  // only removed, never added
  Rule changed = tagging("Loyal", "remove_tag", "loyal");
  changed.id = loyal.id;
  office.replace_rule(changed);
  SqliteRuleBook fresh(db);
  CHECK_NOTHROW(require_unused_tag(fresh, "loyal"));
}
