#include "server/customers/widget_identification.hpp"

#include "server/customers/errors.hpp"
#include "server/customers/savepoint.hpp"
#include "server/customers/signatures.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {

WidgetIdentification::WidgetIdentification(CustomerDirectory& directory, CustomerMerges& merges)
    : directory_(directory), merges_(merges) {}

std::int64_t WidgetIdentification::customer_for_visitor(std::string_view visitor_id,
                                                        std::int64_t now) {
  const std::string key = directory_.key_for(IdentityKind::visitor_id, visitor_id);
  sql::Statement query(directory_.database(),
                       "SELECT customer_id FROM customer_identities "
                       "WHERE kind = 'visitor_id' AND match_key = ? ORDER BY id LIMIT 1");
  query.bind(1, key);
  if (query.step()) return directory_.current(query.column(0).int64());
  Savepoint savepoint(directory_.database());
  const std::int64_t customer_id = directory_.create_customer("", "", now);
  directory_.add_identity(customer_id, IdentityKind::visitor_id, visitor_id, true, now);
  savepoint.release();
  return customer_id;
}

std::int64_t WidgetIdentification::attach_verified(std::string_view visitor_id,
                                                   std::string_view shop_customer_id,
                                                   std::string_view signature_hex,
                                                   std::string_view shop_secret, std::int64_t now) {
  if (!verify_visitor_signature(shop_customer_id, signature_hex, shop_secret))
    throw SignatureRejected("the shop customer id's signature does not verify");
  directory_.key_for(IdentityKind::shop_customer_id, shop_customer_id);
  Savepoint savepoint(directory_.database());
  const std::int64_t visitor_customer = customer_for_visitor(visitor_id, now);
  const auto shop_customer = directory_.find(IdentityKind::shop_customer_id, shop_customer_id,
                                             /*verified_only=*/true);
  std::int64_t customer_id = visitor_customer;
  if (shop_customer == visitor_customer) {
    // Already attached.
  } else if (holds_other_shop_id(visitor_customer, shop_customer_id)) {
    // A browser shared by two of the shop's customers: the visitor id moves to the customer now
    // signed in; the two customers are never merged.
    customer_id = shop_customer ? *shop_customer : directory_.create_customer("", "", now);
    if (!shop_customer)
      directory_.add_identity(customer_id, IdentityKind::shop_customer_id, shop_customer_id, true,
                              now);
    sql::Statement move(directory_.database(),
                        "UPDATE customer_identities SET customer_id = ? "
                        "WHERE kind = 'visitor_id' AND match_key = ?");
    move.bind(1, customer_id);
    move.bind(2, directory_.key_for(IdentityKind::visitor_id, visitor_id));
    move.exec();
  } else if (shop_customer) {
    merges_.merge(*shop_customer, visitor_customer, "verified_identity", std::nullopt, now);
    customer_id = *shop_customer;
  } else {
    directory_.add_identity(visitor_customer, IdentityKind::shop_customer_id, shop_customer_id,
                            true, now);
  }
  savepoint.release();
  return customer_id;
}

bool WidgetIdentification::belongs_to_other_shop_customer(std::string_view visitor_id,
                                                          std::string_view shop_customer_id) const {
  sql::Statement query(directory_.database(),
                       "SELECT customer_id FROM customer_identities "
                       "WHERE kind = 'visitor_id' AND match_key = ? ORDER BY id LIMIT 1");
  query.bind(1, directory_.key_for(IdentityKind::visitor_id, visitor_id));
  if (!query.step()) return false;
  return holds_other_shop_id(directory_.current(query.column(0).int64()), shop_customer_id);
}

bool WidgetIdentification::holds_other_shop_id(std::int64_t customer_id,
                                               std::string_view shop_customer_id) const {
  sql::Statement query(directory_.database(),
                       "SELECT 1 FROM customer_identities WHERE customer_id = ? AND "
                       "kind = 'shop_customer_id' AND verified = 1 AND match_key <> ?");
  query.bind(1, customer_id);
  query.bind(2, directory_.key_for(IdentityKind::shop_customer_id, shop_customer_id));
  return query.step();
}

ClaimReceipt WidgetIdentification::claim(std::int64_t customer_id, IdentityKind kind,
                                         std::string_view typed, std::int64_t now) {
  if (kind != IdentityKind::email && kind != IdentityKind::phone)
    throw InvalidCustomerInput("only an email or a phone can be claimed from the widget");
  const std::string key = directory_.key_for(kind, typed);
  Savepoint savepoint(directory_.database());
  directory_.require_current(customer_id);
  if (!directory_.has_identity(customer_id, kind, typed)) {
    sql::Statement claims(directory_.database(),
                          "SELECT COUNT(*) FROM customer_identities WHERE customer_id = ? "
                          "AND verified = 0 AND kind IN ('email', 'phone')");
    claims.bind(1, customer_id);
    claims.step();
    if (claims.column(0).int64() >= kMaxClaims)
      throw ClaimLimitReached("this visitor has already given " + std::to_string(kMaxClaims) +
                              " addresses");
  }
  directory_.add_identity(customer_id, kind, typed, /*verified=*/false, now);
  ClaimReceipt receipt;
  receipt.customer_id = customer_id;
  sql::Statement matches(directory_.database(),
                         "SELECT DISTINCT i.customer_id FROM customer_identities i "
                         "JOIN customers c ON c.id = i.customer_id "
                         "WHERE i.kind = ? AND i.match_key = ? AND i.verified = 1 "
                         "AND i.customer_id <> ? AND c.merged_into IS NULL AND c.erased_at IS NULL "
                         "ORDER BY i.customer_id LIMIT 5");
  matches.bind(1, std::string(to_string(kind)));
  matches.bind(2, key);
  matches.bind(3, customer_id);
  std::vector<std::int64_t> candidates;
  while (matches.step()) candidates.push_back(matches.column(0).int64());
  for (std::int64_t candidate : candidates) {
    receipt.suggestion_ids.push_back(merges_.suggest(customer_id, candidate, kind, key, now));
    receipt.candidate_ids.push_back(candidate);
  }
  savepoint.release();
  return receipt;
}

boost::json::object WidgetIdentification::widget_reply() {
  return boost::json::object{{"type", "identity_claim"}, {"status", "received"}};
}

}  // namespace kefu::customers
