#include <grantflow/CaseStore.h>
#include <grantflow/AuditChain.h>
#include <grantflow/SwedishTime.h>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/UTF8String.h>

#include <map>
#include <mutex>

#include "store/CaseVersions.h"
#include "store/StatementCache.h"
#include "store/StepEvents.h"
#include "store/StoreSchema.h"
#include "store/StoreTransaction.h"
#include "store/XmlEscape.h"

#include <sqlite3.h>

namespace grantflow {

using namespace Poco::Data::Keywords;
using Poco::Data::Statement;

namespace {

void registerSqliteOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Both settings are only possible before SQLite initialises, so they come first.
        // SQLite counts every allocation under a global mutex for sqlite3_status(), which
        // nothing here reads: a tenth of a workflow step went to malloc with that lock.
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        // Each connection is used by one thread at a time (the server leases them, the
        // background threads of the engine never touch the store), so SQLite's own lock
        // around every call on a connection only costs: 3 % of the writer's time.
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        // A step's savepoint journal in memory, in one 512 KB chunk, up to 64 pages: the
        // pages a step changes fit, and only a larger step spills to a temporary file.
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 512 * 1024);
        Poco::Data::SQLite::Connector::registerConnector();
    });
}

// grantflow_fold(text) in SQL: the text in lower case, Å and É included (SQLite's
// lower() and LIKE fold ASCII only), so that a search for HEMVÄNDARNA finds Hemvändarna.
void sqlFold(sqlite3_context* context, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    std::string folded = Poco::UTF8::toLower(std::string(bytes, static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
    sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

void registerTextFold(Poco::Data::Session& session) {
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
    if (sqlite3_create_function_v2(db, "grantflow_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sqlFold,
                                   nullptr, nullptr, nullptr) != SQLITE_OK)
        throw Poco::IOException(std::string("cannot register grantflow_fold: ") + sqlite3_errmsg(db));
}

std::string isoTime(const Poco::Timestamp& time) {
    return Poco::DateTimeFormatter::format(time, Poco::DateTimeFormat::ISO8601_FORMAT);
}

// The case document at registration: the application as received, and how it came.
// It begins with the declaration the engine's writer gives every later version, so
// that the first of them is stored as a small change (CaseVersions), not whole.
std::string initialCaseDocument(const std::string& referenceNumber, const CheckedApplication& application,
                                const std::string& receivedAt, const std::string& actor) {
    std::string xml;
    xml.reserve(application.applicationXml.size() + 512);
    xml += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += "<case xmlns=\"urn:grantflow:case:1\" dnr=\"" + referenceNumber + "\">\n";
    xml += application.applicationXml;
    xml += "\n<registration><channel>" + escapeXml(application.channel) + "</channel><receivedAt>" +
           receivedAt + "</receivedAt><source>" + escapeXml(application.sourceName) + "</source><sha256>" +
           application.sha256 + "</sha256><registeredBy>" + escapeXml(actor) +
           "</registeredBy></registration>\n</case>\n";
    return xml;
}

}  // namespace

struct CaseStore::Impl {
    Poco::Data::Session session;
    StatementCache sql;  // the registration path, compiled once

    Impl(const std::string& path, const StoreOptions& options) : session(openSession(path, options)), sql(session) {}

    static Poco::Data::Session openSession(const std::string& path, const StoreOptions& options) {
        Poco::Data::Session session("SQLite", path);
        migrateStoreSchema(session, options.syncFull, options.busyTimeoutMs);
        registerAuditHash(session);
        registerTextFold(session);
        return session;
    }

    // The case registered earlier with these exact bytes, if any.
    std::optional<std::string> caseWithOriginal(const std::string& sha256) {
        auto rows = sql.query("SELECT c.dnr FROM documents d JOIN cases c ON c.id = d.case_id "
                              "WHERE d.role = 'original' AND d.sha256 = ?",
                              sha256);
        if (!rows.next()) return std::nullopt;
        return rows.text(0);
    }

    void insert(const ReferenceNumber& number, const CheckedApplication& application, const std::string& registeredAt,
                const std::string& actor) {
        const long long id = number.key();
        sql.execute("INSERT INTO cases(id, dnr, year, seq, registered_at, state, channel, grant_id, organisation, "
                    "org_number, title, kind, lang, requested) "
                    "VALUES(?, ?, ?, ?, ?, 'registered', ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, number.toString(), number.year, static_cast<long long>(number.sequence), registeredAt,
                    application.channel, application.grant, application.organisation, application.orgNumber,
                    application.title, application.kind, application.lang,
                    static_cast<long long>(application.requested));
        sql.execute("INSERT INTO documents(case_id, role, name, media_type, sha256, content, created_at) "
                    "VALUES(?, 'original', ?, ?, ?, ?, ?)",
                    id, application.sourceName, application.mediaType, application.sha256, Blob{application.original},
                    registeredAt);
        sql.execute("INSERT INTO case_versions(case_id, version, xml, created_at) VALUES(?, 1, ?, ?)", id,
                    initialCaseDocument(number.toString(), application, registeredAt, actor), registeredAt);
        sql.execute(appendEventSql, id, registeredAt, actor, std::string("registered"),
                    "channel=" + application.channel + " source=" + application.sourceName);
    }

    // The last number used this year, read inside the write transaction.
    long lastSequence(int year) {
        std::vector<long> last;
        session << "SELECT last FROM reference_counters WHERE year = ?", use(year), into(last), now;
        return last.empty() ? 0 : last.front();
    }
};

CaseStore::CaseStore(const std::string& path, StoreOptions options) {
    registerSqliteOnce();
    _impl = std::make_unique<Impl>(path, options);
}

CaseStore::~CaseStore() = default;

Poco::Data::Session& CaseStore::session() { return _impl->session; }

std::vector<RegisteredCase> CaseStore::registerApplications(
    const std::vector<const CheckedApplication*>& applications, const Poco::Timestamp& receivedAt,
    const std::string& actor) {
    std::vector<RegisteredCase> results(applications.size());
    if (applications.empty()) return results;
    Poco::Data::Session& session = _impl->session;
    for (const CheckedApplication* application : applications)
        if (!application->accepted())
            throw Poco::InvalidArgumentException("refusing to register a document with problems",
                                                 application->sourceName);

    // The year of the reference number is the Swedish year the document came in.
    int year = std::stoi(swedishDate(receivedAt.epochTime()).substr(0, 4));
    const std::string registeredAt = isoTime(receivedAt);

    StoreTransaction transaction(session);  // nothing of the batch stays when anything fails
    {
        long sequence = _impl->lastSequence(year);
        const long firstSequence = sequence;
        std::map<std::string, std::string> registeredInBatch;  // sha256 -> reference number
        for (std::size_t i = 0; i < applications.size(); ++i) {
            const CheckedApplication& application = *applications[i];
            auto same = registeredInBatch.find(application.sha256);
            if (same != registeredInBatch.end()) {
                results[i] = {same->second, true};
                continue;
            }
            if (auto existing = _impl->caseWithOriginal(application.sha256)) {
                results[i] = {*existing, true};
                continue;
            }
            // A seventh digit would make a number nothing can look up (and a key that
            // runs into the next year's): the batch is refused whole instead.
            if (sequence >= ReferenceNumber::maxSequence)
                throw Poco::RangeException("the reference numbers of " + std::to_string(year) + " are used up (GF " +
                                           std::to_string(year) + "-999999 was the last); nothing of this batch "
                                           "was registered");
            ReferenceNumber number{year, ++sequence};
            _impl->insert(number, application, registeredAt, actor);
            results[i] = {number.toString(), false};
            registeredInBatch[application.sha256] = results[i].referenceNumber;
        }
        if (sequence != firstSequence)
            session << "INSERT INTO reference_counters(year, last) VALUES(?, ?) "
                       "ON CONFLICT(year) DO UPDATE SET last = excluded.last",
                use(year), use(sequence), now;
    }
    transaction.commit();
    return results;
}

long long CaseStore::addDocument(long long caseId, const std::string& role, const std::string& name,
                                const std::string& mediaType, const std::string& sha256, const std::string& bytes,
                                const std::string& createdAt) {
    _impl->sql.execute("INSERT INTO documents(case_id, role, name, media_type, sha256, content, created_at) "
                       "VALUES(?, ?, ?, ?, ?, ?, ?)",
                       caseId, role, name, mediaType, sha256, Blob{bytes}, createdAt);
    return _impl->sql.lastInsertId();
}

std::optional<std::string> CaseStore::caseDocument(const std::string& referenceNumber) {
    Poco::Int64 id = ReferenceNumber::parse(referenceNumber).key();
    StoredCaseText stored = CaseVersions(_impl->sql).latest(id);
    if (stored.version == 0) return std::nullopt;
    return std::move(stored.xml);
}

std::vector<CaseSummary> CaseStore::listCases(const CaseFilter& filter) {
    std::string sql =
        "SELECT dnr, registered_at, state, channel, COALESCE(organisation, ''), COALESCE(title, ''), "
        "COALESCE(kind, ''), COALESCE(lang, ''), COALESCE(requested, 0) FROM cases WHERE 1 = 1";
    // A plain substring, whatever it holds: with LIKE, '%' matched every case and '_' any letter.
    std::string state = filter.state, pattern = Poco::UTF8::toLower(filter.text);
    int year = filter.year, limit = filter.limit;
    Statement select(_impl->session);
    if (!state.empty()) sql += " AND state = ?";
    if (!filter.text.empty())
        sql += " AND (instr(grantflow_fold(organisation), ?) > 0 OR instr(grantflow_fold(title), ?) > 0 OR "
               "instr(grantflow_fold(dnr), ?) > 0)";
    if (year) sql += " AND year = ?";
    sql += " ORDER BY id DESC LIMIT ?";
    select << sql;
    if (!state.empty()) select, use(state);
    if (!filter.text.empty()) select, use(pattern), use(pattern), use(pattern);
    if (year) select, use(year);
    select, use(limit);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<CaseSummary> cases;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        CaseSummary summary;
        summary.referenceNumber = rows[0].convert<std::string>();
        summary.registeredAt = rows[1].convert<std::string>();
        summary.state = rows[2].convert<std::string>();
        summary.channel = rows[3].convert<std::string>();
        summary.organisation = rows[4].convert<std::string>();
        summary.title = rows[5].convert<std::string>();
        summary.kind = rows[6].convert<std::string>();
        summary.lang = rows[7].convert<std::string>();
        summary.requested = rows[8].convert<Poco::Int64>();
        cases.push_back(std::move(summary));
    }
    return cases;
}

std::vector<CaseEvent> CaseStore::events(const std::string& referenceNumber) {
    Poco::Int64 id = ReferenceNumber::parse(referenceNumber).key();
    Statement select(_impl->session);
    select << "SELECT id, at, actor, kind, COALESCE(detail, '') FROM events WHERE case_id = ? ORDER BY id", use(id);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<CaseEvent> events;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        const auto id = rows[0].convert<Poco::Int64>();
        const auto at = rows[1].convert<std::string>(), actor = rows[2].convert<std::string>();
        for (auto& entry : splitEntries(rows[3].convert<std::string>(), rows[4].convert<std::string>()))
            events.push_back({id, at, actor, std::move(entry.kind), std::move(entry.detail)});
    }
    return events;
}

long long CaseStore::caseCount() {
    Poco::Int64 count = 0;
    _impl->session << "SELECT COUNT(*) FROM cases", into(count), now;
    return count;
}

}  // namespace grantflow
