#pragma once

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <string>
#include <vector>

namespace kefu::net {

// Removes from `fields` what concerns only one hop of a relay (RFC 9110 §7.6.1): Connection and
// every field it names, Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade
// and Proxy-Authorization. The relay frames each message again itself (Content-Length).
inline void remove_hop_by_hop(boost::beast::http::fields& fields) {
  namespace http = boost::beast::http;
  std::vector<std::string> named;
  for (const auto& token : http::token_list{fields[http::field::connection]}) {
    named.emplace_back(token);
  }
  for (const auto& name : named) fields.erase(name);
  for (const auto field :
       {http::field::connection, http::field::keep_alive, http::field::proxy_connection,
        http::field::te, http::field::trailer, http::field::transfer_encoding, http::field::upgrade,
        http::field::proxy_authorization}) {
    fields.erase(field);
  }
}

}  // namespace kefu::net
