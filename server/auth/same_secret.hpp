#pragma once

#include <string_view>

namespace kefu::auth {

// True when `offered` equals `expected`, in time that depends on neither their contents nor
// where they differ nor the offered length: both are hashed (SHA-256, OpenSSL) and the digests
// compared with CRYPTO_memcmp. For bearer tokens held in the configuration (the /metrics token).
bool same_secret(std::string_view offered, std::string_view expected);

}  // namespace kefu::auth
