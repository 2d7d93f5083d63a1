#pragma once

#include <stdexcept>

namespace kefu::customers {

// Input that the customer library refuses (an HTTP edge answers 400). Nothing was changed.
class InvalidCustomerInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An order webhook or CSV row that is not a valid order (400). Nothing was stored.
class OrderFormatError : public InvalidCustomerInput {
 public:
  using InvalidCustomerInput::InvalidCustomerInput;
};

// A merge or suggestion that is no longer in the state the call needs: a suggestion already
// decided, a merge already undone, or one whose target has since been merged itself (409).
class MergeConflict : public InvalidCustomerInput {
 public:
  using InvalidCustomerInput::InvalidCustomerInput;
};

// A widget visitor who has already made as many unverified claims as one customer may hold
// (429). Nothing was stored.
class ClaimLimitReached : public InvalidCustomerInput {
 public:
  using InvalidCustomerInput::InvalidCustomerInput;
};

// A signature that does not verify (401). Nothing was stored.
class SignatureRejected : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A shop webhook whose X-Shopify-Triggered-At is outside the freshness window, or not a time
// (400 `stale_webhook`). Nothing was stored.
class StaleWebhook : public InvalidCustomerInput {
 public:
  using InvalidCustomerInput::InvalidCustomerInput;
};

// The customer, note, suggestion or merge named does not exist (404).
class CustomerNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kefu::customers
