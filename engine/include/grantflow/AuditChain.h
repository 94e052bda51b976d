// The tamper-evident audit trail: every row of the event log is chained to the
// one before it by a SHA-256 hash, so an edit, deletion or insertion made
// directly in the database (around the engine) shows up in `audit verify`.
//
// Promises:
// - appendEventSql writes an event and its chain hash in one statement, the
//   hash in the event's own row (schema version 3). Events stored before that
//   keep their hashes in the audit_chain table, and the chain runs on across
//   the two without a break;
// - an event's id is one more than the id before it, so a missing id is a
//   deleted event;
// - the hash of event N is SHA-256 over the hash of the event before it and
//   N's id, case, time, actor, kind and detail, each length-prefixed so that no
//   two different rows encode to the same bytes;
// - verifyAuditChain() recomputes the chain without trusting the stored hashes
//   and names the first event where it breaks.
// The chain cannot show that the newest events were cut off together with their
// hashes; `audit verify` prints the head hash so it can be recorded elsewhere.
#pragma once

#include <Poco/Data/Session.h>

#include <optional>
#include <string>

namespace grantflow {

// Appends one event with its chain hash. Bind, in this order: case id, time,
// actor, kind, detail. Every write to the event log goes through it; a row
// written any other way has no hash, and verification names it.
extern const char* const appendEventSql;

// Registers the hash function appendEventSql calls; needed on every connection
// that writes events, before the first.
void registerAuditHash(Poco::Data::Session& session);

// The chain hash of one event (lower-case hex), given the previous hash ("" for
// the first event). detail is null when the column is NULL.
std::string auditHash(const std::string& previous, long long id, long long caseId, const std::string& at,
                      const std::string& actor, const std::string& kind, const std::optional<std::string>& detail);

struct AuditReport {
    bool intact = true;
    long long eventsChecked = 0;
    long long brokenAt = 0;      // the first event id where the chain breaks; 0 when intact
    std::string reason;          // why, in one sentence
    std::string headHash;        // the hash of the newest event, to record outside the database
    long long headEvent = 0;
    bool anchorFound = false;    // whether the hash asked for was met on the way
};

// Walks the whole event log in id order and checks every link. anchor, when not
// empty, is a head hash recorded earlier: anchorFound says whether an intact
// event still carries it.
AuditReport verifyAuditChain(Poco::Data::Session& session, const std::string& anchor = "");

}  // namespace grantflow
