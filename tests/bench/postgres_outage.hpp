#pragma once

#include <sys/types.h>

#include <string>

namespace kefu::load {

// Stops a LocalPostgres (tests/support/local_postgres) the hard way and starts it again on the
// same port and folder, as an operator's crash and restart: `pg_ctl stop -m immediate` (no
// checkpoint: the restart replays the WAL), then the postmaster again with scripts/local-postgres'
// settings, as a child of this process that gets SIGINT when this thread ends
// (PR_SET_PDEATHSIG). The destructor stops a postmaster it started (fast shutdown), which must
// happen before the LocalPostgres goes (it removes the folder).
class PostgresOutage {
 public:
  // `folder` and `port` of the running LocalPostgres.
  PostgresOutage(std::string folder, int port);
  ~PostgresOutage();
  PostgresOutage(const PostgresOutage&) = delete;
  PostgresOutage& operator=(const PostgresOutage&) = delete;

  // pg_ctl stop -m immediate; throws std::runtime_error when it fails.
  void stop_immediately();
  // Starts the postmaster again and waits (up to 30 s) until it takes connections.
  void start_again();

 private:
  void stop_own();

  std::string folder_;
  int port_;
  pid_t postmaster_ = -1;  // the postmaster this object started
};

}  // namespace kefu::load
