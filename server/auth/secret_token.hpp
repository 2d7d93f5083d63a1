#pragma once

#include <string>

namespace kefu::auth {

// 256 random bits from libsodium, as unpadded base64url (43 characters): session ids and
// visitor tokens. Not guessable; callers store only token_hash() of it.
std::string new_secret_token();

// Hex SHA-256 of a token (OpenSSL). Tokens are high-entropy, so a fast hash is enough and a
// leaked database does not give working tokens.
std::string token_hash(const std::string& token);

// A short public id with a prefix, e.g. "v_" + 16 hex characters of randomness.
std::string new_public_id(const std::string& prefix);

}  // namespace kefu::auth
