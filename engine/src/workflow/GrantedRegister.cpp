// The register of granted projects (WorkflowEngine::grantedProjects), read from
// the decisions the engine recorded as it merged them.
#include "DecisionRequests.h"
#include "EngineImpl.h"
#include "store/CaseVersions.h"

#include <grantflow/SafeXmlParser.h>

#include <Poco/UTF8String.h>

#include <limits>

namespace grantflow::workflow {

namespace {

bool granted(const std::string& outcome) { return outcome == "bifall" || outcome == "delvis-bifall"; }

// A decision learnt from the event log of an older store has no outcome recorded:
// it is read from the case document, as the letters read it.
DecisionFacts factsFromDocument(StatementCache& sql, Poco::Int64 caseId) {
    StoredCaseText stored = CaseVersions(sql).latest(caseId);
    if (stored.version == 0) return {};
    ParseResult parsed = SafeXmlParser().parse(stored.xml);
    if (parsed.document.empty()) return {};
    for (xmlNodePtr c = parsed.document.root()->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && isCaseDecision(c)) return decisionFacts(c);
    return {};
}

}  // namespace

std::vector<WorkflowEngine::GrantedProject> WorkflowEngine::grantedProjects(const GrantedFilter& filter) {
    Instant from = 0, to = std::numeric_limits<Instant>::max();
    if (filter.year > 0) {
        from = parseIsoInstant(std::to_string(filter.year) + "-01-01").value_or(0);
        to = parseIsoInstant(std::to_string(filter.year + 1) + "-01-01").value_or(to);
    }
    // A plain substring, as grantflow cases searches.
    const std::string pattern = Poco::UTF8::toLower(filter.text);
    auto rows = _impl->sql.query(
        "SELECT c.id, c.dnr, d.decided_at, d.outcome, COALESCE(d.amount, 0), COALESCE(c.organisation, ''), "
        "COALESCE(c.org_number, ''), COALESCE(c.title, ''), COALESCE(c.kind, ''), c.state "
        "FROM case_decisions d JOIN cases c ON c.id = d.case_id "
        "WHERE d.decided_at >= ? AND d.decided_at < ? AND (d.outcome IS NULL OR d.outcome IN ('bifall', 'delvis-bifall')) "
        "AND (? = '' OR instr(grantflow_fold(c.organisation), ?) > 0 OR instr(grantflow_fold(c.title), ?) > 0 "
        "  OR instr(c.org_number, ?) > 0 OR instr(grantflow_fold(c.dnr), ?) > 0) "
        "ORDER BY d.decided_at DESC, c.id DESC",
        from, to, pattern, pattern, pattern, pattern, pattern);
    std::vector<GrantedProject> register_;
    while (static_cast<int>(register_.size()) < filter.limit && rows.next()) {
        GrantedProject p;
        p.referenceNumber = rows.text(1);
        p.decidedAt = rows.integer(2);
        p.outcome = rows.isNull(3) ? std::string() : rows.text(3);
        p.amount = rows.integer(4);
        if (rows.isNull(3)) {
            DecisionFacts facts = factsFromDocument(_impl->sql, rows.integer(0));
            if (!granted(facts.outcome)) continue;
            p.outcome = facts.outcome;
            p.amount = facts.amount;
        }
        p.organisation = rows.text(5);
        p.orgNumber = rows.text(6);
        p.title = rows.text(7);
        p.kind = rows.text(8);
        p.state = rows.text(9);
        register_.push_back(std::move(p));
    }
    return register_;
}

}  // namespace grantflow::workflow
