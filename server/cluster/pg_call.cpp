#include "server/cluster/pg_call.hpp"

#include <stdexcept>

namespace kefu::cluster {

store::PgResult call(store::PgConnection& db, const std::string& sql,
                     const std::vector<store::PgParam>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  store::PgResult result(PQexecParams(db.handle(), sql.c_str(), static_cast<int>(values.size()),
                                      nullptr, values.data(), nullptr, nullptr, 0));
  // Class 08 (connection exception) and 57P (the server shutting down or ending this backend,
  // pg_terminate_backend) end the session even when libpq has not yet seen the socket close.
  const std::string state = result ? result.sqlstate() : "";
  const bool failed = result && result.status() == PGRES_FATAL_ERROR;
  if (!result || PQstatus(db.handle()) != CONNECTION_OK ||
      (failed && (state.empty() || state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0))) {
    std::string message = result ? result.error() : PQerrorMessage(db.handle());
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw std::runtime_error("postgresql: connection failed: " + message);
  }
  return result;
}

}  // namespace kefu::cluster
