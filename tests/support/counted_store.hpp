#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

#include "server/store/store.hpp"

namespace kefu::testing {

// A Store that forwards everything to another and counts the writes whose completion has not
// yet returned, so that a test can wait until the store has nothing left to report instead of
// guessing with a timeout. `changed` is notified (under `mutex`) each time the count drops.
class CountedStore final : public store::Store {
 public:
  CountedStore(std::unique_ptr<store::Store> inner, std::mutex& mutex,
               std::condition_variable& changed)
      : inner_(std::move(inner)), mutex_(mutex), changed_(changed) {}

  // Writes submitted whose completion has not returned yet; read under `mutex`.
  std::size_t in_flight() const { return in_flight_; }

  void submit(store::WriteBatch batch, Completion on_done) override {
    {
      std::lock_guard lock(mutex_);
      ++in_flight_;
    }
    inner_->submit(std::move(batch), [this, on_done = std::move(on_done)](store::WriteResult r) {
      on_done(std::move(r));
      std::lock_guard lock(mutex_);
      --in_flight_;
      changed_.notify_all();
    });
  }
  store::CommitLatency commit_latency() const override { return inner_->commit_latency(); }
  bool writable() const override { return inner_->writable(); }
  std::optional<store::UserRecord> find_user_by_login(const std::string& login) override {
    return inner_->find_user_by_login(login);
  }
  std::optional<store::UserRecord> find_user(std::int64_t id) override {
    return inner_->find_user(id);
  }
  std::optional<store::StaffSessionRecord> find_staff_session(const std::string& hash) override {
    return inner_->find_staff_session(hash);
  }
  std::optional<store::VisitorRecord> find_visitor(const std::string& hash) override {
    return inner_->find_visitor(hash);
  }
  std::optional<store::CustomerRecord> find_customer(std::int64_t id) override {
    return inner_->find_customer(id);
  }
  std::vector<store::ConversationRecord> load_open_conversations() override {
    return inner_->load_open_conversations();
  }
  std::vector<store::ConversationRecord> recent_conversations_of_customer(std::int64_t customer,
                                                                          int limit) override {
    return inner_->recent_conversations_of_customer(customer, limit);
  }
  std::optional<store::ConversationRecord> find_conversation(std::int64_t id) override {
    return inner_->find_conversation(id);
  }
  std::int64_t max_conversation_id() override { return inner_->max_conversation_id(); }
  std::vector<store::MessageRecord> read_messages(std::int64_t conversation, std::int64_t after,
                                                  std::int64_t up_to, int limit) override {
    return inner_->read_messages(conversation, after, up_to, limit);
  }
  void close() override { inner_->close(); }

 private:
  std::unique_ptr<store::Store> inner_;
  std::mutex& mutex_;
  std::condition_variable& changed_;
  std::size_t in_flight_ = 0;  // GUARDED_BY(mutex_)
};

}  // namespace kefu::testing
