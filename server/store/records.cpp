#include "server/store/records.hpp"

namespace kefu::store {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::agent:
      return "agent";
    case Role::supervisor:
      return "supervisor";
    case Role::admin:
      return "admin";
  }
  return "agent";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "agent") return Role::agent;
  if (text == "supervisor") return Role::supervisor;
  if (text == "admin") return Role::admin;
  return std::nullopt;
}

std::string_view to_string(AuthorKind kind) {
  switch (kind) {
    case AuthorKind::customer:
      return "customer";
    case AuthorKind::agent:
      return "agent";
    case AuthorKind::system:
      return "system";
  }
  return "system";
}

AuthorKind parse_author_kind(std::string_view text) {
  if (text == "customer") return AuthorKind::customer;
  if (text == "agent") return AuthorKind::agent;
  return AuthorKind::system;
}

}  // namespace kefu::store
