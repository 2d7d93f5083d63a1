#include <filesystem>
#include <optional>
#include <ostream>

#include "knowledge_base/word_vectors.hpp"
#include "server/cli/cluster_options.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/config_file.hpp"
#include "server/cli/limit_options.hpp"
#include "server/cli/options.hpp"
#include "server/cli/store_options.hpp"
#include "server/net/origin_policy.hpp"
#include "server/net/serve.hpp"
#include "server/net/webhook_routes.hpp"
#include "server/store/postgres/postgres_migrations.hpp"

namespace kefu::cli {
namespace po = boost::program_options;

namespace {

// The built front end: $KEFU_STATIC_DIR, else agent_ui/dist of the source tree this binary was
// built from, else agent_ui/dist under the working directory.
std::string default_static_dir() {
  if (const char* env = std::getenv("KEFU_STATIC_DIR"); env != nullptr && *env != '\0') return env;
  const std::filesystem::path built = KEFU_SOURCE_DIR "/agent_ui/dist";
  if (std::filesystem::exists(built)) return built.string();
  return "agent_ui/dist";
}

}  // namespace

int serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  net::ServeSettings s;
  std::string listen;
  std::optional<std::string> word_vectors;
  double grace_s = 60, abandon_s = 60, reopen_h = 24, ttl_h = 12, webhook_window_s = 300,
         request_timeout_s = 15, webhook_disable_h = 120, socket_idle_s = 30;
  po::options_description d("options");
  d.add_options()("help,h", "show this help")("listen",
                                              po::value(&listen)->default_value("127.0.0.1:8080"),
                                              "address:port (port 0: any free port)")(
      "db", po::value(&s.database)->default_value(default_database()), "SQLite database file")(
      "static-dir", po::value(&s.static_dir)->default_value(default_static_dir()),
      "built front end (agent_ui/dist)")(
      "allowed-origin", po::value(&s.allowed_origins)->composing(),
      "a shop's origin (scheme://host[:port]) whose pages may embed the widget (its socket and "
      "REST calls); repeatable. For the widget only: staff pages answer Kefu's own origin alone")(
      "public-origin", po::value<std::string>(),
      "Kefu's own origin as browsers see it (https://kefu.example), behind a proxy; the only "
      "origin of the console, the staff socket and staff REST (default: http:// + the request's "
      "Host)")(
      "metrics-token", po::value(&s.metrics_token),
      "bearer token /metrics asks for, 16 bytes or more (default: $KEFU_METRICS_TOKEN; none: "
      "/metrics answers 404)")("threads", po::value(&s.threads)->default_value(0),
                               "network threads (0: one per core)")(
      "synchronous", po::value(&s.synchronous)->default_value("FULL"),
      "SQLite synchronous level for the writer: FULL (durable against power loss) or NORMAL")(
      "secure-cookies", po::bool_switch(&s.secure_cookies),
      "mark session cookies Secure (when served over TLS by a proxy)")(
      "request-timeout", po::value(&request_timeout_s)->default_value(15),
      "seconds a client has to send a whole request or upgrade")(
      "socket-idle", po::value(&socket_idle_s)->default_value(30),
      "seconds a WebSocket may stay silent (1 to 3600): pinged after half of it, closed once it "
      "all passes without a byte (browsers answer pings by themselves), its person then counts "
      "as disconnected")("agent-grace", po::value(&grace_s)->default_value(60),
                         "seconds a disconnected agent keeps their chats")(
      "abandon-grace", po::value(&abandon_s)->default_value(60),
      "seconds a queued customer may be disconnected before the chat counts as abandoned")(
      "reopen-window", po::value(&reopen_h)->default_value(24),
      "hours in which a customer's message reopens a resolved chat")(
      "session-hours", po::value(&ttl_h)->default_value(12), "staff session lifetime in hours")(
      "send-queue", po::value(&s.send_queue_limit)->default_value(1024),
      "frames queued for a slow reader before it is dropped")(
      "attachment-max-bytes", po::value(&s.attachment_max_bytes)->default_value(10 * 1024 * 1024),
      "largest attachment (image or PDF) a customer or staff member may upload, in bytes")(
      "demo", po::bool_switch(&s.demo),
      "demo mode: the demo shop page signs in as one of the demo customers")(
      "shop-secret", po::value(&s.shop_secret),
      "HMAC secret of the shop's order webhooks (default: $KEFU_SHOP_SECRET)")(
      "webhook-window", po::value(&webhook_window_s)->default_value(300),
      "seconds an order webhook's X-Shopify-Triggered-At may be from now; older are refused")(
      "webhook-allow-network", po::value(&s.webhook_allowed_networks)->composing(),
      "a network (address/prefix, e.g. 10.1.0.0/16) webhook receivers may be in besides public "
      "addresses; repeatable (loopback, private and link-local addresses are refused otherwise)")(
      "webhook-disable-after", po::value(&webhook_disable_h)->default_value(120),
      "hours a webhook may fail without a success before it is disabled")(
      "test-webhook-schedule", po::value(&s.webhook_test_schedule),
      "for tests only: webhook retry delays in ms (\"0,200,500\") and a fast poll")(
      "mail-ca-file", po::value(&s.mail_ca_file),
      "PEM certificates to trust for the mailboxes' SMTP and IMAP servers (default: the "
      "system's)")("mail-poll-ms", po::value(&s.mail_poll_ms)->default_value(60'000),
                   "milliseconds between two IMAP polls of each mailbox")(
      "mail-retry-ms", po::value(&s.mail_retry_ms)->default_value(60'000),
      "milliseconds before a deferred reply is tried again (doubling each time)")(
      "word-vectors", po::value<std::string>(),
      "English word vectors the knowledge base's search reads meaning from (none: letters "
      "only; default: $KEFU_WORD_VECTORS, else the file the build derives)");
  add_limit_options(d, s);
  add_store_options(d, s);
  ClusterOptions cluster;
  add_cluster_options(d, cluster);
  add_config_option(d);
  po::variables_map values;
  int status = 0;
  if (!parse_options(args, d, values, "usage: kefu serve [OPTIONS]", out, err, status) ||
      !read_config_file(d, values, err, status)) {
    return status;
  }
  const bool postgres_store = values.count("store") != 0 && store::is_postgres_uri(s.store);
  if (const int refused = check_cluster_options(values, cluster, postgres_store, err)) {
    return refused;
  }
  if (const int refused = check_store_options(values, s, err)) return refused;
  apply_cluster_options(cluster, s);
  if (s.shop_secret.empty()) {
    if (const char* env = std::getenv("KEFU_SHOP_SECRET"); env != nullptr) s.shop_secret = env;
  }
  if (s.metrics_token.empty()) {
    if (const char* env = std::getenv("KEFU_METRICS_TOKEN"); env != nullptr) s.metrics_token = env;
  }
  if (!s.metrics_token.empty() && s.metrics_token.size() < 16) {
    err << "--metrics-token must be 16 bytes or more\n";
    return 2;
  }
  if (values.count("public-origin") != 0) {
    const auto& given = values["public-origin"].as<std::string>();
    auto origin = net::OriginPolicy::normalise_origin(given);
    if (!origin) {
      err << "--public-origin must be http(s)://host[:port], without a path: " << given << "\n";
      return 2;
    }
    s.public_origin = *origin;
  }
  for (auto& shop : s.allowed_origins) {
    auto origin = net::OriginPolicy::normalise_origin(shop);
    if (!origin) {
      err << "--allowed-origin must be http(s)://host[:port], without a path: " << shop << "\n";
      return 2;
    }
    shop = *origin;
  }
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    err << "--listen must be address:port\n";
    return 2;
  }
  s.address = listen.substr(0, colon);
  s.port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
  s.agent_grace_ms = static_cast<std::int64_t>(grace_s * 1000);
  s.webhook_disable_after_ms = static_cast<std::int64_t>(webhook_disable_h * 3600 * 1000);
  try {
    net::webhook_settings(s);
  } catch (const std::invalid_argument& refused) {
    err << "--webhook-allow-network / --test-webhook-schedule: " << refused.what() << "\n";
    return 2;
  }
  s.abandon_grace_ms = static_cast<std::int64_t>(abandon_s * 1000);
  if (webhook_window_s <= 0) {
    err << "--webhook-window must be positive\n";
    return 2;
  }
  s.webhook_window_ms = static_cast<std::int64_t>(webhook_window_s * 1000);
  s.reopen_window_ms = static_cast<std::int64_t>(reopen_h * 3600 * 1000);
  s.session_ttl_ms = static_cast<std::int64_t>(ttl_h * 3600 * 1000);
  s.request_timeout_ms = static_cast<std::int64_t>(request_timeout_s * 1000);
  if (!(socket_idle_s >= 1 && socket_idle_s <= 3600)) {
    err << "--socket-idle must be from 1 to 3600 seconds\n";
    return 2;
  }
  s.socket_idle_ms = static_cast<std::int64_t>(socket_idle_s * 1000);
  if (values.count("word-vectors") != 0) word_vectors = values["word-vectors"].as<std::string>();
  s.word_vectors = kb::WordVectors::open(word_vectors);
  if (s.word_vectors) {
    err << "word vectors: " << s.word_vectors->size() << " English words from "
        << word_vectors.value_or(kb::WordVectors::default_path()) << "\n";
  } else if (!word_vectors) {
    err << "no word vectors at " << kb::WordVectors::default_path()
        << " (scripts/install-deps, then build): the knowledge base searches by letters only\n";
  }
  return net::serve(s, out);
}

}  // namespace kefu::cli
