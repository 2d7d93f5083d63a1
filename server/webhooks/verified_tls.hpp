#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

namespace kefu::webhooks {

// The TLS client context every WebhookSender of the process shares: peers verified against the
// system's certificate store, read once (tens of milliseconds: a cluster's standby reads it while
// it waits, DeskCandidate::prepare_desk, rather than the new desk while it takes over).
// Thread-safe.
std::shared_ptr<boost::asio::ssl::context> verified_tls();

}  // namespace kefu::webhooks
