#include "server/care/rule_tags.hpp"

#include <algorithm>

#include "server/care/rule_json.hpp"
#include "server/shop/shop_errors.hpp"

namespace kefu::care {

std::vector<std::string> tags_added(const Rule& rule) {
  std::vector<std::string> tags;
  for (const Action& action : rule.actions)
    if (action.type == "add_tag") tags.push_back(action.tag);
  return tags;
}

void require_catalogue_tags(const Rule& rule, shop::TagCatalogue& catalogue) {
  for (const std::string& tag : tags_added(rule)) {
    try {
      shop::require_known_tag(catalogue, tag);
    } catch (const shop::ShopInputError& unknown) {
      throw RuleInputError("unknown_tag", std::string("actions: ") + unknown.what());
    }
  }
}

TagInUse::TagInUse(const std::string& tag, std::vector<Rule> users)
    : std::runtime_error("the tag '" + tag + "' is added by " + std::to_string(users.size()) +
                         " care rule(s): change them first"),
      rules(std::move(users)) {}

void require_unused_tag(RuleBook& rules, const std::string& tag) {
  std::vector<Rule> users;
  for (Rule& rule : rules.list()) {
    const auto tags = tags_added(rule);
    if (std::find(tags.begin(), tags.end(), tag) != tags.end()) users.push_back(std::move(rule));
  }
  std::sort(users.begin(), users.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  if (!users.empty()) throw TagInUse(tag, std::move(users));
}

}  // namespace kefu::care
