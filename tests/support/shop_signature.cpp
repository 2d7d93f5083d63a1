#include "tests/support/shop_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace kefu::testing {

std::string shopify_signature(const std::string& body, const std::string& secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  std::string out(4 * ((length + 2) / 3) + 1, '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest, static_cast<int>(length));
  out.resize(out.find('\0'));
  return out;
}

}  // namespace kefu::testing
