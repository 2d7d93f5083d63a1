#pragma once

#include <optional>
#include <string>

#include "server/mail/mail_reader.hpp"

namespace kefu::mail {

// A conversation's mail token: "kf-" and 20 random hexadecimal digits (libsodium), put in the
// Reply-To address of every reply (support+kf-...@shop.example, RFC 5233 sub-addressing) and in
// its subject ("[kf-...]"), so that a customer's answer threads back even when their client
// drops In-Reply-To and References.
std::string new_conversation_token();

// The first token in the message's recipients or subject, if any.
std::optional<std::string> token_in(const InboundMail& mail);

// `address` with the token as sub-address: "support@shop.example" -> "support+kf-..@shop.example".
std::string reply_address(const std::string& address, const std::string& token);

}  // namespace kefu::mail
