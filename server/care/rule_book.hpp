#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "server/care/rule.hpp"

namespace kefu::care {

// The shop's rules. Implementations store them; not thread-safe.
class RuleBook {
 public:
  virtual ~RuleBook() = default;
  virtual std::vector<Rule> list() = 0;
  virtual std::optional<Rule> find(std::int64_t id) = 0;
  // Stores a new rule (its id is ignored) and returns its id. A built-in key already stored
  // leaves the book unchanged and returns that rule's id.
  virtual std::int64_t add(const Rule& rule, std::int64_t now) = 0;
  // Replaces the stored rule with the same id (keeping its builtin key). False when unknown.
  virtual bool replace(const Rule& rule, std::int64_t now) = 0;
};

}  // namespace kefu::care
