#include "server/auth/secret_token.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace kefu::auth;

TEST_CASE("secret tokens carry 256 bits and are stored as SHA-256") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = new_secret_token();
    CHECK(t.size() == 43);
    CHECK(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    seen.insert(t);
  }
  CHECK(seen.size() == 100);
  CHECK(token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(new_public_id("v_").size() == 18);
}
