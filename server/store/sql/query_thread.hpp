#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <optional>
#include <string>

namespace kefu::sql {

// Where a module's blocking queries run. A SQLite connection answers from the local file, so its
// work runs where it always has (a strand of the io_context, or the caller's thread); a
// PostgreSQL connection waits a network round trip per statement, so its work runs on a thread
// of its own and never holds one of the io_context's threads (docs/architecture.md, "Threads").
class QueryThread {
 public:
  // One thread of its own when `location` is a postgresql:// URI; none for a SQLite file.
  explicit QueryThread(const std::string& location);
  // stop().
  ~QueryThread();
  QueryThread(const QueryThread&) = delete;
  QueryThread& operator=(const QueryThread&) = delete;

  // True when there is a thread of its own (PostgreSQL).
  bool running() const { return pool_.has_value(); }
  // The thread's executor, or `fallback` when there is none (SQLite).
  boost::asio::any_io_executor executor_or(const boost::asio::any_io_executor& fallback);

  // Waits for the work the thread is running to end; work still queued never runs (it is
  // destroyed with this object). Call it before what the work uses goes. Idempotent.
  void stop();

 private:
  std::optional<boost::asio::thread_pool> pool_;
};

}  // namespace kefu::sql
