#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kefu::kb {
class WordVectors;
}  // namespace kefu::kb

namespace kefu::net {

// Everything `kefu serve` can be told. Defaults make `kefu serve` alone work on a laptop.
struct ServeSettings {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (tests)
  std::string database = "kefu.db";
  // `--store postgresql://...`: every module on that PostgreSQL database and no SQLite file
  // (`database` unused); empty: the SQLite file `database`. location() is the one in use.
  std::string store;
  // The key that seals mailbox passwords and the shop's secrets (mail::PasswordSeal); empty:
  // "<database>.mail-key" beside the SQLite file. On PostgreSQL it is required: every node
  // must read the same key (docs/deploying.md).
  std::string mail_key_file;
  // A node of a cluster (`--bus nats://...` with `--store postgresql://`): the bus as given
  // (empty: one node, the desk without election), this node's name in the desk's lease (empty:
  // hostname:port) and the lease the elected desk renews (server/net/desk_candidate.hpp).
  std::string bus;
  std::string node;
  std::int64_t desk_lease_ms = 3000;
  // Where the other nodes reach this one when it is the desk (`--advertise http://HOST:PORT`,
  // checked; empty: the address it listens on), written into the desk's lease for standby
  // nodes to relay to (server/net/http_relay.hpp).
  std::string advertise;
  // The cluster's shared key (cluster::cluster_key), read from the database by a node of the
  // cluster; a Kefu-Relayed-For header is trusted only with a valid signature under it
  // (server/net/relayed_for.hpp). Empty (one node): never trusted. Not an option.
  std::string cluster_key;
  std::string static_dir;                    // built agent_ui (agent_ui/dist)
  std::vector<std::string> allowed_origins;  // the shops' pages, for the widget only
  // Kefu's own origin (scheme://host[:port]) as browsers see it, behind a proxy; empty: "http://"
  // + the request's Host. The only origin of the console, the staff socket and staff REST.
  std::string public_origin;
  // Bearer token that /metrics asks for; empty: /metrics answers 404.
  std::string metrics_token;
  unsigned threads = 0;  // 0: one per core
  std::string synchronous = "FULL";
  std::int64_t request_timeout_ms = 15000;  // a request (or an upgrade) must arrive whole
  // How long a WebSocket may stay silent: pinged after half of it without a byte from the
  // client (browsers answer pings without any script), closed once all of it passes (a client
  // gone without a FIN, a relaying node frozen: its person counts as disconnected).
  std::int64_t socket_idle_ms = 30000;
  std::int64_t session_ttl_ms = 12ll * 3600 * 1000;
  bool secure_cookies = false;  // behind a TLS-terminating proxy
  // Commands per second of one customer (all their sockets together; bursts of twice that)
  // and of one staff member (docs/security/limits.md lists every limit below).
  double customer_commands_per_second = 10;
  double staff_commands_per_second = 50;
  double tickets_per_visitor_hour = 10;      // bursts of the same
  double kb_feedback_per_visitor_hour = 60;  // bursts of the same
  double visitors_per_address_minute = 60;   // new visitor tokens; bursts of the same
  std::size_t login_checks_per_address = 8;  // password checks waiting or running
  std::size_t login_checks_total = 64;
  std::size_t send_queue_limit = 1024;                  // frames waiting for a slow reader
  std::size_t attachment_max_bytes = 10 * 1024 * 1024;  // one attachment's bytes at most
  std::int64_t agent_grace_ms = 60 * 1000;
  std::int64_t abandon_grace_ms = 60 * 1000;
  std::int64_t reopen_window_ms = 24ll * 3600 * 1000;
  bool demo = false;        // serves /api/demo/identity for the demo shop page
  std::string shop_secret;  // HMAC key of the shop's order webhooks and identity signatures
  // How far an order webhook's X-Shopify-Triggered-At may be from now (docs/security/erasure.md).
  std::int64_t webhook_window_ms = 5 * 60 * 1000;
  // Outbound webhooks (docs/webhooks.md): networks receivers may be in besides public addresses
  // ("127.0.0.0/8"), the retry delays in ms for tests only ("" is the standard schedule) and
  // how long a subscription may fail without a success before it is disabled.
  std::vector<std::string> webhook_allowed_networks;
  std::string webhook_test_schedule;
  std::int64_t webhook_disable_after_ms = 5ll * 24 * 3600 * 1000;
  // The e-mail channel (server/net/mail_service.hpp): certificates to trust for SMTP and IMAP
  // instead of the system's (empty: the system's), how often IMAP folders are polled, and the
  // first wait before a refused reply is tried again (doubling each time).
  std::string mail_ca_file;
  std::int64_t mail_poll_ms = 60'000;
  std::int64_t mail_retry_ms = 60'000;
  // What the knowledge base's search reads meaning from; null: letters only.
  std::shared_ptr<const kb::WordVectors> word_vectors;

  // Where every module opens its connections: the postgresql:// URI, else the SQLite file.
  const std::string& location() const { return store.empty() ? database : store; }
  // The mailbox password key's file in use.
  std::string mail_key_path() const;
};

}  // namespace kefu::net
