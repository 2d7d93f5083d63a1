#include "server/integration/api_keys.hpp"

#include "server/auth/secret_token.hpp"
#include "server/integration/api_key_store.hpp"

namespace kefu::integration {

bool ApiKeys::looks_like_key(std::string_view credential) {
  return credential.starts_with(kKeyStart);
}

IssuedApiKey ApiKeys::create(const NewApiKey& request, std::int64_t now) {
  IssuedApiKey issued;
  issued.key = std::string(kKeyStart) + auth::new_secret_token();
  ApiKeyRecord& r = issued.record;
  r.name = request.name;
  r.prefix = issued.key.substr(0, kPrefixLength);
  r.scopes = request.scopes;
  r.rate_per_minute = request.rate_per_minute;
  r.created_by = request.created_by;
  r.created_at = now;
  r.id = store_.insert(r, auth::token_hash(issued.key));
  return issued;
}

std::optional<ApiKeyHolder> ApiKeys::authenticate(std::string_view key) const {
  if (!looks_like_key(key)) return std::nullopt;
  // The hash of a 256-bit random key is looked up by index: comparing hashes leaks nothing
  // useful about the key, so no constant-time comparison is needed.
  return store_.live_by_hash(auth::token_hash(std::string(key)));
}

bool ApiKeys::revoke(std::int64_t id, std::int64_t now) {
  return store_.revoke(id, now);
}

std::vector<ApiKeyRecord> ApiKeys::list() const {
  return store_.list();
}

std::optional<ApiKeyRecord> ApiKeys::find(std::int64_t id) const {
  return store_.find(id);
}

void ApiKeys::record_use(std::int64_t id, std::int64_t at) {
  store_.record_use(id, at);
}

}  // namespace kefu::integration
