#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kefu::config {

// The sections a configuration document may hold (docs/config.md), in the order they are
// shown and applied. The first ones are imported; `skills`, `staff`, `webhooks`, `mailboxes` and
// `shop_secrets` (with secrets only) are exported for the record and left alone by an import (their
// changes need people: an invitation, a secret typed in, a skill catalogue agreed with the team).
inline const std::vector<std::string>& imported_sections() {
  static const std::vector<std::string> all{"teams",        "queues",         "hours",
                                            "sla_policies", "canned_replies", "quality",
                                            "care_rules",   "shop_origins",   "tags"};
  return all;
}
inline const std::vector<std::string>& shown_sections() {
  static const std::vector<std::string> all{"skills", "staff", "webhooks", "mailboxes",
                                            "shop_secrets"};
  return all;
}

// One configuration: for each section present, its items in their canonical JSON form (the
// form the REST answers with, read back through the REST's readers), by item key. A section
// that is absent was not given (an import leaves it as it is).
struct ConfigDocument {
  std::map<std::string, std::map<std::string, boost::json::object>> sections;
  std::map<std::string, boost::json::array> shown;  // skills, staff, webhooks, mailboxes

  bool has(const std::string& section) const { return sections.count(section) != 0; }
};

// The document as `kefu config export` prints it: {"kefu_config":1, section: [item...] ...},
// `quality` as one object.
boost::json::object document_json(const ConfigDocument& document);

// Reads a document someone wrote (a parsed JSON value): the version, the known sections, each
// item through the same reader the REST uses for it, into its canonical form. Throws
// ConfigRefused (bad_request for the shape, else the item's own typed error) naming where.
// Rules across items (a queue's team, duplicates) are ConfigImport's.
ConfigDocument read_document(const boost::json::value& value);

// The key of an item of `section` in canonical form (team name, queue name, hours' team, SLA
// channel, canned reply "team/locale/shortcut" with "*" for everybody's, care rule's built-in
// key or name, "settings" for quality).
std::string item_key(const std::string& section, const boost::json::object& item);

}  // namespace kefu::config
