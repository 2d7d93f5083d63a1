#pragma once

#include <cstdint>
#include <vector>

#include "server/customers/customer_directory.hpp"

namespace kefu::customers {

// What an erasure removed.
struct ErasureReport {
  std::int64_t customers = 0;  // the customer and those merged into it
  std::int64_t identities = 0;
  std::int64_t notes = 0;
  std::int64_t orders = 0;         // orders whose email, phone and address were blanked
  std::int64_t messages = 0;       // message texts blanked
  std::int64_t visitors = 0;       // visitor tokens revoked (their rows deleted)
  std::int64_t conversations = 0;  // ticket subjects blanked
  std::int64_t comments = 0;       // survey and review comments blanked
};

// The customer (or, when merged, the customer it was merged into) and every customer merged
// into that one: the people an erasure of `customer_id` erases. Throws CustomerNotFound for an
// unknown id.
std::vector<std::int64_t> erasure_family(CustomerDirectory& directory, std::int64_t customer_id);

// DELETE /api/customers/{id} (admin): erases the personal data of the customer and of every
// customer merged into it (erasure_family), in one savepoint. Every column that can hold their
// personal data (docs/security/erasure.md lists them) loses it:
// - customers: names, address and search key are blanked and `erased_at` set;
// - identities, notes, tags and merge suggestions are deleted;
// - visitors: the rows of their visitor tokens are deleted, so the tokens no longer connect;
// - orders keep their amounts, items and dates but lose email, phone and shipping address, and
//   their fulfilments lose tracking numbers and links;
// - conversations lose their subject, and the text (`body`) of every message in them becomes '';
// - kpi_surveys and kpi_reviews of their conversations lose their comment (ratings, marks and
//   scores stay).
// The `events` table is not touched: events carry only ids, counts and codes, so every KPI stays
// the same. Tables the connection lacks (a library test's database) are skipped. The caller
// should run it with `PRAGMA secure_delete` on, so that the old bytes are zeroed in the pages.
// Throws CustomerNotFound for an unknown id; erasing twice is harmless.
ErasureReport erase_customer(CustomerDirectory& directory, std::int64_t customer_id,
                             std::int64_t now);

}  // namespace kefu::customers
