#include "server/domain/command_decoder.hpp"

#include <catch2/catch.hpp>

using namespace kefu;

namespace {

CommandError error_of(std::string_view frame, SenderRole role = SenderRole::customer) {
  auto decoded = decode_command(frame, role);
  REQUIRE(std::holds_alternative<CommandError>(decoded));
  return std::get<CommandError>(decoded);
}

}  // namespace

TEST_CASE("customer messages decode with or without a conversation") {
  auto decoded = decode_command(R"({"type":"message","client_id":"c1","text":"你好"})",
                                SenderRole::customer);
  auto& m = std::get<SendMessage>(std::get<Command>(decoded));
  CHECK(m.client_id == "c1");
  CHECK(m.text == "你好");
  CHECK_FALSE(m.conversation_id.has_value());
  auto with = decode_command(R"({"type":"message","client_id":"c1","conversation_id":5,"text":"x"})",
                             SenderRole::customer);
  CHECK(std::get<SendMessage>(std::get<Command>(with)).conversation_id == 5);
}

TEST_CASE("a text of 4000 characters passes, 4001 is too_long, counted in characters") {
  const std::string han = "好";  // 3 bytes, one character
  std::string at_limit;
  for (int i = 0; i < 4000; ++i) at_limit += han;
  auto ok = decode_command(R"({"type":"message","client_id":"c","text":")" + at_limit + "\"}",
                           SenderRole::customer);
  CHECK(std::holds_alternative<Command>(ok));
  auto e = error_of(R"({"type":"message","client_id":"c","text":")" + at_limit + han + "\"}");
  CHECK(e.code == "too_long");
  CHECK(e.ref == "c");
}

TEST_CASE("bad frames get the documented error codes") {
  CHECK(error_of("").code == "bad_json");
  CHECK(error_of("nul").code == "bad_json");
  CHECK(error_of("\"text\"").code == "bad_json");
  CHECK(error_of(R"({"type":1})").code == "bad_field");
  CHECK(error_of(R"({"type":"message","client_id":"","text":"x"})").code == "bad_field");
  CHECK(error_of(R"({"type":"message","client_id":")" + std::string(65, 'a') +
                 R"(","text":"x"})").code == "bad_field");
  CHECK(error_of(R"({"type":"message","client_id":"c","conversation_id":0,"text":"x"})").code ==
        "bad_field");
  CHECK(error_of(R"({"type":"message","client_id":"c","conversation_id":1.5,"text":"x"})").code ==
        "bad_field");
  CHECK(error_of(R"({"type":"typing","conversation_id":1,"active":"yes"})").code == "bad_field");
  CHECK(error_of(R"({"type":"status","client_id":"s","status":"busy"})", SenderRole::staff).code ==
        "bad_field");
  CHECK(error_of(R"({"type":"message","client_id":"a","text":"x"})", SenderRole::staff).code ==
        "bad_field");
  CHECK(error_of(R"({"type":"resolve","client_id":"r","conversation_id":1})").code ==
        "unknown_type");
  std::string deep(100, '[');
  CHECK(error_of(deep).code == "bad_json");
}
