// Versioned schema for the SQLite back end. A migration is never edited once released; a change
// is a new, higher version.
#pragma once

#include <sqlite3.h>

#include "server/store/error.h"

namespace xfx::store::sqlite {

// The highest version this build knows.
int latest_schema_version();

// Applies every pending migration in one IMMEDIATE transaction, so two processes opening a new
// file at once serialize and the second finds nothing to do. Refuses (kCorrupt) a database whose
// version is newer than this build: older code must not write a schema it does not understand.
StoreResult<void> migrate(sqlite3* db);

}  // namespace xfx::store::sqlite
