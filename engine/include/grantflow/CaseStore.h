// The durable case store: one SQLite file (WAL) through Poco::Data holding cases,
// their documents (original bytes with SHA-256, and every version of the case
// document), the reference-number sequences and an append-only event log.
//
// Promises:
// - registering a batch is one transaction: after a crash either all of it is
//   there or none of it, and no reference number is consumed by a refused or
//   rolled-back document;
// - numbers are gap-free per year even with several processes registering at once
//   (the counter is read and bumped inside the same write transaction);
// - the same original bytes registered twice give back the existing case.
#pragma once

#include <grantflow/ApplicationIntake.h>
#include <grantflow/ReferenceNumber.h>

#include <Poco/Data/Session.h>
#include <Poco/Timestamp.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace grantflow {

struct StoreOptions {
    // FULL survives power loss; NORMAL survives a crash of the process only.
    bool syncFull = true;
    int busyTimeoutMs = 30000;
};

struct RegisteredCase {
    std::string referenceNumber;
    bool alreadyRegistered = false;  // the same bytes were registered before
};

struct CaseSummary {
    std::string referenceNumber, registeredAt, state, channel, organisation, title, kind, lang;
    long long requested = 0;
};

struct CaseFilter {
    std::string state;         // exact, empty = any
    std::string text;          // part of organisation or title, empty = any
    int year = 0;              // 0 = any
    int limit = 1000;
};

// One entry of a case's log. The entries of one workflow step share the id of the
// row that holds them (the step's cause first).
struct CaseEvent {
    long long id = 0;
    std::string at, actor, kind, detail;
};

class CaseStore {
public:
    // Opens (creating if needed) the store at path and brings its schema up to date.
    explicit CaseStore(const std::string& path, StoreOptions options = {});
    ~CaseStore();

    // Registers accepted applications in one transaction, numbering them in order.
    // Each result belongs to the input at the same position.
    std::vector<RegisteredCase> registerApplications(
        const std::vector<const CheckedApplication*>& applications, const Poco::Timestamp& receivedAt,
        const std::string& actor);

    // Adds a document (a letter, an attachment ...) to a case, in the caller's
    // transaction if one is open; returns its id. `sha256` is of `bytes`, in hex.
    long long addDocument(long long caseId, const std::string& role, const std::string& name,
                          const std::string& mediaType, const std::string& sha256, const std::string& bytes,
                          const std::string& createdAt);

    // The newest version of the case document, if the case exists.
    std::optional<std::string> caseDocument(const std::string& referenceNumber);

    // Cases newest first, filtered.
    std::vector<CaseSummary> listCases(const CaseFilter& filter);

    // The event log of one case, oldest first, one entry per thing that happened.
    std::vector<CaseEvent> events(const std::string& referenceNumber);

    // Number of cases in the store.
    long long caseCount();

    // The underlying session, for other parts of the engine that keep their
    // tables in the same file (workflow, jobs).
    Poco::Data::Session& session();

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace grantflow
