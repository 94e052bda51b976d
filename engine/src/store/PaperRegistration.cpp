#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <grantflow/AuditChain.h>
#include <grantflow/PaperRegistration.h>

#include "store/CaseVersions.h"
#include "store/StoreTransaction.h"
#include <grantflow/ReferenceNumber.h>

#include <vector>

namespace grantflow {

using namespace Poco::Data::Keywords;

namespace {

std::string isoTime(const Poco::Timestamp& time) {
    return Poco::DateTimeFormatter::format(time, Poco::DateTimeFormat::ISO8601_FORMAT);
}

// Runs body in one transaction (StoreTransaction), undone if it throws.
template <class Body>
auto inTransaction(Poco::Data::Session& session, Body body) {
    StoreTransaction transaction(session);
    auto result = body();
    transaction.commit();
    return result;
}

bool keyedIn(Poco::Data::Session& session, Poco::Int64 caseId) {
    Poco::Int64 count = 0;
    session << "SELECT COUNT(*) FROM documents WHERE case_id = ? AND role = 'keyed-in'",
        use(caseId), into(count), now;
    return count > 0;
}

}  // namespace

RegisteredCase PaperRegistration::registerDocument(const CheckedApplication& accepted,
                                                   const Poco::Timestamp& receivedAt,
                                                   const std::string& actor) {
    if (accepted.channel == channel::scannedPaper) return registerScan(accepted, receivedAt, actor);
    return _store.registerApplications({&accepted}, receivedAt, actor).front();
}

RegisteredCase PaperRegistration::registerScan(const CheckedApplication& scan,
                                               const Poco::Timestamp& receivedAt,
                                               const std::string& actor) {
    if (scan.channel != channel::scannedPaper)
        throw Poco::InvalidArgumentException("not a scan", scan.sourceName);
    RegisteredCase registered = _store.registerApplications({&scan}, receivedAt, actor).front();

    // Then the case waits for a registrar. A crash between the two steps leaves a
    // registered scan; registering the same bytes again finishes the job.
    Poco::Data::Session& session = _store.session();
    Poco::Int64 caseId = ReferenceNumber::parse(registered.referenceNumber).key();
    std::string at = isoTime(receivedAt), by = actor;
    inTransaction(session, [&] {
        std::vector<std::string> state;
        session << "SELECT state FROM cases WHERE id = ?", use(caseId), into(state), now;
        if (state.empty() || state.front() != "registered" || keyedIn(session, caseId))
            return false;
        std::string waiting = caseState::awaitingKeying;
        std::string detail = "the scan waits for a registrar to key in the application";
        session << "UPDATE cases SET state = ? WHERE id = ?", use(waiting), use(caseId), now;
        std::string kind = "awaiting-keying";
        session << appendEventSql, use(caseId), use(at), use(by), use(kind), use(detail), now;
        return true;
    });
    return registered;
}

Problems PaperRegistration::keyIn(const std::string& referenceNumber,
                                  const CheckedApplication& application, const Poco::Timestamp& at,
                                  const std::string& actor) {
    if (!application.accepted()) return application.problems;
    Poco::Int64 caseId = 0;
    try {
        caseId = ReferenceNumber::parse(referenceNumber).key();
    } catch (const Poco::SyntaxException&) {
        return {{"reference-number", "", 0, 0,
                 "'" + referenceNumber + "' is not a reference number like GF 2026-000123"}};
    }
    Poco::Data::Session& session = _store.session();
    return inTransaction(session, [&]() -> Problems {
        std::vector<std::string> channel, dnr;
        session << "SELECT channel, dnr FROM cases WHERE id = ?", use(caseId), into(channel),
            into(dnr), now;
        if (channel.empty())
            return {{"unknown-case", "", 0, 0, "there is no case " + referenceNumber}};
        if (channel.front() != channel::scannedPaper)
            return {{"not-scanned", "", 0, 0,
                     "case " + dnr.front() + " came in as " + channel.front() +
                         "; only scanned paper is keyed in"}};
        if (keyedIn(session, caseId))
            return {{"already-keyed-in", "", 0, 0,
                     "the application of case " + dnr.front() + " was already keyed in"}};

        StatementCache sql(session);
        CaseVersions versions(sql);
        const StoredCaseText stored = versions.latest(caseId);
        if (stored.version == 0) throw Poco::DataException("case without a case document", dnr.front());
        // The application goes first in the case document, as at registration.
        std::string document = stored.xml;
        std::size_t open = document.find("<case");
        std::size_t end = open == std::string::npos ? open : document.find('>', open);
        if (end == std::string::npos)
            throw Poco::DataException("case document without <case>", dnr.front());
        document.insert(end + 1, "\n" + application.applicationXml);

        std::string when = isoTime(at), by = actor, name = application.sourceName,
                    type = "application/xml";
        std::string state = "registered", sha = application.sha256;
        std::string grant = application.grant, organisation = application.organisation,
                    orgNumber = application.orgNumber, title = application.title,
                    kind = application.kind, lang = application.lang;
        Poco::Int64 requested = application.requested, version = stored.version + 1;
        Poco::Data::BLOB content(
            reinterpret_cast<const unsigned char*>(application.original.data()),
            application.original.size());
        std::string detail = "keyed in from " + name + " sha256=" + sha;
        session << "UPDATE cases SET state = ?, grant_id = ?, organisation = ?, org_number = ?, "
                   "title = ?, "
                   "kind = ?, lang = ?, requested = ? WHERE id = ?",
            use(state), use(grant), use(organisation), use(orgNumber), use(title), use(kind),
            use(lang), use(requested), use(caseId), now;
        versions.store(caseId, version, document, when, &stored.xml);
        session << "INSERT INTO documents(case_id, role, name, media_type, sha256, content, "
                   "created_at) "
                   "VALUES(?, 'keyed-in', ?, ?, ?, ?, ?)",
            use(caseId), use(name), use(type), use(sha), use(content), use(when), now;
        std::string event = "keyed-in";
        session << appendEventSql, use(caseId), use(when), use(by), use(event), use(detail), now;
        return {};
    });
}

}  // namespace grantflow
