// Erlang C itself, and the agreement of the simulator (driving the real routing engine) with it.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

#include "server/routing/erlang_c.hpp"
#include "server/routing/simulation.hpp"

namespace kr = kefu::routing;

TEST_CASE("Erlang C matches hand-computed values") {
  // c = 3, A = 2: B = (4/3) / (1 + 2 + 2 + 4/3) = 4/19, C = 3B / (3 - 2(1 - B)) = 4/9.
  CHECK(kr::erlang_b(3, 2.0) == Approx(4.0 / 19.0));
  CHECK(kr::erlang_c(3, 2.0) == Approx(4.0 / 9.0));
  CHECK(kr::erlang_c_asa(3, 2.0, 180.0) == Approx(4.0 / 9.0 * 180.0));
  CHECK(kr::erlang_c_service_level(3, 2.0, 180.0, 20.0) ==
        Approx(1.0 - 4.0 / 9.0 * std::exp(-20.0 / 180.0)));
  // M/M/1: the probability of waiting is the utilisation.
  CHECK(kr::erlang_c(1, 0.7) == Approx(0.7));
  CHECK(kr::erlang_c_service_level(1, 0.7, 100.0, 30.0) ==
        Approx(1.0 - 0.7 * std::exp(-0.3 * 30.0 / 100.0)));
}

TEST_CASE("Erlang C stays finite and sensible for large centres and at the limit") {
  const double c = kr::erlang_c(5000, 4900.0);  // 5000! would overflow a double
  CHECK(std::isfinite(c));
  CHECK(c > 0.0);
  CHECK(c < 1.0);
  CHECK(kr::erlang_c(10, 10.0) == 1.0);
  CHECK(kr::erlang_c_service_level(10, 12.0, 180.0, 20.0) == 0.0);
  CHECK(std::isinf(kr::erlang_c_asa(10, 10.0, 180.0)));
  // More agents for the same load: less waiting.
  CHECK(kr::erlang_c(11, 9.0) < kr::erlang_c(10, 9.0));
}

TEST_CASE("simulated FCFS queue agrees with Erlang C over 2,000 hours", "[slow]") {
  struct Level {
    int agents;
    double utilisation;
  };
  const std::vector<Level> levels = {{5, 0.70}, {10, 0.80}, {25, 0.85}, {50, 0.85}};
  const double handle = 180.0;
  const double target = 20.0;
  std::printf("\n%6s %6s %9s %9s %9s %9s %10s\n", "agents", "util", "sim SL", "ErlC SL", "sim ASA",
              "ErlC ASA", "contacts");
  for (const Level& level : levels) {
    kr::SimulationConfig config;
    config.agents = level.agents;
    config.queues = {{"general", level.utilisation * level.agents / handle}};
    config.handle_time_seconds = handle;
    config.hours = 2000;
    config.target_seconds = target;
    config.seed = 20261123 + static_cast<unsigned>(level.agents);
    const kr::SimulationResult r = kr::run_simulation(config);
    std::printf("%6d %6.2f %9.4f %9.4f %8.2fs %8.2fs %10ld\n", level.agents, level.utilisation,
                r.service_level, r.erlang_c_service_level, r.asa_seconds, r.erlang_c_asa_seconds,
                r.offered);
    INFO("agents " << level.agents << " utilisation " << level.utilisation);
    CHECK(r.abandoned == 0);
    CHECK(r.answered == r.offered);
    CHECK(r.occupancy == Approx(level.utilisation).epsilon(0.02));
    CHECK(std::abs(r.service_level - r.erlang_c_service_level) <= 0.02);
    CHECK(std::abs(r.asa_seconds - r.erlang_c_asa_seconds) <= 0.10 * r.erlang_c_asa_seconds);
  }
}

TEST_CASE("the simulator reports each contact's outcome for the KPI engine") {
  kr::SimulationConfig config;
  config.agents = 3;
  config.queues = {{"general", 3 * 0.9 / 120.0}};
  config.handle_time_seconds = 120;
  config.hours = 20;
  config.patience_seconds = 60;
  config.seed = 5;
  config.keep_contacts = true;
  const kr::SimulationResult r = kr::run_simulation(config);
  REQUIRE(r.contacts.size() == static_cast<std::size_t>(r.offered));
  CHECK(r.abandoned > 0);
  CHECK(r.abandonment_rate == Approx(double(r.abandoned) / double(r.offered)));
  long answered = 0;
  long abandoned = 0;
  for (const auto& contact : r.contacts) {
    CHECK(contact.arrival_ms < 20 * 3600 * 1000);
    if (contact.answered_ms) {
      ++answered;
      REQUIRE(contact.ended_ms);
      CHECK(*contact.answered_ms >= contact.arrival_ms);
      CHECK(*contact.ended_ms >= *contact.answered_ms);
      REQUIRE(contact.agent);
      CHECK((*contact.agent >= 1 && *contact.agent <= 3));
      CHECK_FALSE(contact.abandoned_ms);
    } else {
      ++abandoned;
      REQUIRE(contact.abandoned_ms);
      CHECK(*contact.abandoned_ms >= contact.arrival_ms);
      CHECK_FALSE(contact.agent);
    }
  }
  CHECK(answered == r.answered);
  CHECK(abandoned == r.abandoned);
  // With abandonment the centre does better than Erlang C, which assumes everyone waits.
  CHECK(r.asa_seconds < r.erlang_c_asa_seconds);
}

TEST_CASE("a staffing plan changes how many agents answer") {
  kr::SimulationConfig config;
  config.agents = 2;
  config.staffing = {{10.0, 8}};  // from hour 10, eight agents
  config.queues = {{"general", 4.0 / 120.0}};
  config.handle_time_seconds = 120;
  config.hours = 20;
  config.seed = 3;
  config.keep_contacts = true;
  const kr::SimulationResult r = kr::run_simulation(config);
  long late_agents = 0;
  long early_agents = 0;
  for (const auto& contact : r.contacts) {
    if (!contact.agent || *contact.agent <= 2) continue;
    (contact.answered_ms >= 10 * 3600 * 1000 ? late_agents : early_agents)++;
  }
  CHECK(early_agents == 0);
  CHECK(late_agents > 100);
}

TEST_CASE("the simulator refuses a configuration it cannot run") {
  kr::SimulationConfig config;
  config.queues = {{"general", 0.1}};
  config.hours = 0;
  CHECK_THROWS_AS(kr::run_simulation(config), std::invalid_argument);
  config.hours = 1;
  config.queues = {{"general", -1}};
  CHECK_THROWS_AS(kr::run_simulation(config), std::invalid_argument);
  config.queues.clear();
  CHECK_THROWS_AS(kr::run_simulation(config), std::invalid_argument);
}

TEST_CASE("two queues served by the same agents behave as one pooled Erlang C queue") {
  kr::SimulationConfig config;
  config.agents = 8;
  config.queues = {{"billing", 8 * 0.8 / 180.0 / 3}, {"orders", 8 * 0.8 / 180.0 * 2 / 3}};
  config.handle_time_seconds = 180;
  config.hours = 1000;
  config.seed = 99;
  config.keep_contacts = true;
  const kr::SimulationResult r = kr::run_simulation(config);
  long billing = 0;
  for (const auto& contact : r.contacts) billing += contact.queue == "billing";
  CHECK(double(billing) / double(r.offered) == Approx(1.0 / 3).epsilon(0.05));
  CHECK(std::abs(r.service_level - r.erlang_c_service_level) <= 0.03);
  CHECK(r.asa_seconds == Approx(r.erlang_c_asa_seconds).epsilon(0.15));
}
