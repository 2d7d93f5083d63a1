#include "server/webhooks/verified_tls.hpp"

namespace kefu::webhooks {

std::shared_ptr<boost::asio::ssl::context> verified_tls() {
  namespace ssl = boost::asio::ssl;
  static const auto tls = [] {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    context->set_default_verify_paths();
    context->set_verify_mode(ssl::verify_peer);
    return context;
  }();
  return tls;
}

}  // namespace kefu::webhooks
