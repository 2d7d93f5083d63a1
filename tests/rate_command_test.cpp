#include <catch2/catch.hpp>
#include <string>

#include "server/domain/command_decoder.hpp"

// Decoding of the customer's `rate` command (docs/protocol.md, "rate").

using namespace kefu;

namespace {

CommandError error_of(const std::string& frame, SenderRole role = SenderRole::customer) {
  auto decoded = decode_command(frame, role);
  REQUIRE(std::holds_alternative<CommandError>(decoded));
  return std::get<CommandError>(decoded);
}

}  // namespace

TEST_CASE("a customer's rating decodes with its comment", "[quality]") {
  auto decoded = decode_command(
      R"({"type":"rate","client_id":"s-1","conversation_id":42,"rating":5,"comment":"很好"})",
      SenderRole::customer);
  REQUIRE(std::holds_alternative<Command>(decoded));
  const auto& rate = std::get<RateConversation>(std::get<Command>(decoded));
  CHECK(rate.client_id == "s-1");
  CHECK(rate.conversation_id == 42);
  CHECK(rate.rating == 5);
  CHECK(rate.comment == "很好");
  auto without = decode_command(R"({"type":"rate","client_id":"s","conversation_id":1,"rating":1})",
                                SenderRole::customer);
  CHECK(std::get<RateConversation>(std::get<Command>(without)).comment.empty());
}

TEST_CASE("bad ratings are typed errors that carry the client_id", "[quality]") {
  for (const char* rating : {"0", "6", "-1", "4.5", "\"5\"", "true", "null", "1e0"}) {
    INFO(rating);
    auto e =
        error_of(std::string(R"({"type":"rate","client_id":"s-2","conversation_id":4,"rating":)") +
                 rating + "}");
    CHECK(e.code == "bad_field");
    CHECK(e.ref == "s-2");
  }
  CHECK(error_of(R"({"type":"rate","client_id":"s","conversation_id":4})").code == "bad_field");
  CHECK(error_of(R"({"type":"rate","client_id":"s","rating":4})").code == "bad_field");
  CHECK(error_of(R"({"type":"rate","conversation_id":4,"rating":4})").code == "bad_field");
  CHECK(error_of(R"({"type":"rate","client_id":"s","conversation_id":4,"rating":4,"comment":7})")
            .code == "bad_field");
  std::string chinese;
  for (int i = 0; i < 501; ++i) chinese += "好";
  CHECK(error_of(R"({"type":"rate","client_id":"s","conversation_id":4,"rating":4,"comment":")" +
                 chinese + "\"}")
            .code == "too_long");
  chinese.resize(chinese.size() - 3);  // 500 characters are fine
  CHECK(std::holds_alternative<Command>(decode_command(
      R"({"type":"rate","client_id":"s","conversation_id":4,"rating":4,"comment":")" + chinese +
          "\"}",
      SenderRole::customer)));
  // Staff do not rate.
  CHECK(error_of(R"({"type":"rate","client_id":"s","conversation_id":4,"rating":4})",
                 SenderRole::staff)
            .code == "unknown_type");
}
