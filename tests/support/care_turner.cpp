// A care node without the rest of the server, for the crash test on PostgreSQL
// (tests/care_crash_test.cpp, scripts/care-crash --postgres): opens a CareOffice on the database
// named by its argument (a postgresql:// URI or a SQLite file) and turns it as the server's care
// loop does, until it is killed, its parent (the test) dies, or the database is gone.
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <exception>
#include <iostream>
#include <thread>

#include "server/care/care_office.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: care_turner LOCATION\n";
    return 64;
  }
  // Never outlives the test that started it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 1;
  try {
    kefu::SystemClock clock;
    kefu::care::CareSettings settings;
    settings.default_time_zone = "UTC";
    kefu::care::CareOffice office(argv[1], clock, kefu::care::DeskHooks{}, settings);
    office.start();
    for (int failures = 0; failures < 100;) {
      try {
        if (office.tick() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        failures = 0;
      } catch (const std::exception& failure) {
        // Nothing of a failed turn was kept: turn again (a database gone for good ends it).
        std::cerr << "care_turner: " << failure.what() << "\n";
        ++failures;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    return 1;
  } catch (const std::exception& failure) {
    std::cerr << "care_turner: " << failure.what() << "\n";
    return 1;
  }
}
