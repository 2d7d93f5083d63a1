#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>
#include <vector>

#include "server/customers/customer_directory.hpp"
#include "server/customers/customer_merges.hpp"

namespace kefu::customers {

// What an unverified claim produced, for the agent side only: never send it to the widget (use
// WidgetIdentification::widget_reply), or the widget would learn whether the claimed address
// belongs to an existing customer.
struct ClaimReceipt {
  std::int64_t customer_id = 0;              // the claimant, unchanged by the claim
  std::vector<std::int64_t> suggestion_ids;  // raised for agents, one per matching customer
  std::vector<std::int64_t> candidate_ids;   // the matching customers, in the same order
};

// Who a chat-widget visitor is. A visitor starts as an anonymous customer keyed by its visitor
// id. A shop that signs its customer id (hex HMAC-SHA256 with the shop secret) attaches the
// visitor to that customer at once; anything the visitor merely types (an email, a phone) is an
// unverified claim that only raises merge suggestions: it never reveals, attaches to or merges
// into an existing customer. Not thread-safe.
class WidgetIdentification {
 public:
  // How many unverified emails and phones one customer may hold: enough for a typo and its
  // correction, few enough that a visitor cannot flood agents with suggestions.
  static constexpr int kMaxClaims = 5;

  WidgetIdentification(CustomerDirectory& directory, CustomerMerges& merges);

  // The current customer of the visitor, created (anonymous) at the first call. Throws
  // InvalidCustomerInput for an empty or over-long visitor id.
  std::int64_t customer_for_visitor(std::string_view visitor_id, std::int64_t now);

  // Verifies `signature_hex` over `shop_customer_id` with `shop_secret` and attaches the
  // visitor to the shop's customer: the customer holding that shop id (the visitor's anonymous
  // customer, with its conversations, is merged into it, logged as "verified_identity") or, if
  // the shop id is new, the visitor's own customer, which gains the verified shop id. Returns
  // the customer id. A visitor already attached to another shop customer (a shared browser)
  // is moved to this one instead: two shop customers are never merged this way. Throws
  // SignatureRejected (nothing changed) when the signature fails.
  std::int64_t attach_verified(std::string_view visitor_id, std::string_view shop_customer_id,
                               std::string_view signature_hex, std::string_view shop_secret,
                               std::int64_t now);

  // True when the visitor's current customer holds a verified shop id other than
  // `shop_customer_id` (the browser is shared by two of the shop's customers). Creates nothing.
  bool belongs_to_other_shop_customer(std::string_view visitor_id,
                                      std::string_view shop_customer_id) const;

  // Records an unverified email or phone typed by the visitor whose customer is `customer_id`:
  // the claimant keeps it as an unverified identity, and each other current customer holding a
  // matching *verified* identity gets an open merge suggestion (another visitor's claim raises
  // none: two unverified claims prove nothing). Repeating a claim changes nothing (a
  // dismissed suggestion stays dismissed). Throws InvalidCustomerInput for an invalid value or a
  // kind other than email/phone, ClaimLimitReached when the customer already holds
  // kMaxClaims unverified emails and phones and this one is new, CustomerNotFound for an
  // unknown, merged or erased customer.
  ClaimReceipt claim(std::int64_t customer_id, IdentityKind kind, std::string_view typed,
                     std::int64_t now);

  // The only answer the widget gets for a claim: the same whatever the claim matched.
  static boost::json::object widget_reply();

 private:
  // True when the customer holds a verified shop id other than `shop_customer_id`.
  bool holds_other_shop_id(std::int64_t customer_id, std::string_view shop_customer_id) const;

  CustomerDirectory& directory_;
  CustomerMerges& merges_;
};

}  // namespace kefu::customers
