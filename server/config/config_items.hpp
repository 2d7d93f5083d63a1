#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>

#include "server/admin/team_definition.hpp"
#include "server/admin/team_hours.hpp"
#include "server/care/rule.hpp"
#include "server/workspace/canned_replies.hpp"

namespace kefu::config {

// The canonical JSON of the items whose REST form is not a single reader's output, read with
// the REST's rules. Each throws the reader's error (a std::invalid_argument: SetupInputError,
// CannedReplyRefused, RuleInputError, or QualitySettings' own).

// {"name","members":[ids ascending]}: the REST's team body.
boost::json::object canonical_team(const boost::json::object& item);
// The hours' JSON with "team".
boost::json::object canonical_hours(const boost::json::object& item);
// {"team","locale","shortcut","title","body"}: a shared reply (team "" for everybody).
boost::json::object canonical_canned_reply(const boost::json::object& item);
// A care rule as the REST shows it, without its id and time, with its built-in key (or null).
boost::json::object canonical_rule(const boost::json::object& item);
// {"origin"}: one of the shop's allowed origins (shop::shop_origin; ShopInputError bad_origin).
boost::json::object canonical_shop_origin(const boost::json::object& item);
// The quality settings (QualitySettings::to_json).
boost::json::object canonical_quality(const boost::json::value& item);

// The same forms of what is stored.
boost::json::object team_item(admin::TeamDefinition team);
boost::json::object hours_item(const admin::TeamHours& hours);
boost::json::object canned_reply_item(const workspace::CannedReply& reply);
boost::json::object rule_item(const care::Rule& rule);

// Back from the canonical forms, for applying.
workspace::CannedReply canned_reply_of(const boost::json::object& item);
care::Rule rule_of(const boost::json::object& item);

// The typed error the REST gives for an exception of one of the readers.
std::string error_code(const std::invalid_argument& refused);
// The typed error for an item given twice in `section`.
std::string duplicate_code(const std::string& section);

}  // namespace kefu::config
