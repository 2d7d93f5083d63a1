// libFuzzer harness for the HTTP edge: the bytes are one client's request, written into Beast's
// in-memory test stream and parsed with the server's limits (8 KiB of headers, 64 KiB of body);
// a request that parses is answered by handle_api against a real ServerState on a scratch
// database. Every answer must come exactly once, with a status from 100 to 599 and, for an
// error, a JSON body. Crashes, leaks and undefined behaviour are what the fuzzer looks for.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "server/back_office/schema_setup.hpp"
#include "server/net/api_routes.hpp"
#include "server/net/server_state.hpp"
#include "server/store/sqlite_store.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

// One server's shared state on a scratch database in $TMPDIR (scripts/fuzz: build-fuzz/tmp),
// made on the first input.
struct Scratch {
  net::io_context io;
  std::unique_ptr<kefu::store::SqliteStore> store;
  std::unique_ptr<kefu::net::ServerState> state;

  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kefu-fuzz-XXXXXX").string();
    const std::string folder = mkdtemp(pattern.data());
    kefu::store::SqliteOptions options;
    options.path = folder + "/kefu.db";
    options.synchronous = "OFF";
    options.also_migrate = kefu::prepare_schema;  // every module's tables, as `kefu serve`
    store = std::make_unique<kefu::store::SqliteStore>(options);
    kefu::net::ServeSettings settings;
    settings.database = options.path;
    state = std::make_unique<kefu::net::ServerState>(io, settings, *store);
    state->allow_origin("http://127.0.0.1:8080");
    state->start();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Scratch scratch;
  beast::test::stream client(scratch.io);
  client.append(std::string_view(reinterpret_cast<const char*>(data), size));
  client.close_remote();
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  beast::error_code ec;
  http::read(client, buffer, parser, ec);
  if (ec) return 0;  // the server answers 400/413/431 or drops it; nothing reaches the routes
  auto answers = std::make_shared<std::atomic<int>>(0);
  auto status = std::make_shared<std::atomic<unsigned>>(0);
  auto body_ok = std::make_shared<std::atomic<bool>>(true);
  const bool routed = kefu::net::handle_api(parser.release(), *scratch.state,
                                            [answers, status, body_ok](kefu::net::Response res) {
                                              status->store(res.result_int());
                                              if (res.result_int() >= 400 && !res.body().empty()) {
                                                boost::system::error_code json_ec;
                                                boost::json::parse(res.body(), json_ec);
                                                if (json_ec) body_ok->store(false);
                                              }
                                              ++*answers;
                                            });
  if (!routed) return 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (*answers == 0 && std::chrono::steady_clock::now() < deadline) {
    scratch.io.restart();
    scratch.io.run_for(std::chrono::milliseconds(5));
  }
  scratch.io.restart();
  scratch.io.poll();
  if (*answers != 1 || *status < 100 || *status > 599 || !*body_ok) __builtin_trap();
  return 0;
}
