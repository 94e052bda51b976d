// Creates and upgrades the tables of the case store. Every table and index of the
// intake side is defined here, so the store's shape can be read in one place.
#pragma once

#include <Poco/Data/Session.h>

namespace grantflow {

// Sets the connection's pragmas (busy timeout, WAL, synchronous, foreign keys) and
// brings the schema to the current version. Safe to call on every open, also by
// several processes opening a new store at the same moment.
void migrateStoreSchema(Poco::Data::Session& session, bool syncFull, int busyTimeoutMs);

}  // namespace grantflow
