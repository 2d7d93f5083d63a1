#include "server/store/sqlite_library.hpp"

#include <sqlite3.h>

namespace kefu::store {

bool configure_sqlite_library() {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

}  // namespace kefu::store
