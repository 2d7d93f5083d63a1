#include "tests/bench/load_parties.hpp"

#include <chrono>
#include <thread>

#include "tests/bench/load_socket.hpp"
#include "tests/support/test_client.hpp"

namespace kefu::load {

bool wait_until(const std::function<bool()>& done, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::string loopback_origin(unsigned short port) {
  return "http://127.0.0.1:" + std::to_string(port);
}

std::vector<std::shared_ptr<LoadAgent>> open_agents(LoadRun& run, boost::asio::io_context& io,
                                                    unsigned short port,
                                                    const std::vector<std::string>& cookies) {
  std::vector<std::shared_ptr<LoadAgent>> agents;
  for (std::size_t i = 0; i < cookies.size(); ++i) {
    agents.push_back(std::make_shared<LoadAgent>(
        run, static_cast<int>(i),
        std::make_shared<LoadSocket>(io, port, "/ws/staff", loopback_origin(port), cookies[i])));
    agents.back()->open();
  }
  return agents;
}

std::vector<std::shared_ptr<LoadCustomer>> open_customers(LoadRun& run, boost::asio::io_context& io,
                                                          unsigned short port,
                                                          const std::vector<std::string>& tokens) {
  std::vector<std::shared_ptr<LoadCustomer>> customers;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    customers.push_back(std::make_shared<LoadCustomer>(
        run, static_cast<int>(i),
        std::make_shared<LoadSocket>(io, port, "/ws/customer", loopback_origin(port), "",
                                     kefu::testing::customer_subprotocols(tokens[i]))));
    customers.back()->open();
  }
  return customers;
}

}  // namespace kefu::load
