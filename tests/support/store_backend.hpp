#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/store/store.hpp"

namespace kefu::testing {

// A fresh database for the store-level tests on the backend KEFU_TEST_STORE names
// (testing_on_postgres(), local_postgres.hpp): a SQLite file in a scratch folder, or a new
// database on the test process's LocalPostgres. The tests read it back with `count` through a
// connection of their own, in SQL both engines take.
class StoreBackend {
 public:
  StoreBackend();
  ~StoreBackend();
  StoreBackend(const StoreBackend&) = delete;
  StoreBackend& operator=(const StoreBackend&) = delete;

  // A store on this database (migrated); several may be opened one after another.
  std::unique_ptr<store::Store> open() const;

  // The first column of the first row of `sql` (a COUNT, a MAX...) as an integer.
  std::int64_t count(const std::string& sql) const;
  // The first column of the first row of `sql` as text.
  std::string text(const std::string& sql) const;

  bool postgres() const { return !uri_.empty(); }

 private:
  std::string folder_;  // SQLite: the scratch folder holding d.db
  std::string uri_;     // PostgreSQL: the database's URI
};

}  // namespace kefu::testing
