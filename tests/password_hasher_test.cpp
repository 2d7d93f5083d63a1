#include "server/auth/password_hasher.hpp"

#include <catch2/catch.hpp>

using kefu::auth::PasswordHasher;

TEST_CASE("argon2id hashes verify the right password only, with OWASP's minimum cost") {
  const PasswordHasher hasher;
  const auto hash = hasher.hash("correct horse");
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find("m=19456,t=2") != std::string::npos);
  CHECK(hasher.verify(hash, "correct horse"));
  CHECK_FALSE(hasher.verify(hash, "correct horse "));
  CHECK_FALSE(hasher.verify("not a hash", "correct horse"));
  CHECK(hasher.hash("correct horse") != hash);  // salted
}
