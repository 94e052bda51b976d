// The audit chain as schema versions 1 and 2 kept it: a table audit_chain of
// (event_id, hash), filled by a trigger on every insert into events, a second
// row in a second B-tree for every event. Version 3 keeps each new hash in its
// event's own row (AuditChain.h); the table stays, with the hashes of the events
// written before, and stops growing.
#pragma once

#include <Poco/Data/Session.h>

namespace grantflow {

// The version 3 step for the chain, run inside the migration's transaction: stops
// the trigger, and gives the events of a store that never had a chain their
// hashes in the table, so that every event before version 3 has one there.
void retireAuditChainTrigger(Poco::Data::Session& session);

}  // namespace grantflow
