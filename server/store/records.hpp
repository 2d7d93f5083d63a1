#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kefu::store {

// Plain rows as the domain sees them. They carry no storage details, so another backend
// (PostgreSQL) can produce the same records.

enum class Role { agent, supervisor, admin };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct UserRecord {
  std::int64_t id = 0;
  std::string login;
  std::string display_name;
  Role role = Role::agent;
  std::string password_hash;  // argon2id string from libsodium
  std::vector<std::string> teams;
  std::vector<std::pair<std::string, int>> skills;  // skill, level 1..5
  std::vector<std::string> languages;
  int chat_capacity = 3;
  int ticket_capacity = 5;
  std::int64_t created_at = 0;
};

struct StaffSessionRecord {
  std::string token_hash;
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> revoked_at;
};

struct VisitorRecord {
  std::string visitor_id;  // public id, e.g. "v_5f1c9a..."
  std::string token_hash;
  std::int64_t customer_id = 0;
  std::int64_t created_at = 0;
};

struct CustomerRecord {
  std::int64_t id = 0;
  std::string display_name;
  std::int64_t created_at = 0;
};

struct ConversationRecord {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::string channel = "chat";  // "chat", "ticket" or "email"
  std::string status = "queued";
  std::string queue = "general";
  std::string subject;
  std::optional<std::int64_t> agent_id;
  std::optional<std::int64_t> last_agent_id;
  std::int64_t last_seq = 0;
  std::int64_t created_at = 0;
  std::int64_t queued_at = 0;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> resolved_at;
  // The conversation's priority, the one its SLA policy is chosen by (admin::sla_priorities():
  // "vip", "at_risk", "normal"; "" before it is first queued), and who set it: "" when the desk
  // decided it from the queue and the customer's segment (decided again at each queueing),
  // "supervisor" or "rule" when set by hand or by a care rule (kept from then on).
  std::string priority;
  std::string priority_by;
};

enum class AuthorKind { customer, agent, system };
std::string_view to_string(AuthorKind kind);
AuthorKind parse_author_kind(std::string_view text);

struct MessageRecord {
  std::int64_t conversation_id = 0;
  std::int64_t seq = 0;
  AuthorKind author_kind = AuthorKind::customer;
  std::int64_t author_id = 0;
  std::string client_id;
  std::string body;
  std::int64_t at = 0;
};

}  // namespace kefu::store
