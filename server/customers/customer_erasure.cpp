#include "server/customers/customer_erasure.hpp"

#include <string>
#include <vector>

#include "server/customers/savepoint.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {
namespace {

// Runs `sql` (with one `?` for the customer id) for each customer; returns the rows changed.
std::int64_t for_each(sql::Connection& db, const std::string& sql,
                      const std::vector<std::int64_t>& customers) {
  sql::Statement statement(db, sql);
  std::int64_t changed = 0;
  for (std::int64_t id : customers) {
    statement.reset();
    statement.bind(1, id);
    changed += statement.exec();
  }
  return changed;
}

// True when the connection's schema has the table with that column.
bool has_column(sql::Connection& db, const std::string& table, const std::string& column) {
  return db.has_column(table, column);
}

// The customer's conversations, for statements about rows keyed by conversation.
const std::string kTheirConversations =
    "conversation_id IN (SELECT id FROM conversations WHERE customer_id = ?)";

}  // namespace

std::vector<std::int64_t> erasure_family(CustomerDirectory& directory, std::int64_t customer_id) {
  sql::Connection& db = directory.database();
  const std::int64_t root = directory.current(customer_id);
  std::vector<std::int64_t> customers;
  sql::Statement merged(db,
                        "WITH RECURSIVE family(id) AS (SELECT ? UNION "
                        "SELECT c.id FROM customers c JOIN family f ON c.merged_into = f.id) "
                        "SELECT id FROM family");
  merged.bind(1, root);
  while (merged.step()) customers.push_back(merged.column(0).int64());
  return customers;
}

ErasureReport erase_customer(CustomerDirectory& directory, std::int64_t customer_id,
                             std::int64_t now) {
  sql::Connection& db = directory.database();
  const std::vector<std::int64_t> customers = erasure_family(directory, customer_id);
  Savepoint savepoint(db);

  ErasureReport report;
  sql::Statement blank(db,
                       "UPDATE customers SET display_name = '', first_name = '', "
                       "last_name = '', address = '', search_key = '', "
                       "erased_at = COALESCE(erased_at, ?), updated_at = ? WHERE id = ?");
  for (std::int64_t id : customers) {
    blank.reset();
    blank.bind(1, now);
    blank.bind(2, now);
    blank.bind(3, id);
    report.customers += blank.exec();
  }
  report.identities =
      for_each(db, "DELETE FROM customer_identities WHERE customer_id = ?", customers);
  report.notes = for_each(db, "DELETE FROM customer_notes WHERE customer_id = ?", customers);
  for_each(db, "DELETE FROM customer_tags WHERE customer_id = ?", customers);
  for_each(db, "DELETE FROM merge_suggestions WHERE customer_id = ?1 OR candidate_id = ?1",
           customers);
  if (has_column(db, "visitors", "token_hash"))
    report.visitors = for_each(db, "DELETE FROM visitors WHERE customer_id = ?", customers);
  report.orders = for_each(db,
                           "UPDATE orders SET email = '', phone = '', shipping_address = '' "
                           "WHERE customer_id = ? AND (email <> '' OR phone <> '' OR "
                           "shipping_address <> '')",
                           customers);
  for_each(db,
           "UPDATE order_fulfillments SET tracking_number = '', tracking_url = '' "
           "WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?) AND "
           "(tracking_number <> '' OR tracking_url <> '')",
           customers);
  if (!db.has_table("conversations")) {
    savepoint.release();
    return report;
  }
  if (has_column(db, "conversations", "subject"))
    report.conversations = for_each(db,
                                    "UPDATE conversations SET subject = '' "
                                    "WHERE customer_id = ? AND subject <> ''",
                                    customers);
  if (db.has_table("messages"))
    report.messages = for_each(
        db, "UPDATE messages SET body = '' WHERE body <> '' AND " + kTheirConversations, customers);
  for (const char* table : {"kpi_surveys", "kpi_reviews"}) {
    if (!has_column(db, table, "comment")) continue;
    report.comments +=
        for_each(db,
                 "UPDATE " + std::string(table) + " SET comment = '' WHERE comment <> '' AND " +
                     kTheirConversations,
                 customers);
  }
  savepoint.release();
  return report;
}

}  // namespace kefu::customers
