#include "server/shop/shop_link.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>

#include "server/shop/shop_errors.hpp"
#include "server/shop/shop_origins.hpp"
#include "server/shop/shop_secret.hpp"
#include "server/shop/sql_shop_link_store.hpp"
#include "server/shop/sql_tag_catalogue.hpp"
#include "tests/support/sql_backend.hpp"

// The shop's integration (server/shop) on the engine under test: a secret's keys through a
// rotation and its overlap (times given, no clock), origins read strictly, the store keeping
// keys sealed, and the tag catalogue's rule for agents.

using namespace kefu::shop;

namespace {

constexpr std::int64_t kHour = 3'600'000;

std::string key_file() {
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("kefu-shop-test-" + std::to_string(::getpid()) + ".key"))
                                      .string();
  return path;
}

std::string code_of(const std::function<void()>& work) {
  try {
    work();
  } catch (const ShopInputError& refused) {
    return refused.code;
  }
  return "";
}

}  // namespace

TEST_CASE("a rotated secret verifies with the old key until the overlap ends", "[shop]") {
  ShopSecret none;
  CHECK(none.keys(0).empty());
  const auto first = none.rotated("k1", 24 * kHour, 1000);
  CHECK(first.keys(1000) == std::vector<std::string>{"k1"});  // nothing before it
  const auto second = first.rotated("k2", 24 * kHour, 5000);
  CHECK(second.keys(5000) == std::vector<std::string>{"k2", "k1"});
  CHECK(second.keys(5000 + 24 * kHour - 1) == std::vector<std::string>{"k2", "k1"});
  CHECK(second.keys(5000 + 24 * kHour) == std::vector<std::string>{"k2"});
  // A rotation within an overlap ends the older key at once; no overlap ends the current one.
  const auto third = second.rotated("k3", kHour, 6000);
  CHECK(third.keys(6000) == std::vector<std::string>{"k3", "k2"});
  CHECK(third.rotated("k4", 0, 7000).keys(7000) == std::vector<std::string>{"k4"});
  CHECK(code_of([&] { third.rotated("k5", -1, 7000); }) == "bad_overlap");
  CHECK(code_of([&] { third.rotated("k5", kMaxOverlapMs + 1, 7000); }) == "bad_overlap");
  CHECK(third.rotated("k5", kMaxOverlapMs, 7000).keys(7000 + kMaxOverlapMs - 1).size() == 2);
}

TEST_CASE("shop origins are http or https origins with no path", "[shop]") {
  CHECK(shop_origin("https://Shop.Example") == "https://shop.example");
  CHECK(shop_origin("http://localhost:3000") == "http://localhost:3000");
  CHECK(shop_origin("http://[::1]:8080") == "http://[::1]:8080");
  for (const char* bad :
       {"https://shop.example/", "https://shop.example/a", "ftp://shop.example", "shop.example",
        "https://", "https://u:p@shop.example", "https://shop.example?x", "https://shop.example#x",
        "https://shop.example:", "", "null", "https://shop.example/ "}) {
    CAPTURE(bad);
    CHECK(!shop_origin(bad));
  }
  CHECK(code_of([] {
          read_shop_origins({"https://a.example", "https://A.example"});
        }) == "duplicate_origin");
  CHECK(code_of([] { read_shop_origins({"https://a.example", "nope"}); }) == "bad_origin");
  std::vector<std::string> many;
  for (int i = 0; i <= 50; ++i) many.push_back("https://s" + std::to_string(i) + ".example");
  CHECK(code_of([&] { read_shop_origins(many); }) == "too_many_origins");
}

TEST_CASE("the shop's keys are stored sealed and load back, the flag's key verifying too",
          "[shop]") {
  kefu::testing::MigratedDatabase db;
  SqlShopLinkStore store(db);
  ShopLink link(key_file(), "flag");
  link.load(store);
  CHECK(link.keys(SecretKind::order_webhook, 0) == std::vector<std::string>{"flag"});
  CHECK(link.signing_key(SecretKind::order_webhook) == "flag");
  const auto made = link.rotate(store, SecretKind::order_webhook, kHour, 7, 1000);
  link.adopt(SecretKind::order_webhook, made);
  const auto next = link.rotate(store, SecretKind::order_webhook, kHour, 7, 2000);
  link.adopt(SecretKind::order_webhook, next);
  CHECK(link.signing_key(SecretKind::order_webhook) == next.current);
  CHECK(link.keys(SecretKind::order_webhook, 2000) ==
        std::vector<std::string>{next.current, made.current, "flag"});
  CHECK(link.keys(SecretKind::widget_identity, 2000) == std::vector<std::string>{"flag"});
  const auto stored = store.secrets();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].sealed_current.find(next.current) == std::string::npos);
  CHECK(stored[0].sealed_previous.find(made.current) == std::string::npos);
  CHECK(db.integer("SELECT COUNT(*) FROM events WHERE type = 'shop_secret_rotated'") == 2);

  // Another server on the same database and key file reads the same keys.
  ShopLink again(key_file(), "");
  again.load(store);
  CHECK(again.keys(SecretKind::order_webhook, 2000 + kHour - 1) ==
        std::vector<std::string>{next.current, made.current});
  CHECK(again.keys(SecretKind::order_webhook, 2000 + kHour) ==
        std::vector<std::string>{next.current});

  // Origins: replaced in the order given, audited only when they change, refused whole.
  const auto origins =
      link.replace_origins(store, {"https://b.example", "https://A.example"}, 7, 3000);
  CHECK(origins == std::vector<std::string>{"https://b.example", "https://a.example"});
  CHECK(store.origins() == origins);
  link.replace_origins(store, {"https://b.example", "https://a.example"}, 7, 4000);
  CHECK(db.integer("SELECT COUNT(*) FROM events WHERE type = 'shop_origins_updated'") == 1);
  CHECK(code_of([&] { link.replace_origins(store, {"https://c.example/x"}, 7, 5000); }) ==
        "bad_origin");
  CHECK(store.origins() == origins);
  std::filesystem::remove(key_file());
}

TEST_CASE("agents may set any tag until the catalogue holds one, then only its active ones",
          "[shop]") {
  kefu::testing::MigratedDatabase db;
  SqlTagCatalogue catalogue(db);
  CHECK(code_of([&] { require_known_tag(catalogue, "anything"); }) == "");
  auto vip =
      read_tag(boost::json::object{{"name", "vip"}, {"label_zh", "贵宾"}, {"label_en", "VIP"}},
               std::nullopt, 10);
  catalogue.save(vip);
  CHECK(code_of([&] { require_known_tag(catalogue, "vip"); }) == "");
  CHECK(code_of([&] { require_known_tag(catalogue, "anything"); }) == "unknown_tag");
  vip.retired_at = 20;
  catalogue.save(vip);
  CHECK(code_of([&] { require_known_tag(catalogue, "vip"); }) == "unknown_tag");
  const auto listed = catalogue.list();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].retired_at == 20);
  CHECK(listed[0].label_zh == "贵宾");
}
