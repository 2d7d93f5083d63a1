#include <catch2/catch.hpp>

#include "server/admin/password_policy.hpp"

using kefu::admin::PasswordPolicy;
using kefu::admin::PasswordRefused;

TEST_CASE("the password policy refuses fewer than 12 characters, counted as characters") {
  const PasswordPolicy policy;
  CHECK(policy.refusal("Tr4vel-Lamp", "ann").value().find("12 characters") != std::string::npos);
  CHECK_THROWS_AS(policy.check("Tr4vel-Lamp", "ann"), PasswordRefused);
  // 12 Chinese characters pass; 11 (33 bytes) are too few characters.
  CHECK(policy.refusal("月亮代表我的心光明正大好", "ann").has_value() == false);
  CHECK(policy.refusal("月亮代表我的心光明正大", "ann").has_value());
}

TEST_CASE("the password policy refuses common dictionary words and simple runs") {
  const PasswordPolicy policy;
  auto why = policy.refusal("Administrators", "ann");
  REQUIRE(why.has_value());
  CHECK(why->find("dictionary") != std::string::npos);
  CHECK(policy.refusal("abcdefghijklm", "ann").has_value());
  CHECK(policy.refusal("123456789012", "ann").has_value());
}

TEST_CASE("the password policy refuses the login itself and over-long passwords") {
  const PasswordPolicy policy;
  CHECK(policy.refusal("shopkeeper-ann", "shopkeeper-ann").has_value());
  CHECK(policy.refusal(std::string(1025, 'x') + "Tr4vel", "ann").has_value());
}

TEST_CASE("the password policy accepts a long uncommon passphrase") {
  const PasswordPolicy policy;
  CHECK_FALSE(policy.refusal("Tr4vel-Lamp-Orbit", "ann").has_value());
  CHECK_NOTHROW(policy.check("correct horse battery staple", "ann"));
}
