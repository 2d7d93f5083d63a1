#include "server/customers/customer_notes.hpp"

#include <cctype>

#include "server/customers/errors.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {
namespace {

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

std::string valid_tag(std::string_view tag) {
  std::string result = trimmed(tag);
  if (result.empty() || result.size() > 50)
    throw InvalidCustomerInput("a tag must have 1 to 50 characters");
  return result;
}

}  // namespace

CustomerNotes::CustomerNotes(CustomerDirectory& directory) : directory_(directory) {}

std::int64_t CustomerNotes::add_note(std::int64_t customer_id,
                                     std::optional<std::int64_t> author_id, std::string_view body,
                                     std::int64_t now) {
  if (trimmed(body).empty()) throw InvalidCustomerInput("a note cannot be empty");
  if (body.size() > 10000) throw InvalidCustomerInput("a note is limited to 10,000 bytes");
  const std::int64_t id = directory_.current(customer_id);
  directory_.require_current(id);
  sql::Statement insert(directory_.database(),
                        "INSERT INTO customer_notes (customer_id, author_id, body, created_at) "
                        "VALUES (?, ?, ?, ?) RETURNING id");
  insert.bind(1, id);
  if (author_id) {
    insert.bind(2, *author_id);
  } else {
    insert.bind_null(2);
  }
  insert.bind(3, std::string(body));
  insert.bind(4, now);
  return insert.insert_returning_id().value();
}

void CustomerNotes::remove_note(std::int64_t customer_id, std::int64_t note_id) {
  sql::Statement remove(directory_.database(),
                        "DELETE FROM customer_notes WHERE id = ? AND customer_id = ?");
  remove.bind(1, note_id);
  remove.bind(2, directory_.current(customer_id));
  if (remove.exec() == 0)
    throw CustomerNotFound("no note " + std::to_string(note_id) + " on customer " +
                           std::to_string(customer_id));
}

bool CustomerNotes::add_tag(std::int64_t customer_id, std::string_view tag, std::int64_t now) {
  const std::string name = valid_tag(tag);
  const std::int64_t id = directory_.current(customer_id);
  directory_.require_current(id);
  sql::Statement insert(directory_.database(),
                        "INSERT INTO customer_tags (customer_id, tag, created_at) "
                        "VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  insert.bind(1, id);
  insert.bind(2, name);
  insert.bind(3, now);
  return insert.exec() == 1;
}

bool CustomerNotes::remove_tag(std::int64_t customer_id, std::string_view tag) {
  sql::Statement remove(directory_.database(),
                        "DELETE FROM customer_tags WHERE customer_id = ? AND tag = ?");
  remove.bind(1, directory_.current(customer_id));
  remove.bind(2, trimmed(tag));
  return remove.exec() == 1;
}

}  // namespace kefu::customers
