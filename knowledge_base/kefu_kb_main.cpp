// kefu-kb: the knowledge base's commands on their own, the same as `kefu kb ...`.
#include <iostream>
#include <string>
#include <vector>

#include "knowledge_base/kb_command.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return kefu::kb::run_kb_command(args, std::cout);
}
