// Group commit on each backend, through the Store interface alone: SqliteStore (synchronous
// FULL, WAL) against PostgresStore (pipelined group commit, synchronous_commit=on) on a
// throw-away PostgreSQL in a folder on disk (scripts/local-postgres). `in_flight` writers keep
// one message each submitted at all times (each completion submits that writer's next), the
// shape of many sockets each waiting for their ack.
//
//   store_group_commit_bench [messages=20000] [in_flight=256] [conversations=100]
//
// Prints one JSON object per backend: messages per second, mean and p99 of the time from
// submit to completion (the ack), groups committed and the mean group size.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/store/postgres/postgres_store.hpp"
#include "server/store/sqlite_store.hpp"
#include "tests/support/local_postgres.hpp"
#include "tests/support/store_fixture.hpp"

using namespace kefu::store;
using Clock = std::chrono::steady_clock;

namespace {

struct Run {
  Run(Store& s, int m, int c) : store(s), messages(m), conversations(c) {}

  Store& store;
  int messages;
  int conversations;
  std::mutex mutex;
  std::condition_variable finished;
  int submitted = 0;                // GUARDED_BY(mutex)
  int done = 0;                     // GUARDED_BY(mutex)
  int failed = 0;                   // GUARDED_BY(mutex)
  std::vector<double> ack_seconds;  // GUARDED_BY(mutex)

  // Submits the next message, if any is left; its completion submits the one after.
  void next() {
    int n = 0;
    {
      std::lock_guard lock(mutex);
      if (submitted == messages) return;
      n = submitted++;
    }
    WriteBatch b;
    b.mutations.push_back(test::customer_message(1 + n % conversations, "m" + std::to_string(n),
                                                 "a message of about sixty characters, for "
                                                 "the benchmark"));
    const auto start = Clock::now();
    store.submit(std::move(b), [this, start](WriteResult r) {
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      next();  // first: once the last is counted, the waiter may end the run
      std::lock_guard lock(mutex);
      ack_seconds.push_back(seconds);
      if (!r.ok) ++failed;
      if (++done == messages) finished.notify_all();
    });
  }
};

void measure(const std::string& backend, Store& store, int messages, int in_flight,
             int conversations) {
  for (int c = 1; c <= conversations; ++c) {
    auto setup = test::customer_and_conversation(c);
    if (c > 1) setup.mutations.erase(setup.mutations.begin());  // customer 1 exists
    if (!store.submit_and_wait(std::move(setup)).ok) throw std::runtime_error("setup failed");
  }
  const auto before = store.commit_latency();
  Run run(store, messages, conversations);
  const auto start = Clock::now();
  for (int i = 0; i < in_flight; ++i) run.next();
  std::unique_lock lock(run.mutex);
  run.finished.wait(lock, [&] { return run.done == messages; });
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto after = store.commit_latency();
  std::uint64_t groups = after.overflow - before.overflow;
  for (std::size_t i = 0; i < after.counts.size(); ++i)
    groups += after.counts[i] - before.counts[i];
  std::sort(run.ack_seconds.begin(), run.ack_seconds.end());
  double sum = 0;
  for (double s : run.ack_seconds) sum += s;
  const double p99 = run.ack_seconds[run.ack_seconds.size() * 99 / 100];
  std::printf(
      "{\"backend\":\"%s\",\"messages\":%d,\"in_flight\":%d,\"failed\":%d,"
      "\"messages_per_s\":%.0f,\"ack_mean_ms\":%.2f,\"ack_p99_ms\":%.2f,\"groups\":%llu,"
      "\"mean_group\":%.1f}\n",
      backend.c_str(), messages, in_flight, run.failed, messages / seconds,
      1000 * sum / static_cast<double>(run.ack_seconds.size()), 1000 * p99,
      static_cast<unsigned long long>(groups),
      groups ? static_cast<double>(messages) / static_cast<double>(groups) : 0.0);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const int messages = argc > 1 ? std::stoi(argv[1]) : 20000;
  const int in_flight = argc > 2 ? std::stoi(argv[2]) : 256;
  const int conversations = argc > 3 ? std::stoi(argv[3]) : 100;
  {
    char pattern[] = "/tmp/kefu-bench-XXXXXX";
    const std::string folder = mkdtemp(pattern);
    {
      SqliteStore store(SqliteOptions(folder + "/bench.db"));
      measure("sqlite", store, messages, in_flight, conversations);
    }
    std::filesystem::remove_all(folder);
  }
  {
    kefu::testing::LocalPostgres server("/tmp");  // on disk: every COMMIT flushes the WAL
    PostgresStore store{PostgresOptions(server.create_database())};
    measure("postgresql", store, messages, in_flight, conversations);
  }
  return 0;
}
