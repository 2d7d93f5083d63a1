#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kefu::customers {

// The ways a customer can be recognised. Each identity is kept as typed (for display) and
// matched by its match key (see match_key()).
enum class IdentityKind { email, phone, shop_customer_id, visitor_id };

// The kind's name as stored and sent: "email", "phone", "shop_customer_id", "visitor_id".
std::string_view to_string(IdentityKind kind);

// The kind named `name`; nullopt for an unknown name.
std::optional<IdentityKind> identity_kind_from_string(std::string_view name);

// The key an email is matched by: trimmed, case-folded (ICU full case folding, so "Straße" and
// "STRASSE" match) and with plus-addressing removed from the local part ("Ann+shop@X.com" ->
// "ann@x.com"). Nullopt when `typed` is not an address (no single '@' with text either side,
// spaces inside, or longer than 254 bytes, RFC 5321).
std::optional<std::string> email_match_key(std::string_view typed);

// The E.164 form ("+4971128422222") of a phone number as typed. Accepts spaces, dots, dashes,
// slashes and parentheses; "+" or "00" introduce an international number, a leading "(0)" or a
// trunk "0" after the country code is dropped (except for Italy, +39, where the 0 is part of the
// number); a national number starting with the trunk prefix "0" (or any other digit) takes
// `default_country_code` (digits only, e.g. "49"; empty: national numbers are refused). Nullopt
// when the result is not 8 to 15 digits (ITU-T E.164) or holds letters.
std::optional<std::string> phone_e164(std::string_view typed,
                                      std::string_view default_country_code);

// `text` with ICU full case folding (UTF-8 in, UTF-8 out).
std::string fold_case(std::string_view text);

// The key `typed` is matched by for `kind`: email_match_key, phone_e164 (with
// `default_country_code`), or the trimmed text for shop and visitor ids (nullopt when empty or
// longer than 200 bytes).
std::optional<std::string> match_key(IdentityKind kind, std::string_view typed,
                                     std::string_view default_country_code);

}  // namespace kefu::customers
