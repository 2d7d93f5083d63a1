#include "server/customers/customer_search.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "server/customers/errors.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::customers {
namespace {

std::string like_escaped(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

constexpr const char* kCurrent = "c.merged_into IS NULL AND c.erased_at IS NULL";

}  // namespace

CustomerSearch::CustomerSearch(CustomerDirectory& directory) : directory_(directory) {}

std::vector<CustomerMatch> CustomerSearch::search(std::string_view query, int limit) const {
  if (query.size() > 200) throw InvalidCustomerInput("a search is limited to 200 bytes");
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.front())))
    query.remove_prefix(1);
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.back())))
    query.remove_suffix(1);
  limit = std::clamp(limit, 1, 100);
  std::vector<CustomerMatch> matches;
  if (query.empty()) return matches;
  std::set<std::int64_t> seen;
  sql::Connection& db = directory_.database();

  const auto collect = [&](sql::Statement& statement, const char* matched_on) {
    while (static_cast<int>(matches.size()) < limit && statement.step()) {
      const std::int64_t id = statement.column(0).int64();
      if (!seen.insert(id).second) continue;
      matches.push_back({id, statement.column(1).text(), statement.column(2).text(), matched_on});
    }
  };
  const std::string select = "SELECT DISTINCT c.id, c.display_name, c.segment FROM customers c ";

  if (query.find('@') != std::string_view::npos) {
    const auto key = match_key(IdentityKind::email, query, "");
    // Exact matches first: a customer with several matching emails counts once, by its best.
    sql::Statement emails(db,
                          "SELECT c.id, c.display_name, c.segment FROM customers c "
                          "JOIN customer_identities i ON i.customer_id = c.id "
                          "WHERE i.kind = 'email' AND (i.match_key = ? OR i.match_key "
                          "LIKE ? ESCAPE '\\') AND " +
                              std::string(kCurrent) +
                              " GROUP BY c.id, c.display_name, c.segment "
                              "ORDER BY MIN(CASE WHEN i.match_key = ? THEN 0 ELSE 1 END), c.id "
                              "LIMIT ?");
    const std::string folded = key.value_or(std::string(query));
    emails.bind(1, folded);
    emails.bind(2, like_escaped(fold_case(query)) + "%");
    emails.bind(3, folded);
    emails.bind(4, limit);
    collect(emails, "email");
  }

  std::string order_name(query);
  if (!order_name.starts_with("#")) order_name.insert(0, "#");
  sql::Statement orders(db, select +
                                "JOIN orders o ON o.customer_id = c.id "
                                "WHERE (o.shop_order_id = ? OR o.name = ? OR o.name = ?) AND " +
                                kCurrent + " ORDER BY c.id LIMIT ?");
  orders.bind(1, std::string(query.starts_with("#") ? query.substr(1) : query));
  orders.bind(2, std::string(query));
  orders.bind(3, order_name);
  orders.bind(4, limit);
  collect(orders, "order");

  if (std::count_if(query.begin(), query.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) >= 6) {
    if (const auto phone = directory_.key_for_phone(query)) {
      sql::Statement phones(db, select +
                                    "JOIN customer_identities i ON i.customer_id = c.id "
                                    "WHERE i.kind = 'phone' AND i.match_key = ? AND " +
                                    kCurrent + " ORDER BY c.id LIMIT ?");
      phones.bind(1, *phone);
      phones.bind(2, limit);
      collect(phones, "phone");
    }
  }

  const std::string words = directory_.search_key().words(query);
  if (!words.empty() && static_cast<int>(matches.size()) < limit) {
    sql::Statement names(db, select + "WHERE c.search_key LIKE ? ESCAPE '\\' AND " + kCurrent +
                                 " ORDER BY c.display_name, c.id LIMIT ?");
    names.bind(1, "%" + like_escaped(words) + "%");
    names.bind(2, limit);
    collect(names, "name");
  }
  return matches;
}

boost::json::array CustomerSearch::to_json(const std::vector<CustomerMatch>& matches) {
  boost::json::array result;
  for (const auto& match : matches)
    result.push_back({{"customer_id", match.customer_id},
                      {"display_name", match.display_name},
                      {"segment", match.segment},
                      {"matched_on", match.matched_on}});
  return result;
}

}  // namespace kefu::customers
