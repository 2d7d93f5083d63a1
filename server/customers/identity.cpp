#include "server/customers/identity.hpp"

#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace kefu::customers {
namespace {

std::string_view trim(std::string_view text) {
  const auto not_space = [](char c) { return !std::isspace(static_cast<unsigned char>(c)); };
  const auto begin = std::find_if(text.begin(), text.end(), not_space);
  const auto end = std::find_if(text.rbegin(), text.rend(), not_space).base();
  return begin < end ? std::string_view(begin, end) : std::string_view();
}

}  // namespace

std::string fold_case(std::string_view text) {
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  unicode.foldCase();
  std::string folded;
  unicode.toUTF8String(folded);
  return folded;
}

namespace {

// Length of the ITU-T E.164 country code that `digits` starts with. Country codes are a prefix
// code: 1 and 7 have one digit, the two-digit ones are listed, every other code has three.
std::size_t country_code_length(std::string_view digits) {
  if (digits.empty()) return 0;
  if (digits[0] == '1' || digits[0] == '7') return 1;
  static constexpr std::array<std::string_view, 43> two_digit = {
      "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
      "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
      "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95"};
  if (digits.size() >= 2 &&
      (std::find(two_digit.begin(), two_digit.end(), digits.substr(0, 2)) != two_digit.end() ||
       digits.substr(0, 2) == "98"))
    return 2;
  return 3;
}

}  // namespace

std::string_view to_string(IdentityKind kind) {
  switch (kind) {
    case IdentityKind::email:
      return "email";
    case IdentityKind::phone:
      return "phone";
    case IdentityKind::shop_customer_id:
      return "shop_customer_id";
    case IdentityKind::visitor_id:
      return "visitor_id";
  }
  return "email";
}

std::optional<IdentityKind> identity_kind_from_string(std::string_view name) {
  for (IdentityKind kind : {IdentityKind::email, IdentityKind::phone,
                            IdentityKind::shop_customer_id, IdentityKind::visitor_id})
    if (to_string(kind) == name) return kind;
  return std::nullopt;
}

std::optional<std::string> email_match_key(std::string_view typed) {
  const std::string_view address = trim(typed);
  if (address.empty() || address.size() > 254) return std::nullopt;
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos)
    return std::nullopt;
  if (std::any_of(address.begin(), address.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
    return std::nullopt;
  const auto plus = local.find('+');
  if (plus != std::string_view::npos) local = local.substr(0, plus);
  if (local.empty()) return std::nullopt;
  std::string key = fold_case(local);
  key += '@';
  key += fold_case(domain);
  return key;
}

std::optional<std::string> phone_e164(std::string_view typed,
                                      std::string_view default_country_code) {
  std::string_view text = trim(typed);
  bool international = false;
  std::string digits;
  bool seen_digit = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && !seen_digit && !international) {
      international = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      seen_digit = true;
      digits += c;
    } else if (c == '(' && text.substr(i, 3) == "(0)" && international) {
      i += 2;  // "+44 (0)20 ...": the bracketed trunk prefix is not dialled from abroad
    } else if (c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')') {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (!international && digits.starts_with("00")) {
    international = true;
    digits.erase(0, 2);
  }
  if (international) {
    const std::size_t cc = country_code_length(digits);
    if (digits.size() > cc && digits[cc] == '0' && digits.substr(0, cc) != "39")
      digits.erase(cc, 1);
  } else {
    if (default_country_code.empty()) return std::nullopt;
    if (digits.starts_with("0") && default_country_code != "39") digits.erase(0, 1);
    digits.insert(0, default_country_code);
  }
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return std::nullopt;
  return "+" + digits;
}

std::optional<std::string> match_key(IdentityKind kind, std::string_view typed,
                                     std::string_view default_country_code) {
  switch (kind) {
    case IdentityKind::email:
      return email_match_key(typed);
    case IdentityKind::phone:
      return phone_e164(typed, default_country_code);
    case IdentityKind::shop_customer_id:
    case IdentityKind::visitor_id: {
      const std::string_view id = trim(typed);
      if (id.empty() || id.size() > 200) return std::nullopt;
      return std::string(id);
    }
  }
  return std::nullopt;
}

}  // namespace kefu::customers
