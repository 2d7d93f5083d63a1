#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/test_client.hpp"

namespace kefu::testing {

// One HTTP request a test sends from a chosen loopback address (127.0.0.1 to 127.255.255.254:
// Linux routes all of them to the loopback device), so that a test on one machine plays
// clients at several addresses.
struct AddressedRequest {
  std::string source = "127.0.0.1";
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  std::map<std::string, std::string> headers;
};

// Sends `request` on a new connection from its source address and waits for the answer
// (status 0 when the server dropped the connection).
HttpReply http_request_from(unsigned short port, const AddressedRequest& request);

// Many requests at once, each on its own connection, from a thread of its own: start() sends
// them all without waiting for any answer; sent() tells when every one is written; finish()
// waits for every answer (at most `timeout_ms` in all) and returns them in the requests' order.
class RequestFlood {
 public:
  RequestFlood(unsigned short port, std::vector<AddressedRequest> requests);
  ~RequestFlood();
  RequestFlood(const RequestFlood&) = delete;
  RequestFlood& operator=(const RequestFlood&) = delete;

  void start();
  // True once every request has been written (or has failed), waiting at most `timeout_ms`.
  bool sent(int timeout_ms);
  std::vector<HttpReply> finish(int timeout_ms);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kefu::testing
