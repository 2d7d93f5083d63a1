#include "server/routing/simulate_command.hpp"

#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "server/routing/simulation.hpp"

namespace kefu::routing {

namespace {

namespace po = boost::program_options;

// A flag's value that parsed but makes no sense.
class BadArgument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

constexpr double kMaxContacts = 1e8;  // keeps a run to minutes, not days

double parse_number(const std::string& text, const std::string& where) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    throw BadArgument(where + ": '" + text + "' is not a number");
  }
  return value;
}

// One handle time in seconds per line; blank lines and lines starting with # are skipped.
std::vector<double> read_handle_times(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw BadArgument("--handle-times-file: cannot read " + path);
  std::vector<double> samples;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    const double value = parse_number(line.substr(first, last - first + 1),
                                      path + " line " + std::to_string(number));
    if (value < 0) throw BadArgument(path + " line " + std::to_string(number) + ": negative");
    samples.push_back(value);
  }
  if (samples.empty()) throw BadArgument("--handle-times-file: " + path + " has no handle times");
  return samples;
}

// "H:N,H:N": from hour H on, N agents.
std::vector<StaffingStep> parse_staffing(const std::string& text) {
  std::vector<StaffingStep> steps;
  std::stringstream list(text);
  std::string item;
  while (std::getline(list, item, ',')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos) throw BadArgument("--staffing: '" + item + "' is not H:N");
    const double hours = parse_number(item.substr(0, colon), "--staffing");
    const double agents = parse_number(item.substr(colon + 1), "--staffing");
    if (hours < 0 || agents < 0 || agents > 100000 || agents != std::floor(agents)) {
      throw BadArgument("--staffing: '" + item + "' is out of range");
    }
    steps.push_back(StaffingStep{hours, static_cast<int>(agents)});
  }
  if (steps.empty()) throw BadArgument("--staffing: no steps");
  return steps;
}

boost::json::value number_or_null(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

void print_summary(const SimulationConfig& config, const SimulationResult& r, std::ostream& out) {
  const double rate = config.queues.front().arrival_rate_per_second;
  const double slots = static_cast<double>(config.agents) * config.chat_capacity;
  out << std::fixed;
  out << "Simulated " << std::setprecision(1) << config.hours << " h, " << config.agents
      << " agents x " << config.chat_capacity << " at once, " << std::setprecision(4) << rate
      << " arrivals/s, handle time "
      << (config.handle_times_seconds.empty() ? "exponential" : "from file") << " mean "
      << std::setprecision(1) << r.offered_load_erlangs / rate << " s, target "
      << config.target_seconds << " s\n";
  if (!config.staffing.empty()) out << "Staffing plan: " << config.staffing.size() << " steps\n";
  out << std::setprecision(3);
  out << "  offered            " << r.offered << "\n";
  out << "  answered           " << r.answered << "\n";
  out << "  abandoned          " << r.abandoned << " (rate " << r.abandonment_rate << ")\n";
  out << "  service level      " << r.service_level << " (Erlang C " << r.erlang_c_service_level
      << ")\n";
  out << "  ASA                " << std::setprecision(2) << r.asa_seconds << " s (Erlang C "
      << r.erlang_c_asa_seconds << " s)\n";
  out << std::setprecision(3);
  out << "  utilisation        " << r.offered_load_erlangs / slots << " (offered load "
      << r.offered_load_erlangs << " erlangs)\n";
  out << "  occupancy          " << r.occupancy << "\n";
  if (r.estimates.count > 0) {
    out << std::setprecision(1) << "  wait estimates     " << r.estimates.count << " shown, mean "
        << r.estimates.mean_estimate_ms / 1000 << " s vs actual "
        << r.estimates.mean_actual_ms / 1000 << " s, mean absolute error "
        << r.estimates.mean_absolute_error_ms / 1000 << " s\n";
  }
  if (config.patience_seconds || !config.staffing.empty()) {
    out << "  (Erlang C assumes nobody abandons and constant staffing)\n";
  }
}

boost::json::object summary_json(const SimulationConfig& config, const SimulationResult& r) {
  boost::json::object json;
  json["agents"] = config.agents;
  json["offered"] = r.offered;
  json["answered"] = r.answered;
  json["abandoned"] = r.abandoned;
  json["service_level"] = r.service_level;
  json["asa_seconds"] = r.asa_seconds;
  json["abandonment_rate"] = r.abandonment_rate;
  json["occupancy"] = r.occupancy;
  json["offered_load_erlangs"] = r.offered_load_erlangs;
  json["erlang_c_service_level"] = number_or_null(r.erlang_c_service_level);
  json["erlang_c_asa_seconds"] = number_or_null(r.erlang_c_asa_seconds);
  json["estimates_shown"] = r.estimates.count;
  json["estimate_mean_absolute_error_seconds"] = r.estimates.mean_absolute_error_ms / 1000;
  return json;
}

}  // namespace

