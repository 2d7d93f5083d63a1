#include "server/routing/waiting_line.hpp"

namespace kefu::routing {

bool ServedFirst::operator()(const PlaceInLine& a, const PlaceInLine& b) const {
  if (a.returned != b.returned) return a.returned;
  if (a.priority != b.priority) return a.priority > b.priority;
  if (a.deadline != b.deadline) return a.deadline < b.deadline;
  if (a.arrival != b.arrival) return a.arrival < b.arrival;
  return a.conversation < b.conversation;
}

}  // namespace kefu::routing
