#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/care/rule.hpp"
#include "server/care/rule_book.hpp"
#include "server/shop/tag_catalogue.hpp"

namespace kefu::care {

// The tags a rule's add_tag actions set on customers.
std::vector<std::string> tags_added(const Rule& rule);

// Refuses (RuleInputError `unknown_tag`, 400) a rule whose add_tag action names a tag agents may
// not set either (shop::require_known_tag): once the shop keeps a tag catalogue, only its tags
// that are not retired; while it is empty, any tag. remove_tag is not checked: taking a retired
// tag off customers is what one wants.
void require_catalogue_tags(const Rule& rule, shop::TagCatalogue& catalogue);

// A catalogue tag cannot be retired while rules add it (409 `tag_in_use`): `rules` are those
// rules, enabled or not, by id. The admin changes them first.
struct TagInUse : std::runtime_error {
  TagInUse(const std::string& tag, std::vector<Rule> users);
  std::vector<Rule> rules;
};

// Throws TagInUse when any rule of the book (enabled or not) adds `tag`.
void require_unused_tag(RuleBook& rules, const std::string& tag);

}  // namespace kefu::care
