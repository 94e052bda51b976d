#include "DecisionRequests.h"

#include "CaseText.h"
#include "EngineImpl.h"
#include "OutcomeMerger.h"
#include "WriteTransaction.h"
#include "store/CaseVersions.h"
#include "store/XmlEscape.h"

#include <grantflow/AuditChain.h>
#include <grantflow/DecimalNumber.h>
#include <grantflow/SafeXmlParser.h>
#include <grantflow/workflow/BpmnLoader.h>

#include <Poco/String.h>

namespace grantflow::workflow {

namespace {

// 12 §: six months from the case's start, four weeks to answer a request.
const IsoDuration sixMonths = [] {
    IsoDuration d;
    d.months = 6;
    return d;
}();
constexpr Instant fourWeeks = 28 * 24 * 3600;
// The shortest six months (31 August to 28 February) is 181 days: cases younger than
// that cannot have a party entitled to ask, so the list need not look at them.
constexpr Instant shortestSixMonths = 181 * 24 * 3600;

struct CaseFacts {
    std::string state;
    Instant registeredAt = 0;
    std::optional<Instant> decidedAt;
};

std::optional<CaseFacts> caseFacts(StatementCache& sql, Poco::Int64 caseId) {
    auto rows = sql.query("SELECT c.state, c.registered_at, d.decided_at FROM cases c "
                          "LEFT JOIN case_decisions d ON d.case_id = c.id WHERE c.id = ?",
                          caseId);
    if (!rows.next()) return std::nullopt;
    CaseFacts facts;
    facts.state = rows.text(0);
    facts.registeredAt = parseIsoInstant(rows.text(1)).value_or(0);
    if (!rows.isNull(2)) facts.decidedAt = rows.integer(2);
    return facts;
}

void caseEvent(StatementCache& sql, Poco::Int64 caseId, Instant at, const std::string& actor, const std::string& kind,
               const std::string& detail) {
    sql.execute(appendEventSql, caseId, formatInstant(at), actor, kind, detail);
}

bool closed(const std::string& state) { return state == "closed" || state == "terminated"; }

// The service task id a refusal's letter is made under (LetterServiceBinding maps it
// to the letter type decision-request-refusal).
const char* const refusalLetterNode = "refuseDecisionRequest";

// Makes the letter of a refusal, a decision the party must be told of in writing,
// with the letter service, into `document` and the case's documents, within a
// savepoint of its own: when it fails, nothing of it stays and the refusal still
// stands. Returns why it failed, or an empty string.
std::string makeRefusalLetter(WorkflowEngine::Impl& engine, const ServiceRegistry& services,
                              const std::string& referenceNumber, XmlDocument& document, const std::string& now) {
    WriteTransaction letter(engine, WriteTransaction::partOfStep);
    try {
        ServiceCall call;
        call.referenceNumber = referenceNumber;
        call.nodeId = refusalLetterNode;
        call.nodeName = "Avslag på begäran om avgörande";
        call.now = now;
        call.caseDocument = &document;
        services.get("letter")(call);
        letter.commit();
        return {};
    } catch (const Poco::Exception& e) {
        return e.displayText();
    } catch (const std::exception& e) {
        return e.what();
    }
}

// Puts the request as it now stands into the case document, as <decisionRequest>
// (a newer one replaces the older), so that the letter refusing it reads it like any
// outcome; with a refusal, its letter is made in the same step. Returns why the
// letter could not be made, or an empty string.
std::string putInCaseDocument(WorkflowEngine::Impl& engine, const ServiceRegistry* letters, Poco::Int64 caseId,
                              const std::string& referenceNumber, const std::string& elementXml, const MergeStamp& stamp) {
    auto [version, cached] = latestCaseDocument(engine.sql, engine.documents, caseId, referenceNumber);
    ParseResult part = SafeXmlParser().parse(elementXml);
    if (part.document.empty()) throw Poco::DataFormatException("decision request element", elementXml);
    mergeIntoCase(cached.document, part.document, stamp);
    std::string letterProblem;
    if (letters) {
        // On a copy, so that a letter that fails leaves nothing of itself in the document.
        XmlDocument withLetter(xmlCopyDoc(cached.document.get(), 1));
        letterProblem = makeRefusalLetter(engine, *letters, referenceNumber, withLetter, stamp.at);
        if (letterProblem.empty()) cached.document = std::move(withLetter);
    }
    const std::string& previous = cached.text.text();
    CaseVersions(engine.sql).store(caseId, version + 1, CaseText::write(cached.document).text(), stamp.at,
                            previous.empty() ? nullptr : &previous);
    return letterProblem;
}

std::string requestElement(Instant received, Instant due, const std::string& refusalReasons = "") {
    std::string xml = std::string("<decisionRequest xmlns=\"") + caseNamespace + "\"><received>" + formatDay(received) +
                      "</received><answerDue>" + formatDay(due) + "</answerDue>";
    if (!refusalReasons.empty())
        xml += "<outcome>refused</outcome><reasons><p>" + escapeXml(refusalReasons) + "</p></reasons>";
    return xml + "</decisionRequest>";
}

}  // namespace

bool isCaseDecision(xmlNodePtr merged) {
    return merged && xmlStrEqual(merged->name, BAD_CAST "decision") && merged->ns &&
           xmlStrEqual(merged->ns->href, BAD_CAST caseNamespace);
}

DecisionFacts decisionFacts(xmlNodePtr decision) {
    std::string outcome, amountText;
    for (xmlNodePtr c = decision->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        std::string* into = xmlStrEqual(c->name, BAD_CAST "outcome")  ? &outcome
                            : xmlStrEqual(c->name, BAD_CAST "amount") ? &amountText
                                                                       : nullptr;
        if (!into) continue;
        xmlChar* text = xmlNodeGetContent(c);
        *into = text ? reinterpret_cast<const char*>(text) : "";
        xmlFree(text);
    }
    // The outcome schema makes the amount whole kronor; a decision without one grants nothing.
    return {Poco::trim(outcome), decimalNumber(Poco::trim(amountText)).value_or(0)};
}

void recordDecision(StatementCache& sql, InstanceStep& step, Poco::Int64 caseId, Instant at, xmlNodePtr decision) {
    const DecisionFacts facts = decisionFacts(decision);
    if (facts.outcome == "kommunicera") return;  // the party is heard first; nothing is decided yet
    // A case decided again (reconsidered) is listed as its latest decision says.
    sql.execute("INSERT INTO case_decisions(case_id, decided_at, outcome, amount) VALUES(?, ?, ?, ?) "
                "ON CONFLICT(case_id) DO UPDATE SET decided_at = excluded.decided_at, outcome = excluded.outcome, "
                "amount = excluded.amount",
                caseId, at, facts.outcome, facts.amount);
    Poco::Int64 request = 0;
    Instant due = 0;
    {
        auto open = sql.query("SELECT id, answer_due FROM decision_requests WHERE case_id = ? AND answered_at IS NULL",
                              caseId);
        if (!open.next()) return;
        request = open.integer(0);
        due = open.integer(1);
    }
    sql.execute("UPDATE decision_requests SET answered_at = ?, answer = 'decided' WHERE id = ?", at, request);
    step.event("decision-request-answered",
               std::string("decided ") + (at <= due ? "within" : "after") + " the four weeks of 12 § (due " + formatDay(due) + ")");
}

Outcome WorkflowEngine::requestDecision(const std::string& referenceNumber, Instant receivedAt,
                                        const std::string& actor) {
    WriteTransaction transaction(*_impl);
    auto caseId = _impl->caseId(referenceNumber);
    if (!caseId) return Outcome::refused("no-such-case", "no case is registered as '" + referenceNumber + "'");
    if (receivedAt > _settings.clock.now() + 24 * 3600)
        return Outcome::refused("received-in-future", "a request cannot have come in on " + formatDay(receivedAt) +
                                                          ", after today: check the date");
    CaseFacts facts = *caseFacts(_impl->sql, *caseId);
    if (facts.decidedAt)
        return Outcome::refused("decided", referenceNumber + " was decided on " + formatDay(*facts.decidedAt) +
                                               ": there is nothing left to ask for");
    if (closed(facts.state))
        return Outcome::refused("closed", referenceNumber + " is " + facts.state + ": there is nothing left to ask for");
    const Instant mayAskFrom = addCalendar(facts.registeredAt, sixMonths);
    if (receivedAt < mayAskFrom)
        return Outcome::refused("too-early", referenceNumber + " was registered on " + formatDay(facts.registeredAt) +
                                                 "; under 12 § its party may ask for a decision from " +
                                                 formatDay(mayAskFrom) + " (handle this one as an ordinary letter)");
    if (_impl->sql.integer("SELECT COUNT(*) FROM decision_requests WHERE case_id = ? AND answered_at IS NULL", 0,
                           *caseId) > 0)
        return Outcome::refused("already-requested", referenceNumber + " has a request for a decision already open");
    const Instant due = receivedAt + fourWeeks;
    _impl->sql.execute("INSERT INTO decision_requests(case_id, requested_at, answer_due, received_by) VALUES(?, ?, ?, ?)",
                       *caseId, receivedAt, due, actor);
    Outcome o;
    o.id = _impl->sql.lastInsertId();
    const Instant at = _settings.clock.now();  // when it was registered, as against received
    putInCaseDocument(*_impl, nullptr, *caseId, referenceNumber,
                      requestElement(receivedAt, due), {actor, fullName(actor), formatInstant(at), ""});
    caseEvent(_impl->sql, *caseId, at, actor, "decision-requested",
              "received " + formatDay(receivedAt) + "; 12 §: decide, or refuse the request, by " + formatDay(due));
    transaction.commit();
    o.message = referenceNumber + ": request for a decision registered; decide the case, or refuse the request, by " +
                formatDay(due) + " (12 § förvaltningslagen)";
    return o;
}

Outcome WorkflowEngine::refuseDecisionRequest(const std::string& referenceNumber, const std::string& reasons,
                                              const std::string& actor) {
    WriteTransaction transaction(*_impl);
    auto caseId = _impl->caseId(referenceNumber);
    if (!caseId) return Outcome::refused("no-such-case", "no case is registered as '" + referenceNumber + "'");
    Poco::Int64 request = 0;
    Instant received = 0, due = 0;
    {
        auto open = _impl->sql.query(
            "SELECT id, requested_at, answer_due FROM decision_requests WHERE case_id = ? AND answered_at IS NULL",
            *caseId);
        if (!open.next())
            return Outcome::refused("no-request", referenceNumber + " has no open request for a decision to refuse");
        request = open.integer(0);
        received = open.integer(1);
        due = open.integer(2);
    }
    const Instant at = _settings.clock.now();
    const std::string letterProblem =
        putInCaseDocument(*_impl, &_services, *caseId, referenceNumber,
                          requestElement(received, due, reasons), {actor, fullName(actor), formatInstant(at), ""});
    _impl->sql.execute("UPDATE decision_requests SET answered_at = ?, answer = ? WHERE id = ?", at,
                       "refused: " + reasons, request);
    caseEvent(_impl->sql, *caseId, at, actor, "decision-request-refused", reasons);
    transaction.commit();
    Outcome o;
    o.id = request;
    o.message = referenceNumber + ": the request for a decision is refused; " +
                (letterProblem.empty() ? std::string("its letter is kept with the case, to send to the party")
                                       : "its letter could not be made (" + letterProblem +
                                             "): make it with grantflow letter --type decision-request-refusal");
    return o;
}

std::vector<WorkflowEngine::LegalDeadline> WorkflowEngine::legalDeadlines(Instant at, int limit) {
    std::vector<LegalDeadline> result;
    auto open = _impl->sql.query("SELECT c.dnr, r.requested_at, r.answer_due FROM decision_requests r "
                                 "JOIN cases c ON c.id = r.case_id WHERE r.answered_at IS NULL "
                                 "ORDER BY r.answer_due, r.id LIMIT ?",
                                 limit);
    while (open.next()) {
        LegalDeadline d{open.text(0), "decision-requested", open.integer(1), open.integer(2)};
        d.overdue = formatDay(at) > formatDay(d.due);  // the answer may still come on its last day
        result.push_back(std::move(d));
    }
    // registered_at is ISO 8601 in UTC throughout, so text order is time order. The
    // states around 'closed' and 'terminated' are three ranges of cases_by_state, so only
    // the cases still open are read: NOT IN read every case (1.5 s with a million closed).
    auto undecided = _impl->sql.query(
        "SELECT c.dnr, c.registered_at FROM cases c WHERE c.registered_at <= ? "
        "AND (c.state < 'closed' OR (c.state > 'closed' AND c.state < 'terminated') OR c.state > 'terminated') "
        "AND NOT EXISTS (SELECT 1 FROM case_decisions d WHERE d.case_id = c.id) "
        "AND NOT EXISTS (SELECT 1 FROM decision_requests r WHERE r.case_id = c.id AND r.answered_at IS NULL) "
        "ORDER BY c.registered_at, c.id",
        formatInstant(at - shortestSixMonths));
    int taken = 0;
    while (taken < limit && undecided.next()) {
        const Instant mayAskFrom = addCalendar(parseIsoInstant(undecided.text(1)).value_or(at), sixMonths);
        if (mayAskFrom > at) continue;
        result.push_back({undecided.text(0), "may-request-decision", mayAskFrom, 0, false});
        ++taken;
    }
    return result;
}

}  // namespace grantflow::workflow
