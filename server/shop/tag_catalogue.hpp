#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/shop/shop_link_store.hpp"

namespace kefu::shop {

// One tag of the shop's catalogue: the name set on customers, its label in both languages, and
// when it was retired (a retired tag stays on the customers that have it, and cannot be set
// again until it is brought back).
struct CatalogueTag {
  std::string name;
  std::string label_zh;
  std::string label_en;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> retired_at;
};

// The tag catalogue the admins keep and agents pick from. Every method runs inside the caller's
// transaction. SQL (SQLite and PostgreSQL): SqlTagCatalogue.
class TagCatalogue {
 public:
  virtual ~TagCatalogue() = default;

  // Every tag, retired ones too, by name.
  virtual std::vector<CatalogueTag> list() = 0;
  virtual std::optional<CatalogueTag> find(const std::string& name) = 0;
  // Inserts or replaces the tag of that name.
  virtual void save(const CatalogueTag& tag) = 0;
  // Appends an admin's change to the interaction log (tag_created, tag_updated, tag_retired).
  virtual void audit(const ShopAudit& change) = 0;
  // True when the catalogue holds no tag at all (then any tag may be set, as before it existed).
  virtual bool empty() = 0;
};

// A tag's REST and configuration form: {"name","label_zh","label_en","retired"}.
boost::json::object tag_json(const CatalogueTag& tag);

// A tag from an admin's JSON: {"name","label_zh","label_en"} and optionally "retired" (bool).
// The name is 1 to 40 characters, without control characters, "/" or spaces at either end;
// labels 1 to 60 characters. `name` given: the tag of the path (the body must not name
// another). Throws ShopInputError bad_tag naming the field. retired_at is set to `now` when
// "retired" is true.
CatalogueTag read_tag(const boost::json::object& body, std::optional<std::string> name,
                      std::int64_t now);

// Refuses (ShopInputError unknown_tag, 400) a tag agents may not set: once the catalogue holds
// any tag, only its names that are not retired.
void require_known_tag(TagCatalogue& catalogue, const std::string& tag);

}  // namespace kefu::shop
