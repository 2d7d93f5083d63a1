#pragma once

#include <boost/json/object.hpp>

#include "server/care/care_outcomes.hpp"
#include "server/care/rule.hpp"

namespace kefu::care {

// A rule's outcome as the supervisors' REST shows it (docs/protocol.md, "Care outcomes"):
// {"rule_id","name","enabled","goal":{"kind","window_days","holdout_percent"},
//  "reached":group,"holdout":group,"lift":number|null}, a group being {"jobs","customers",
// "replied","repurchased","rated","satisfied","reply_rate","repurchase_rate","csat"} (rates
// 0..1, null with no jobs; csat null with no rating). `lift` is the goal's rate (reply,
// repurchase or CSAT for rating) reached minus holdout, null for goal none or an empty group.
boost::json::object rule_outcome_json(const Rule& rule, const RuleOutcome& outcome);

}  // namespace kefu::care
