#pragma once

#include "server/integration/api_key_store.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::integration {

// ApiKeyStore in the `api_keys` table (migration step 5), on the connection it is given (either
// engine: the neutral SQL layer, server/store/sql).
class SqliteApiKeyStore final : public ApiKeyStore {
 public:
  explicit SqliteApiKeyStore(sql::Connection& db) : db_(db) {}

  std::int64_t insert(const ApiKeyRecord& r, const std::string& secret_hash) override;
  std::optional<ApiKeyHolder> live_by_hash(const std::string& secret_hash) override;
  bool revoke(std::int64_t id, std::int64_t now) override;
  std::vector<ApiKeyRecord> list() override;
  std::optional<ApiKeyRecord> find(std::int64_t id) override;
  void record_use(std::int64_t id, std::int64_t at) override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::integration
