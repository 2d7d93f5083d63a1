#include "server/shop/tag_catalogue.hpp"

#include <boost/json.hpp>

#include "server/shop/shop_errors.hpp"

namespace kefu::shop {
namespace json = boost::json;

namespace {

// Characters (UTF-8 code points) in `text`.
std::size_t characters(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

bool has_control(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::string text_field(const json::object& body, const char* key, std::size_t most) {
  const json::value* v = body.if_contains(key);
  if (v == nullptr || !v->is_string()) {
    throw ShopInputError("bad_tag", std::string(key) + " is a string");
  }
  std::string text(v->get_string());
  const std::size_t n = characters(text);
  if (n == 0 || n > most || has_control(text) || text.front() == ' ' || text.back() == ' ') {
    throw ShopInputError("bad_tag", std::string(key) + " is 1 to " + std::to_string(most) +
                                        " characters, no control characters or spaces at "
                                        "either end");
  }
  return text;
}

}  // namespace

json::object tag_json(const CatalogueTag& tag) {
  return json::object{{"name", tag.name},
                      {"label_zh", tag.label_zh},
                      {"label_en", tag.label_en},
                      {"retired", tag.retired_at.has_value()}};
}

CatalogueTag read_tag(const json::object& body, std::optional<std::string> name, std::int64_t now) {
  for (const auto& [key, value] : body) {
    if (key != "name" && key != "label_zh" && key != "label_en" && key != "retired") {
      throw ShopInputError("bad_tag", "unknown field " + std::string(key));
    }
  }
  CatalogueTag tag;
  if (name) {
    const json::value* given = body.if_contains("name");
    if (given && (!given->is_string() || given->get_string() != *name)) {
      throw ShopInputError("bad_tag", "the body names another tag than the path");
    }
    json::object named = body;
    named["name"] = *name;
    tag.name = text_field(named, "name", 40);
  } else {
    tag.name = text_field(body, "name", 40);
  }
  if (tag.name.find('/') != std::string::npos) {
    throw ShopInputError("bad_tag", "name has no '/'");
  }
  tag.label_zh = text_field(body, "label_zh", 60);
  tag.label_en = text_field(body, "label_en", 60);
  if (const json::value* retired = body.if_contains("retired")) {
    if (!retired->is_bool()) throw ShopInputError("bad_tag", "retired is true or false");
    if (retired->get_bool()) tag.retired_at = now;
  }
  tag.created_at = now;
  return tag;
}

void require_known_tag(TagCatalogue& catalogue, const std::string& tag) {
  if (catalogue.empty()) return;
  const auto found = catalogue.find(tag);
  if (!found) throw ShopInputError("unknown_tag", "'" + tag + "' is not in the tag catalogue");
  if (found->retired_at) throw ShopInputError("unknown_tag", "'" + tag + "' is retired");
}

}  // namespace kefu::shop
