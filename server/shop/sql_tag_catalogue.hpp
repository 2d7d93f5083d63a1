#pragma once

#include "server/shop/tag_catalogue.hpp"
#include "server/store/sql/connection.hpp"

namespace kefu::shop {

// TagCatalogue on the tag_catalogue table and the events table, through a connection it does
// not own (SQLite or PostgreSQL). Holds all the catalogue's SQL. Not thread-safe.
class SqlTagCatalogue final : public TagCatalogue {
 public:
  explicit SqlTagCatalogue(sql::Connection& db) : db_(db) {}

  std::vector<CatalogueTag> list() override;
  std::optional<CatalogueTag> find(const std::string& name) override;
  void save(const CatalogueTag& tag) override;
  void audit(const ShopAudit& change) override;
  bool empty() override;

 private:
  sql::Connection& db_;
};

}  // namespace kefu::shop
