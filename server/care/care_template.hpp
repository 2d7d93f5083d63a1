#pragma once

#include <map>
#include <optional>
#include <string>

#include "server/care/care_facts.hpp"

namespace kefu::care {

// The text of `texts` for `locale` (else English, else the first), with its placeholders
// filled: {customer} the customer's name, {order} the order's name, {items} its lines
// ("Tea x 2, Cup x 1"), {total} its total ("96.00 CNY"). Placeholders without data become "".
std::string fill_template(const std::map<std::string, std::string>& texts,
                          const std::string& locale, const CustomerFacts& customer,
                          const std::optional<OrderFacts>& order);

}  // namespace kefu::care
