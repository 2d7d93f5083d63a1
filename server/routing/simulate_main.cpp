// kefu-simulate: the `kefu simulate` command on its own, for working on the routing engine.
#include <iostream>
#include <string>
#include <vector>

#include "server/routing/simulate_command.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return kefu::routing::run_simulate_command(args, std::cout);
}
