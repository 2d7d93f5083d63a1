// Alert thresholds and the watch that raises and clears alerts against the live figures.
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "server/metrics/alert_watch.hpp"

namespace kefu::metrics {
namespace {

TEST_CASE("an alert is raised once when its threshold is reached and cleared once", "[metrics]") {
  AlertThresholds t;
  t.waiting = 3;
  t.service_level = 0.8;
  AlertWatch watch;
  AlertFigures f;
  f.waiting = 2;
  f.service_level = 0.9;
  CHECK(watch.check(t, f, 1000).empty());
  f.waiting = 3;
  auto raised = watch.check(t, f, 2000);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].alert == "waiting");
  CHECK(raised[0].raised);
  CHECK(raised[0].value == 3);
  CHECK(raised[0].threshold == 3);
  f.waiting = 5;
  CHECK(watch.check(t, f, 3000).empty());  // still on: not raised again
  auto json = watch.to_json(t);
  REQUIRE(json.at("active").as_array().size() == 1);
  CHECK(json.at("active").at(0).at("since").as_int64() == 2000);
  CHECK(json.at("active").at(0).at("value").as_double() == 5);
  f.service_level = 0.5;
  f.waiting = 0;
  auto changes = watch.check(t, f, 4000);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].alert == "waiting");
  CHECK_FALSE(changes[0].raised);
  CHECK(changes[1].alert == "service_level");
  CHECK(changes[1].raised);
  // A service level with nothing offered yet (null) raises nothing; nor do thresholds that are off.
  AlertWatch quiet;
  AlertFigures none;
  none.oldest_wait_ms = 999'999;
  none.breached = 7;
  CHECK(quiet.check(t, none, 1).empty());
}

TEST_CASE("breached chats and the oldest wait raise their alerts", "[metrics]") {
  AlertThresholds t;
  t.oldest_wait_ms = 60'000;
  t.breached = 1;
  AlertWatch watch;
  AlertFigures f;
  f.waiting = 1;
  f.oldest_wait_ms = 61'000;
  f.breached = 1;
  auto changes = watch.check(t, f, 10);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].alert == "oldest_wait_ms");
  CHECK(changes[1].alert == "breached");
}

TEST_CASE("thresholds are read strictly from JSON", "[metrics]") {
  auto parse = [](const char* text) {
    return AlertThresholds::from_json(boost::json::parse(text).as_object());
  };
  AlertThresholds t =
      parse(R"({"waiting":4,"oldest_wait_ms":90000,"service_level":0.75,"breached":null})");
  CHECK(t.waiting == 4);
  CHECK(t.oldest_wait_ms == 90'000);
  CHECK(t.service_level == Approx(0.75));
  CHECK_FALSE(t.breached.has_value());
  CHECK(AlertThresholds::from_json(t.to_json()) == t);
  CHECK(parse("{}") == AlertThresholds{});
  for (const char* bad :
       {R"({"waiting":-1})", R"({"waiting":1.5})", R"({"waiting":"3"})", R"({"service_level":1.2})",
        R"({"service_level":-0.1})", R"({"service_level":"high"})", R"({"queue":"general"})",
        R"({"breached":true})", R"({"oldest_wait_ms":18446744073709551615})"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse(bad), std::invalid_argument);
  }
}

}  // namespace
}  // namespace kefu::metrics
