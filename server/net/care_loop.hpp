#pragma once

#include <boost/asio/steady_timer.hpp>
#include <memory>

namespace kefu::care {
class CareOffice;
}  // namespace kefu::care

namespace kefu::net {

class ServerState;

// Care and automation rules in the running server: the CareOffice on the back office strand,
// turned once a second (events and orders into jobs, due jobs carried out), with the desk's
// part of actions posted to the desk: resolve_conversation (ContactCentre::resolve_by_rule)
// and notify_supervisors (a `care_notice` frame to every supervisor, docs/protocol.md).
class CareLoop {
 public:
  // Opens the care office on the state's database; start() starts it on the back office strand
  // (CareOffice::start: built-in rules, the feed's positions) before any request reaches it.
  explicit CareLoop(ServerState& state);
  ~CareLoop();
  CareLoop(const CareLoop&) = delete;
  CareLoop& operator=(const CareLoop&) = delete;

  void start();
  void stop();  // on any thread

  // On the back office strand only (include server/care/care_office.hpp to use it).
  care::CareOffice& office() { return *office_; }

 private:
  void schedule();

  ServerState& state_;
  std::unique_ptr<care::CareOffice> office_;
  boost::asio::steady_timer timer_;  // on the back office strand
  bool stopped_ = false;             // on the back office strand
};

}  // namespace kefu::net
