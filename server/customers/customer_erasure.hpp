#pragma once

#include <cstdint>

#include "server/customers/customer_directory.hpp"

namespace kefu::customers {

// What an erasure removed.
struct ErasureReport {
  std::int64_t customers = 0;  // the customer and those merged into it
  std::int64_t identities = 0;
  std::int64_t notes = 0;
  std::int64_t orders = 0;    // orders whose email, phone and address were blanked
  std::int64_t messages = 0;  // message texts blanked
};

// DELETE /api/customers/{id} (admin): erases the personal data of the customer and of every
// customer merged into it, in one transaction: names, address and search key are blanked and
// `erased_at` set; identities, notes, tags and merge suggestions are deleted; orders keep their
// amounts, items and dates but lose email, phone and shipping address; the text (`body`) of every
// message in their conversations (the conversation store's `messages` table) becomes ''. The
// `events` table is not touched: events carry no personal data, so every KPI stays the same.
// Throws CustomerNotFound for an unknown id; erasing twice is harmless.
ErasureReport erase_customer(CustomerDirectory& directory, std::int64_t customer_id,
                             std::int64_t now);

}  // namespace kefu::customers
