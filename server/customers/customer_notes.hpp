#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "server/customers/customer_directory.hpp"

namespace kefu::customers {

// Agents' notes and tags on a customer (of a merged id: on the customer it was merged into).
// Each call is atomic. Not thread-safe.
class CustomerNotes {
 public:
  explicit CustomerNotes(CustomerDirectory& directory);

  // Adds a note and returns its id. Throws InvalidCustomerInput for an empty (only spaces) or
  // over-long (> 10,000 bytes) body, CustomerNotFound for an unknown or erased customer.
  std::int64_t add_note(std::int64_t customer_id, std::optional<std::int64_t> author_id,
                        std::string_view body, std::int64_t now);

  // Removes a note of the customer. Throws CustomerNotFound when it is not the customer's.
  void remove_note(std::int64_t customer_id, std::int64_t note_id);

  // Tags the customer (tags are trimmed, 1 to 50 bytes); false when it already had the tag.
  bool add_tag(std::int64_t customer_id, std::string_view tag, std::int64_t now);

  // Removes the tag; false when the customer did not have it.
  bool remove_tag(std::int64_t customer_id, std::string_view tag);

 private:
  CustomerDirectory& directory_;
};

}  // namespace kefu::customers
