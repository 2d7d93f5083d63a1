#include "server/auth/login_throttle.hpp"

#include <catch2/catch.hpp>

using kefu::auth::LoginThrottle;

TEST_CASE("five failures lock an account out, doubling with each lockout") {
  LoginThrottle throttle(5, 15 * 60 * 1000, 60 * 1000);
  for (int i = 0; i < 4; ++i) throttle.record_failure("bob", 1000 + i);
  CHECK(throttle.wait_before_attempt("bob", 2000) == 0);
  throttle.record_failure("bob", 2000);
  CHECK(throttle.wait_before_attempt("bob", 2000) == 60 * 1000);
  CHECK(throttle.wait_before_attempt("alice", 2000) == 0);
  const std::int64_t after = 2000 + 60 * 1000;
  CHECK(throttle.wait_before_attempt("bob", after) == 0);
  for (int i = 0; i < 5; ++i) throttle.record_failure("bob", after);
  CHECK(throttle.wait_before_attempt("bob", after) == 120 * 1000);
  throttle.record_success("bob");
  CHECK(throttle.wait_before_attempt("bob", after) == 0);
}

TEST_CASE("failures outside the window do not add up") {
  LoginThrottle throttle(3, 1000, 5000);
  throttle.record_failure("x", 0);
  throttle.record_failure("x", 500);
  throttle.record_failure("x", 2000);  // the window restarted
  CHECK(throttle.wait_before_attempt("x", 2000) == 0);
}
