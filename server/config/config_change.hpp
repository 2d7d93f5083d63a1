#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "server/config/config_document.hpp"

namespace kefu::config {

// One item an import adds, changes or removes, with the item before and after (canonical JSON;
// empty when there is none). Removing means: a team or hours deleted, a queue retired (its
// waiting to the built-in queue of its channel), a canned reply deleted, a care rule disabled,
// a shop origin deleted, a tag retired.
struct ConfigChange {
  std::string section;
  std::string key;
  std::string kind;  // "added", "changed" or "removed"
  boost::json::object before;
  boost::json::object after;
};

// What turning `current` into `wanted` changes, section by section (imported_sections order),
// items by key. Sections absent from `wanted` are left alone; SLA policies and quality settings
// absent from a given section stay as they are; a retired queue or tag, or a disabled care rule,
// left out is no change.
std::vector<ConfigChange> diff(const ConfigDocument& current, const ConfigDocument& wanted);

// {"section","item","change","before","after"} for each change (the REST's form).
boost::json::array changes_json(const std::vector<ConfigChange>& changes);

// The changes for people: "+ teams/support", "~ queues/vip" with one "    field: old -> new"
// line per changed field, "- canned_replies/*/en/hi", then "N changes: A added, C changed,
// R removed"; "no changes" when there are none.
std::string changes_text(const std::vector<ConfigChange>& changes);

}  // namespace kefu::config
