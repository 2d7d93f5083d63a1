#include "server/care/rule.hpp"

namespace kefu::care {

bool Rule::contacts_customer() const {
  for (const auto& action : actions)
    if (action.type == "care_task" || action.type == "customer_message" ||
        action.type == "email_customer")
      return true;
  return false;
}

}  // namespace kefu::care
