#include "server/care/care_template.hpp"

#include <cstdio>

namespace kefu::care {
namespace {

std::string total_of(const OrderFacts& o) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%lld.%02lld", static_cast<long long>(o.total_cents / 100),
                static_cast<long long>(o.total_cents % 100));
  return std::string(buffer) + (o.currency.empty() ? "" : " " + o.currency);
}

std::string items_of(const OrderFacts& o) {
  std::string out;
  for (const auto& line : o.lines) {
    if (!out.empty()) out += ", ";
    out += line.title + " x " + std::to_string(line.quantity);
  }
  return out;
}

}  // namespace

std::string fill_template(const std::map<std::string, std::string>& texts,
                          const std::string& locale, const CustomerFacts& customer,
                          const std::optional<OrderFacts>& order) {
  if (texts.empty()) return "";
  auto chosen = texts.find(locale);
  if (chosen == texts.end()) chosen = texts.find("en");
  if (chosen == texts.end()) chosen = texts.begin();
  const std::map<std::string, std::string> values = {{"{customer}", customer.name},
                                                     {"{order}", order ? order->name : ""},
                                                     {"{items}", order ? items_of(*order) : ""},
                                                     {"{total}", order ? total_of(*order) : ""}};
  std::string out;
  const std::string& text = chosen->second;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& [name, value] : values) {
        if (text.compare(i, name.size(), name) == 0) {
          out += value;
          i += name.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

}  // namespace kefu::care
