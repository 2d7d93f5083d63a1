#include "server/store/postgres/pg_pipeline.hpp"

#include <poll.h>

#include <boost/asio/post.hpp>
#include <stdexcept>

namespace kefu::store {
namespace asio = boost::asio;

namespace {

// libpq's message for the connection, without its trailing newline.
std::string connection_error(PGconn* conn) {
  std::string message = PQerrorMessage(conn);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return message.empty() ? "connection lost" : message;
}

// True when `fd` has something to read now.
bool readable_now(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

}  // namespace

PgPipeline::PgPipeline(asio::io_context& io, std::string uri,
                       std::vector<std::pair<std::string, std::string>> prepared)
    : io_(io), uri_(std::move(uri)), prepared_(std::move(prepared)) {
  connect();
}

PgPipeline::~PgPipeline() {
  disconnect();
}

void PgPipeline::connect() {
  connection_.emplace(uri_);
  PGconn* conn = connection_->handle();
  // ROLLBACK with no transaction open (after a failed group) is only a warning: keep it quiet.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  for (const auto& [name, sql] : prepared_) {
    PgResult r(PQprepare(conn, name.c_str(), sql.c_str(), 0, nullptr));
    if (!r.ok()) throw std::runtime_error("postgresql: cannot prepare " + name + ": " + r.error());
  }
  if (PQsetnonblocking(conn, 1) != 0 || PQenterPipelineMode(conn) != 1) {
    throw std::runtime_error("postgresql: no pipeline mode: " + connection_error(conn));
  }
  socket_.emplace(io_, PQsocket(conn));
  ++generation_;
  reading_ = writing_ = false;
}

void PgPipeline::disconnect() {
  ++generation_;
  reading_ = writing_ = false;
  if (socket_) {
    boost::system::error_code ignored;
    socket_->cancel(ignored);
    socket_->release();  // libpq owns the descriptor and closes it
    socket_.reset();
  }
  connection_.reset();
}

PGTransactionStatusType PgPipeline::transaction_status() const {
  return connection_ ? PQtransactionStatus(const_cast<PgConnection&>(*connection_).handle())
                     : PQTRANS_UNKNOWN;
}

void PgPipeline::run(std::vector<PgStatement> statements, Done done) {
  if (in_flight_) throw std::logic_error("PgPipeline::run while a run is in flight");
  if (!connection_ || !connection_->healthy()) {
    try {
      disconnect();
      connect();
    } catch (const std::exception& e) {
      disconnect();
      asio::post(io_, [done = std::move(done), error = std::string(e.what())] {
        done(Outcome{{}, error});
      });
      return;
    }
  }
  in_flight_ = true;
  done_ = std::move(done);
  results_.clear();
  expected_ = statements.size();
  PGconn* conn = connection_->handle();
  std::vector<const char*> values;
  for (const auto& s : statements) {
    values.clear();
    for (const auto& p : s.params) values.push_back(p ? p->c_str() : nullptr);
    const int n = static_cast<int>(values.size());
    const int sent =
        s.prepared.empty()
            ? PQsendQueryParams(conn, s.sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0)
            : PQsendQueryPrepared(conn, s.prepared.c_str(), n, values.data(), nullptr, nullptr, 0);
    if (sent != 1) {
      finish(connection_error(conn));
      return;
    }
  }
  if (PQpipelineSync(conn) != 1) {
    finish(connection_error(conn));
    return;
  }
  flush();
  if (in_flight_) wait_readable();
}

void PgPipeline::flush() {
  if (!in_flight_ || writing_) return;
  const int r = PQflush(connection_->handle());
  if (r < 0) {
    finish(connection_error(connection_->handle()));
    return;
  }
  if (r == 0) return;
  // The socket's buffer is full: wait until it drains (results are read meanwhile).
  writing_ = true;
  socket_->async_wait(asio::posix::stream_descriptor::wait_write,
                      [this, generation = generation_](const boost::system::error_code&) {
                        if (generation != generation_) return;  // an older connection's
                        writing_ = false;
                        flush();
                      });
}

void PgPipeline::wait_readable() {
  if (!in_flight_ || reading_) return;
  reading_ = true;
  socket_->async_wait(asio::posix::stream_descriptor::wait_read,
                      [this, generation = generation_](const boost::system::error_code&) {
                        if (generation != generation_) return;  // an older connection's
                        reading_ = false;
                        on_readable();
                      });
  // Asio watches the descriptor edge-triggered: bytes that arrived before the wait was queued
  // raise no new event. Checked now that it is queued, they wake the wait at once.
  if (readable_now(PQsocket(connection_->handle()))) {
    boost::system::error_code ignored;
    socket_->cancel(ignored);  // the handlers above run and simply try again
  }
}

void PgPipeline::on_readable() {
  if (!in_flight_) return;
  PGconn* conn = connection_->handle();
  if (PQconsumeInput(conn) != 1) {
    finish(connection_error(conn));
    return;
  }
  bool after_end = false;
  while (!PQisBusy(conn)) {
    PGresult* raw = PQgetResult(conn);
    if (raw == nullptr) {
      // The end of one statement's results; twice in a row: nothing more is queued.
      if (after_end) break;
      after_end = true;
      continue;
    }
    after_end = false;
    PgResult result(raw);
    if (result.status() == PGRES_PIPELINE_SYNC) {
      finish({});
      return;
    }
    if (results_.size() >= expected_) {
      finish("postgresql: more results than statements");
      return;
    }
    results_.push_back(std::move(result));
  }
  flush();
  wait_readable();
}

void PgPipeline::finish(std::string broken) {
  in_flight_ = false;
  // A connection that broke in the middle of a run is not used again: the next run connects.
  if (!broken.empty()) disconnect();
  auto done = std::move(done_);
  done_ = nullptr;
  Outcome outcome{std::move(results_), std::move(broken)};
  results_.clear();
  done(std::move(outcome));
}

}  // namespace kefu::store
