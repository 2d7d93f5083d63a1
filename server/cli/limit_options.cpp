#include "server/cli/limit_options.hpp"

#include <boost/program_options/value_semantic.hpp>

namespace kefu::cli {
namespace po = boost::program_options;

void add_limit_options(po::options_description& options, net::ServeSettings& s) {
  const net::ServeSettings defaults;
  options.add_options()(
      "customer-rate",
      po::value(&s.customer_commands_per_second)
          ->default_value(defaults.customer_commands_per_second),
      "commands per second one customer may send, all their sockets together (bursts of twice "
      "that)")(
      "staff-rate",
      po::value(&s.staff_commands_per_second)->default_value(defaults.staff_commands_per_second),
      "commands per second one staff member may send, all their sockets together (bursts of "
      "twice that)")(
      "tickets-per-hour",
      po::value(&s.tickets_per_visitor_hour)->default_value(defaults.tickets_per_visitor_hour),
      "tickets one widget visitor may open per hour (bursts of as many)")(
      "kb-feedback-per-hour",
      po::value(&s.kb_feedback_per_visitor_hour)
          ->default_value(defaults.kb_feedback_per_visitor_hour),
      "knowledge-base feedback one widget visitor may give per hour (bursts of as many)")(
      "visitors-per-minute",
      po::value(&s.visitors_per_address_minute)
          ->default_value(defaults.visitors_per_address_minute),
      "new widget visitor tokens one IP address may get per minute (bursts of as many)")(
      "login-checks-per-address",
      po::value(&s.login_checks_per_address)->default_value(defaults.login_checks_per_address),
      "staff login password checks one IP address may have waiting or running (more: 429)")(
      "login-checks", po::value(&s.login_checks_total)->default_value(defaults.login_checks_total),
      "staff login password checks waiting or running in all (more: 503)");
}

}  // namespace kefu::cli