int run_simulate_command(const std::vector<std::string>& args, std::ostream& out) {
  po::options_description options("kefu simulate");
  options.add_options()("help", "show this help")("agents", po::value<int>()->required(),
                                                  "agents online (N)")(
      "arrival-rate", po::value<double>()->required(), "Poisson arrivals per second")(
      "handle-time", po::value<double>()->required(), "mean handle time, seconds (exponential)")(
      "hours", po::value<double>()->required(), "hours of arrivals to simulate")(
      "target", po::value<double>()->required(), "service-level threshold, seconds")(
      "seed", po::value<std::uint64_t>()->required(), "random seed")(
      "patience", po::value<double>(), "mean patience, seconds (exponential abandonment)")(
      "handle-times-file", po::value<std::string>(),
      "handle times in seconds, one per line, drawn at random instead of exponential")(
      "capacity", po::value<int>()->default_value(1), "conversations an agent handles at once")(
      "staffing", po::value<std::string>(), "staffing plan H:N,H:N (from hour H, N agents)");

  SimulationConfig config;
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    if (vm.count("help") != 0) {
      out << options;
      return 0;
    }
    po::notify(vm);
    config.agents = vm["agents"].as<int>();
    const double rate = vm["arrival-rate"].as<double>();
    config.handle_time_seconds = vm["handle-time"].as<double>();
    config.hours = vm["hours"].as<double>();
    config.target_seconds = vm["target"].as<double>();
    config.seed = vm["seed"].as<std::uint64_t>();
    config.chat_capacity = vm["capacity"].as<int>();
    if (config.agents < 1 || config.agents > 100000)
      throw BadArgument("--agents must be 1..100000");
    if (!(rate > 0 && rate <= 1000)) throw BadArgument("--arrival-rate must be in (0, 1000]");
    if (!(config.handle_time_seconds > 0 && config.handle_time_seconds <= 86400)) {
      throw BadArgument("--handle-time must be in (0, 86400]");
    }
    if (!(config.hours > 0 && config.hours <= 100000)) {
      throw BadArgument("--hours must be in (0, 100000]");
    }
    if (!(config.target_seconds >= 0 && config.target_seconds <= 86400)) {
      throw BadArgument("--target must be in [0, 86400]");
    }
    if (config.chat_capacity < 1 || config.chat_capacity > 100) {
      throw BadArgument("--capacity must be 1..100");
    }
    if (rate * config.hours * 3600 > kMaxContacts) {
      throw BadArgument("--arrival-rate x --hours would simulate more than 1e8 contacts");
    }
    if (vm.count("patience") != 0) {
      const double patience = vm["patience"].as<double>();
      if (!(patience > 0 && std::isfinite(patience))) throw BadArgument("--patience must be > 0");
      config.patience_seconds = patience;
    }
    if (vm.count("handle-times-file") != 0) {
      config.handle_times_seconds = read_handle_times(vm["handle-times-file"].as<std::string>());
    }
    if (vm.count("staffing") != 0)
      config.staffing = parse_staffing(vm["staffing"].as<std::string>());
    config.queues.push_back(SimulatedQueue{"general", rate});
  } catch (const po::error& e) {
    out << "kefu simulate: " << e.what() << "\n(try --help)\n";
    return 2;
  } catch (const BadArgument& e) {
    out << "kefu simulate: " << e.what() << "\n";
    return 2;
  }

  SimulationResult result;
  try {
    result = run_simulation(config);
  } catch (const std::invalid_argument& e) {
    out << "kefu simulate: " << e.what() << "\n";
    return 2;
  }
  print_summary(config, result, out);
  out << boost::json::serialize(summary_json(config, result)) << "\n";
  return 0;
}

}  // namespace kefu::routing
