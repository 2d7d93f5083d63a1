#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/domain/contact_centre.hpp"
#include "server/store/store.hpp"
#include "tests/support/counted_store.hpp"
#include "tests/support/store_backend.hpp"

// The desk driven directly, without sockets, for the domain's tests: a real store on a fresh
// database (SqliteStore in a temporary folder, or PostgresStore when KEFU_TEST_STORE says so:
// store_backend.hpp), a clock moved by hand, and participants that record what they are sent.
// Test support only: a few small classes kept together so each test reads as its scene.

namespace kefu::testing {

// A clock the test moves by hand.
class ManualClock final : public Clock {
 public:
  std::int64_t now_ms() const override { return now; }
  std::int64_t now = 1'760'000'000'000;
};

// A participant that keeps every frame it is sent, and how it was closed.
class Recorder final : public Participant {
 public:
  void deliver(std::shared_ptr<const std::string> frame) override {
    std::lock_guard lock(mutex);
    frames.push_back(boost::json::parse(*frame).as_object());
  }
  void close(CloseCause cause) override { closed = cause; }

  // Removes and returns the frames of one type, in order.
  std::vector<boost::json::object> take(const std::string& type) {
    std::lock_guard lock(mutex);
    std::vector<boost::json::object> out;
    for (auto& f : frames) {
      if (f.at("type").as_string() == type) out.push_back(f);
    }
    std::erase_if(frames,
                  [&](const boost::json::object& f) { return f.at("type").as_string() == type; });
    return out;
  }

  std::mutex mutex;
  std::vector<boost::json::object> frames;
  std::optional<CloseCause> closed;
};

// A ContactCentre on a fresh store, whose completions run on the test's thread (`settle`).
struct Desk {
  StoreBackend backend;
  std::mutex mutex;
  std::condition_variable posted;  // a task arrived, or a write's completion returned
  std::unique_ptr<store::Store> store;
  CountedStore* counted = nullptr;  // `store`
  ManualClock clock;
  std::deque<std::function<void()>> tasks;
  std::unique_ptr<ContactCentre> centre;

  explicit Desk(DeskSettings settings = {}) {
    auto counting = std::make_unique<CountedStore>(backend.open(), mutex, posted);
    counted = counting.get();
    store = std::move(counting);
    centre = std::make_unique<ContactCentre>(
        *store, clock,
        [this](std::function<void()> f) {
          std::lock_guard lock(mutex);
          tasks.push_back(std::move(f));
          posted.notify_one();
        },
        settings);
    centre->load();
  }
  ~Desk() {
    store->close();  // completions still reach the centre, which must outlive them
    centre.reset();
  }
  Desk(const Desk&) = delete;
  Desk& operator=(const Desk&) = delete;

  // Runs the store's completions on this thread until no write is left in flight and nothing
  // is left to run (nothing else posts to the desk). A completion that never comes ends the
  // wait after 10 s, and the test's checks then fail.
  void settle() {
    for (;;) {
      std::unique_lock lock(mutex);
      posted.wait_for(lock, std::chrono::seconds(10),
                      [&] { return !tasks.empty() || counted->in_flight() == 0; });
      if (tasks.empty()) return;
      auto task = std::move(tasks.front());
      tasks.pop_front();
      lock.unlock();
      task();
    }
  }

  // A new staff member in the store (supervisors and admins take no chats of their own).
  // (GCC 12 reports a false -Wrestrict in the inlined string copies here.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wrestrict"
  StaffParty staff(const std::string& login, store::Role role, int chats = 2) {
    store::UserRecord u;
    u.login = login;
    u.display_name = login;
    u.password_hash = "x";
    u.role = role;
    u.chat_capacity = role == store::Role::agent ? chats : 0;
    store::WriteBatch b;
    b.mutations.push_back(store::InsertUser{u});
    u.id = store->submit_and_wait(std::move(b)).outcomes[0].value;
    return StaffParty{u, "session-" + login, 0};
  }
#pragma GCC diagnostic pop

  StaffParty agent(const std::string& login, int chats = 2) {
    return staff(login, store::Role::agent, chats);
  }

  CustomerParty customer(const std::string& name) {
    store::WriteBatch b;
    b.mutations.push_back(store::InsertCustomer{store::CustomerRecord{0, name, clock.now}});
    return CustomerParty{store->submit_and_wait(std::move(b)).outcomes[0].value, "v_" + name};
  }

  // Hands the desk a command from `p` and lets it finish.
  void run(const std::shared_ptr<Recorder>& p, Command command) {
    centre->handle(p, std::move(command));
    settle();
  }

  // A message "text of <client_id>" from `p`.
  void say(const std::shared_ptr<Recorder>& p, const std::string& client_id,
           std::optional<std::int64_t> conversation = std::nullopt) {
    run(p, SendMessage{client_id, conversation, "text of " + client_id});
  }

  // say() without a conversation, then the conversation its ack names (the ack is taken).
  std::int64_t said_in(const std::shared_ptr<Recorder>& p, const std::string& client_id) {
    say(p, client_id);
    return p->take("ack").at(0).at("conversation_id").as_int64();
  }

  // How many events of this type the log holds (`type` is the test's own word, not input).
  std::int64_t events(const std::string& type) {
    std::string sql = "SELECT COUNT(*) FROM events WHERE type = '";
    sql += type;
    sql += "'";
    return backend.count(sql);
  }
};

}  // namespace kefu::testing
