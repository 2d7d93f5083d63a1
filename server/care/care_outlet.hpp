#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "server/domain/event.hpp"

namespace kefu::care {

// What rules do to the world beyond their own tables, and the interaction log they write.
// Everything is done inside the caller's unit of work (atomically), except what the desk must
// do (resolve, notify), which an implementation hands on only once the unit of work commits.
class CareOutlet {
 public:
  virtual ~CareOutlet() = default;
  virtual void add_tag(std::int64_t customer_id, const std::string& tag, std::int64_t now) = 0;
  virtual void remove_tag(std::int64_t customer_id, const std::string& tag) = 0;
  virtual void resolve_conversation(std::int64_t conversation_id, std::int64_t rule_id) = 0;
  virtual void notify_supervisors(const std::string& text, std::int64_t rule_id,
                                  std::int64_t customer_id) = 0;
  // The desk moves the waiting conversation to the queue (nothing when it is not waiting).
  virtual void assign_queue(std::int64_t conversation_id, const std::string& queue,
                            std::int64_t rule_id) = 0;
  // The desk sets the conversation's priority (nothing when it is not waiting or assigned).
  virtual void set_priority(std::int64_t conversation_id, const std::string& priority,
                            std::int64_t rule_id) = 0;
  // The customer's waiting care messages are shown at once if they are in the widget now.
  virtual void offer_messages(std::int64_t customer_id) = 0;
  virtual void log(const Event& event) = 0;
  // Runs `work` so that all of it is stored or none: the job's end, its actions and their
  // events in one transaction.
  virtual void atomically(const std::function<void()>& work) = 0;
};

}  // namespace kefu::care
