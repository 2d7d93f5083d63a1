#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kefu {

// What a list of conversations shows beside each id: the customer's display name.
struct ConversationLabel {
  std::string customer;
  std::string status;  // the conversation's status now
};

// Names for lists of conversations and agents (the drill-down of a KPI figure). Implementations:
// SqliteConversationLabels.
class ConversationLabels {
 public:
  virtual ~ConversationLabels() = default;
  // The label of each conversation that exists, by id.
  virtual std::map<std::int64_t, ConversationLabel> conversations(
      const std::vector<std::int64_t>& ids) = 0;
  // The display name of each staff member that exists, by user id.
  virtual std::map<std::int64_t, std::string> staff(const std::vector<std::int64_t>& ids) = 0;
};

}  // namespace kefu
