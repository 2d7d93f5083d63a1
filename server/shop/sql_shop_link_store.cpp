#include "server/shop/sql_shop_link_store.hpp"

#include <boost/json.hpp>

#include "server/store/sql/statement.hpp"

namespace kefu::shop {
namespace json = boost::json;

std::vector<StoredShopSecret> SqlShopLinkStore::secrets() {
  sql::Statement s(db_,
                   "SELECT name, sealed_current, sealed_previous, previous_until, rotated_at "
                   "FROM shop_secrets ORDER BY name");
  std::vector<StoredShopSecret> out;
  while (s.step()) {
    out.push_back({s.column(0).text(), s.column(1).text(), s.column(2).text(), s.column(3).int64(),
                   s.column(4).int64()});
  }
  return out;
}

void SqlShopLinkStore::save_secret(const StoredShopSecret& secret) {
  sql::Statement s(db_,
                   "INSERT INTO shop_secrets(name, sealed_current, sealed_previous, "
                   "previous_until, rotated_at) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT(name) DO UPDATE SET sealed_current = excluded.sealed_current, "
                   "sealed_previous = excluded.sealed_previous, "
                   "previous_until = excluded.previous_until, rotated_at = excluded.rotated_at");
  s.bind(1, secret.name)
      .bind(2, secret.sealed_current)
      .bind(3, secret.sealed_previous)
      .bind(4, secret.previous_until)
      .bind(5, secret.rotated_at);
  s.exec();
}

std::vector<std::string> SqlShopLinkStore::origins() {
  sql::Statement s(db_, "SELECT origin FROM shop_origins ORDER BY added_at, origin");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.column(0).text());
  return out;
}

void SqlShopLinkStore::add_origin(const std::string& origin, std::int64_t now) {
  sql::Statement s(db_,
                   "INSERT INTO shop_origins(origin, added_at) VALUES (?, ?) "
                   "ON CONFLICT(origin) DO NOTHING");
  s.bind(1, origin).bind(2, now);
  s.exec();
}

void SqlShopLinkStore::remove_origin(const std::string& origin) {
  sql::Statement s(db_, "DELETE FROM shop_origins WHERE origin = ?");
  s.bind(1, origin);
  s.exec();
}

void SqlShopLinkStore::audit(const ShopAudit& change) {
  sql::Statement s(db_, "INSERT INTO events(at, type, agent_id, data) VALUES (?, ?, ?, ?)");
  s.bind(1, change.at)
      .bind(2, change.type)
      .bind(3, change.by)
      .bind(4, json::serialize(json::object{{"by", change.by},
                                            {"subject", change.subject},
                                            {"before", change.before},
                                            {"after", change.after}}));
  s.exec();
}

}  // namespace kefu::shop
