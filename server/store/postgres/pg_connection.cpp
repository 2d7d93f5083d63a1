#include "server/store/postgres/pg_connection.hpp"

#include <stdexcept>

namespace kefu::store {

PgConnection::PgConnection(const std::string& uri) : conn_(PQconnectdb(uri.c_str())) {
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(conn_);
    conn_ = nullptr;
    throw std::runtime_error("postgresql: cannot connect: " + message);
  }
  exec("SET synchronous_commit = on");
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<PgParam>& params) {
  PgResult result;
  if (params.empty()) {
    result = PgResult(PQexec(conn_, sql.c_str()));
  } else {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    result = PgResult(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0));
  }
  if (!result.ok()) {
    std::string message = result ? result.error() : PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw std::runtime_error("postgresql: " + message);
  }
  return result;
}

}  // namespace kefu::store
