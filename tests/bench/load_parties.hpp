#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tests/bench/load_party.hpp"

namespace kefu::load {

// Polls `done` every 5 ms until it holds (true) or `seconds` have passed (false).
bool wait_until(const std::function<bool()>& done, double seconds);

// The page's own origin for a node at `port` on 127.0.0.1 (what a page served there sends).
std::string loopback_origin(unsigned short port);

// One agent per session cookie, its console's socket opened on /ws/staff at `port`.
std::vector<std::shared_ptr<LoadAgent>> open_agents(LoadRun& run, boost::asio::io_context& io,
                                                    unsigned short port,
                                                    const std::vector<std::string>& cookies);

// One customer per visitor token, its widget's socket opened on /ws/customer at `port`.
std::vector<std::shared_ptr<LoadCustomer>> open_customers(LoadRun& run, boost::asio::io_context& io,
                                                          unsigned short port,
                                                          const std::vector<std::string>& tokens);

}  // namespace kefu::load
