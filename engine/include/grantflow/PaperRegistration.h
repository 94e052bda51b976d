// Cases that start as scanned paper. A scan cannot pass the application
// schema, so it is registered with only its original document and channel
// "scanned-paper", in state "awaiting-keying"; a registrar then keys the
// application in (grantflow register DNR --fields FILE.xml) and the case goes
// on like any other.
//
// Promises: a scan gets its reference number from the same gap-free sequence
// as every case (CaseStore::registerApplications), and the same bytes twice
// give the same case; keying in is one transaction that adds a new version of
// the case document with the application, and is allowed once per case.
#pragma once

#include <Poco/Timestamp.h>
#include <grantflow/ApplicationIntake.h>
#include <grantflow/CaseStore.h>
#include <grantflow/Problem.h>

#include <string>

namespace grantflow {

namespace caseState {
inline constexpr const char* awaitingKeying = "awaiting-keying";
}

class PaperRegistration {
public:
    explicit PaperRegistration(CaseStore& store) : _store(store) {}

    // Registers any accepted document the way its channel needs: a scan with
    // registerScan, anything else (XML, a filled form) with
    // CaseStore::registerApplications. What `grantflow submit` and the hot folder call.
    RegisteredCase registerDocument(const CheckedApplication& accepted,
                                    const Poco::Timestamp& receivedAt, const std::string& actor);

    // Registers an accepted scan (PaperIntake::needsKeying). Safe to repeat after a crash.
    RegisteredCase registerScan(const CheckedApplication& scan, const Poco::Timestamp& receivedAt,
                                const std::string& actor);

    // Adds the keyed-in application to the scanned case. Returns what stops it
    // (unknown case, not a scan, already keyed in, problems of the application);
    // nothing is changed unless the result is empty.
    Problems keyIn(const std::string& referenceNumber, const CheckedApplication& application,
                   const Poco::Timestamp& at, const std::string& actor);

private:
    CaseStore& _store;
};

}  // namespace grantflow
