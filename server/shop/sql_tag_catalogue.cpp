#include "server/shop/sql_tag_catalogue.hpp"

#include "server/shop/sql_shop_link_store.hpp"
#include "server/store/sql/statement.hpp"

namespace kefu::shop {

namespace {

constexpr const char* kColumns =
    "SELECT name, label_zh, label_en, created_at, retired_at FROM tag_catalogue";

CatalogueTag read_row(const sql::Statement& s) {
  return {s.column(0).text(), s.column(1).text(), s.column(2).text(), s.column(3).int64(),
          s.column(4).optional_int64()};
}

}  // namespace

std::vector<CatalogueTag> SqlTagCatalogue::list() {
  sql::Statement s(db_, std::string(kColumns) + " ORDER BY name");
  std::vector<CatalogueTag> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::optional<CatalogueTag> SqlTagCatalogue::find(const std::string& name) {
  sql::Statement s(db_, std::string(kColumns) + " WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

void SqlTagCatalogue::save(const CatalogueTag& tag) {
  sql::Statement s(db_,
                   "INSERT INTO tag_catalogue(name, label_zh, label_en, created_at, retired_at) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                   "label_zh = excluded.label_zh, label_en = excluded.label_en, "
                   "retired_at = excluded.retired_at");
  s.bind(1, tag.name)
      .bind(2, tag.label_zh)
      .bind(3, tag.label_en)
      .bind(4, tag.created_at)
      .bind(5, tag.retired_at);
  s.exec();
}

void SqlTagCatalogue::audit(const ShopAudit& change) {
  SqlShopLinkStore(db_).audit(change);
}

bool SqlTagCatalogue::empty() {
  sql::Statement s(db_, "SELECT COUNT(*) FROM tag_catalogue");
  s.step();
  return s.column(0).int64() == 0;
}

}  // namespace kefu::shop
