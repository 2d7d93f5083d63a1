// `kefu simulate`: the exact flags, the summary, and the JSON last line others parse.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "server/routing/simulate_command.hpp"

namespace {

struct Output {
  int code;
  std::string text;
  std::string last_line;
};

Output run(std::vector<std::string> args) {
  std::ostringstream out;
  const int code = kefu::routing::run_simulate_command(args, out);
  std::string text = out.str();
  std::string last;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) last = line;
  }
  return {code, text, last};
}

std::vector<std::string> base_args() {
  return {"--agents", "10", "--arrival-rate", "0.05", "--handle-time", "160",
          "--hours",  "50", "--target",       "20",   "--seed",        "42"};
}

}  // namespace

TEST_CASE("simulate prints a summary and, last, one JSON object with the figures") {
  const Output output = run(base_args());
  REQUIRE(output.code == 0);
  CHECK(output.text.find("service level") != std::string::npos);
  const boost::json::object json = boost::json::parse(output.last_line).as_object();
  for (const char* key : {"service_level", "asa_seconds", "abandonment_rate", "occupancy",
                          "erlang_c_service_level", "erlang_c_asa_seconds"}) {
    INFO(key);
    REQUIRE(json.contains(key));
    CHECK(json.at(key).is_double());
  }
  const double service_level = json.at("service_level").as_double();
  CHECK(service_level > 0.0);
  CHECK(service_level <= 1.0);
  CHECK(json.at("abandonment_rate").as_double() == 0.0);
  CHECK(json.at("occupancy").as_double() == Approx(0.8).epsilon(0.05));
  // The same seed gives the same run.
  CHECK(run(base_args()).last_line == output.last_line);
}

TEST_CASE("simulate with patience reports abandonment") {
  auto args = base_args();
  args.insert(args.end(), {"--patience", "30"});
  const Output output = run(args);
  REQUIRE(output.code == 0);
  const auto json = boost::json::parse(output.last_line).as_object();
  CHECK(json.at("abandonment_rate").as_double() > 0.0);
}

TEST_CASE("simulate draws handle times from a file") {
  const std::string path = "routing_simulate_handle_times.txt";
  {
    std::ofstream file(path);
    file << "# seconds\n100\n200\n\n300\n";
  }
  auto args = base_args();
  args.insert(args.end(), {"--handle-times-file", path});
  const Output output = run(args);
  REQUIRE(output.code == 0);
  const auto json = boost::json::parse(output.last_line).as_object();
  CHECK(json.at("offered_load_erlangs").as_double() == Approx(0.05 * 200));
  {
    std::ofstream file(path);
    file << "100\nten\n";
  }
  const Output bad = run(args);
  CHECK(bad.code == 2);
  CHECK(bad.text.find("line 2") != std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("an overloaded queue has no Erlang C figures: null, not a number") {
  auto args = base_args();
  args[1] = "5";  // 8 erlangs on 5 agents
  args[7] = "2";
  const Output output = run(args);
  REQUIRE(output.code == 0);
  const auto json = boost::json::parse(output.last_line).as_object();
  CHECK(json.at("erlang_c_asa_seconds").is_null());
}

TEST_CASE("simulate refuses bad arguments with a message and simulates nothing") {
  struct BadCase {
    const char* what;
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<BadCase> cases = {
      {"missing flag", {"--agents", "3"}, "required"},
      {"unknown flag", {"--agents", "3", "--colour", "red"}, "colour"},
      {"not a number", {"--agents", "three"}, "agents"},
      {"zero agents", {}, "--agents must be"},
      {"negative rate", {}, "--arrival-rate"},
      {"too many contacts", {}, "1e8"},
      {"bad staffing", {}, "--staffing"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.what) {
      auto args = c.args;
      if (args.empty()) {
        args = base_args();
        const std::string what = c.what;
        if (what == "zero agents") args[1] = "0";
        if (what == "negative rate") args[3] = "-0.1";
        if (what == "too many contacts") args[7] = "100000", args[3] = "900";
        if (what == "bad staffing") args.insert(args.end(), {"--staffing", "8-12"});
      }
      const Output output = run(args);
      CHECK(output.code == 2);
      CHECK(output.text.find(c.message) != std::string::npos);
      CHECK(output.text.find('{') == std::string::npos);
    }
  }
}
