#include "server/store/sql/query_thread.hpp"

#include "server/store/postgres/postgres_migrations.hpp"

namespace kefu::sql {

QueryThread::QueryThread(const std::string& location) {
  if (store::is_postgres_uri(location)) pool_.emplace(1);
}

QueryThread::~QueryThread() {
  stop();
}

boost::asio::any_io_executor QueryThread::executor_or(
    const boost::asio::any_io_executor& fallback) {
  if (!pool_) return fallback;
  return pool_->get_executor();
}

void QueryThread::stop() {
  if (!pool_) return;
  pool_->stop();
  pool_->join();
}

}  // namespace kefu::sql
