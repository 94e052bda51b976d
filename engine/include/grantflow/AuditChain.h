// The tamper-evident audit trail: every row of the event log is chained to the
// one before it by a SHA-256 hash, so an edit, deletion or insertion made
// directly in the database (around the engine) shows up in `audit verify`.
//
// Promises:
// - installAuditChain() makes every later INSERT INTO events, from any engine
//   code on that connection, also write the event's chain hash in the same
//   statement (a trigger), so no caller has to remember to;
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

// Registers the hash function on this connection and, the first time, creates
// the chain table and trigger and chains the events already there. Safe to call
// on every open, from several processes at once.
void installAuditChain(Poco::Data::Session& session);

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
};

// Walks the whole event log in id order and checks every link.
AuditReport verifyAuditChain(Poco::Data::Session& session);

}  // namespace grantflow
