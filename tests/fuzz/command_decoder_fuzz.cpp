// libFuzzer harness for the command decoder: any bytes, as a customer's and as a staff
// member's frame, must decode to a Command or a CommandError without crashing, leaking or
// undefined behaviour; an error always carries a known code.
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "server/domain/command_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::set<std::string> codes = {"bad_json", "bad_field", "unknown_type", "too_long"};
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  for (auto role : {kefu::SenderRole::customer, kefu::SenderRole::staff}) {
    auto decoded = kefu::decode_command(frame, role);
    if (auto* e = std::get_if<kefu::CommandError>(&decoded)) {
      if (!codes.count(std::string(e->code))) __builtin_trap();
    }
  }
  return 0;
}
