#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kefu {

// A customer's e-mail for the desk (ContactCentre::receive_email), read and threaded by the mail
// module (server/mail/mail_filer.hpp).
struct EmailArrival {
  std::int64_t customer_id = 0;
  // The conversation the mail threads into, if the mail module found one; when it is no longer
  // open (closed, abandoned) or not the customer's, a new ticket opens instead.
  std::optional<std::int64_t> conversation_id;
  std::string subject;    // for a new ticket
  std::string text;       // the message
  std::string client_id;  // from the Message-ID: a mail filed twice is stored once
};

// What the desk did with it.
struct EmailFiled {
  bool ok = false;
  std::string error;
  std::int64_t conversation_id = 0;
  std::int64_t seq = 0;
  bool opened = false;     // a new ticket conversation
  bool reopened = false;   // a resolved conversation went back to the queue
  bool duplicate = false;  // the same client_id was stored before: nothing changed
};

}  // namespace kefu
