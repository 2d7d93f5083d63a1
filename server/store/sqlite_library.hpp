#pragma once

namespace kefu::store {

// Sets SQLite's process-wide options; must run before any connection is opened (first thing
// in main). It turns off SQLite's memory statistics, which the server never reads: with them
// on, every allocation inside SQLite (several per stored message) takes a process-wide mutex
// that the writer, the checkpointer and the readers share. Returns false if SQLite was
// already in use and kept its options.
bool configure_sqlite_library();

}  // namespace kefu::store
