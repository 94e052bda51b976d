// WorkflowEngine's messages: a message taken by the catch event, event-based gateway
// or message boundary event a case waits at (once per message id), its payload merged
// into the case; and what a case waits for, which a refused message quotes.
#include <grantflow/workflow/WorkflowEngine.h>

#include "EngineImpl.h"
#include "InstanceStep.h"
#include "OutcomeMerger.h"
#include "WriteTransaction.h"

#include <grantflow/CleanText.h>
#include <grantflow/ReferenceNumber.h>
#include <grantflow/SafeXmlParser.h>

#include <algorithm>
#include <set>

namespace grantflow::workflow {

using Poco::Int64;

namespace {

// The parts of a case document only the agency writes: the application as received,
// its registration, the outcomes of its own steps, the decision, and what the
// engine records of letters, payments and requests. A message payload (what a party
// or another system sent) merged under one of these names would pass for them.
bool isAgencyRecord(xmlNodePtr root) {
    static const std::set<std::string> names = {
        "application", "registration",  "review",         "decision",        "letters", "payments", "steps",
        "closed",      "supplementRequest", "communication", "decisionRequest"};
    return root && names.count(reinterpret_cast<const char*>(root->name)) > 0;
}

// What is wrong with a message's id, if anything. The id is the sender's key for
// taking a message once; it is shown in the history, which is tab-separated, and
// in JSON: so readable text on one line, and short.
std::string messageIdProblem(const std::string& id) {
    constexpr std::size_t longest = 200;
    if (id.empty()) return "the message has no id: give the sender's own, so that it is taken once";
    if (id.size() > longest)
        return "the message id is " + std::to_string(id.size()) + " bytes long; at most " + std::to_string(longest);
    const bool controls =
        std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (controls || !isCleanText(id)) return "the message id holds a control character or is not UTF-8 text";
    return {};
}

bool isMessageEvent(const FlowNode& n) {
    return n.kind == NodeKind::messageCatchEvent || n.kind == NodeKind::boundaryMessageEvent;
}

// The events a token waiting at `at` waits for from outside: the catch event itself,
// an event-based gateway's events (messages and timers), or a user task's message
// boundary events (besides its performer).
std::vector<const FlowNode*> awaitedEvents(const ProcessDefinition& definition, const FlowNode& at) {
    std::vector<const FlowNode*> events;
    if (at.kind == NodeKind::messageCatchEvent) events.push_back(&at);
    if (at.kind == NodeKind::eventBasedGateway)
        for (const auto& out : at.outgoing) events.push_back(&definition.node(definition.flow(out).target));
    for (const auto& b : at.boundaryEvents)
        if (const FlowNode& boundary = definition.node(b); isMessageEvent(boundary)) events.push_back(&boundary);
    return events;
}

// The event that takes message `name` for a token waiting at `at`, if any.
const FlowNode* messageCatcher(const ProcessDefinition& definition, const FlowNode& at, const std::string& name) {
    for (const FlowNode* event : awaitedEvents(definition, at))
        if (isMessageEvent(*event) && event->messageName == name) return event;
    return nullptr;
}

}  // namespace

Outcome WorkflowEngine::message(const std::string& referenceNumber, const std::string& name,
                                const std::string& messageId, const std::string& actor, const std::string& payloadXml) {
    if (std::string why = messageIdProblem(messageId); !why.empty()) return Outcome::refused("message-id-invalid", why);
    XmlDocument payload;
    if (!payloadXml.empty()) {
        ParseResult parsed = SafeXmlParser().parse(payloadXml);
        if (parsed.document.empty() || !parsed.problems.empty()) {
            Outcome o = Outcome::refused("payload-invalid", "the message payload cannot be read as XML");
            o.problems = parsed.problems;
            return o;
        }
        payload = std::move(parsed.document);
        if (isAgencyRecord(payload.root()))
            return Outcome::refused("payload-invalid",
                                    std::string("a message cannot bring <") +
                                        reinterpret_cast<const char*>(payload.root()->name) +
                                        ">: that part of the case is the agency's own record");
    }
    WriteTransaction transaction(*_impl);
    auto caseId = _impl->caseId(referenceNumber);
    if (!caseId) return Outcome::refused("no-such-case", "no case is registered as '" + referenceNumber + "'");
    {
        // The same message sent again is taken once. An id already taken for another
        // case or another message is refused: saying "already taken" would drop this one.
        auto rows = _impl->sql.query("SELECT m.received_at, m.case_id, m.name, c.dnr FROM messages m "
                                     "JOIN cases c ON c.id = m.case_id WHERE m.message_id = ?",
                                     messageId);
        if (rows.next()) {
            const std::string receivedAt = rows.text(0), takenName = rows.text(2), takenBy = rows.text(3);
            if (rows.integer(1) != *caseId || takenName != name)
                return Outcome::refused("message-id-taken", "message id " + messageId + " was taken at " + receivedAt +
                                                                " by case " + takenBy + " as '" + takenName +
                                                                "'; a different message needs an id of its own");
            Outcome o;
            o.code = "duplicate";
            o.message = "message " + messageId + " was already taken at " + receivedAt + "; nothing more to do";
            return o;
        }
    }
    std::vector<Int64> tokens, instances, definitionIds;
    std::vector<std::string> nodes;
    {
        auto rows = _impl->sql.query("SELECT t.id, t.instance_id, t.node, i.definition_id FROM tokens t JOIN "
                                     "process_instances i ON i.id = t.instance_id WHERE i.case_id = ? AND "
                                     "i.state = 'active' AND t.state = 'waiting' ORDER BY t.id",
                                     *caseId);
        while (rows.next()) {
            tokens.push_back(rows.integer(0));
            instances.push_back(rows.integer(1));
            nodes.push_back(rows.text(2));
            definitionIds.push_back(rows.integer(3));
        }
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        auto definition = _impl->definition(definitionIds[i]);
        const FlowNode& at = definition->node(nodes[i]);
        const FlowNode* event = messageCatcher(*definition, at, name);
        if (!event) continue;
        Instant nowAt = _settings.clock.now();
        std::string dnr = ReferenceNumber::parse(referenceNumber).toString(), received = formatInstant(nowAt);
        InstanceStep step(_impl->sql, _impl->documents, *definition, instances[i], *caseId, dnr, nowAt, actor);
        _impl->sql.execute("INSERT INTO messages(message_id, case_id, name, instance_id, received_at) "
                           "VALUES(?, ?, ?, ?, ?)",
                           messageId, *caseId, name, instances[i], received);
        if (!payload.empty()) {
            step.documentChanged(mergeIntoCase(step.document(), payload, {actor, fullName(actor), received, event->id}));
        }
        step.event("message-received", "'" + name + "' (id " + messageId + ") at " + describe(*event));
        // A boundary event that does not interrupt leaves its task open, and the token there.
        if (event->kind != NodeKind::boundaryMessageEvent || event->cancelActivity) step.consumeToken(tokens[i], &at);
        step.leave(*event);
        step.finish();
        transaction.commit();
        Outcome o;
        o.message = "message '" + name + "' taken by " + describe(*event);
        o.id = instances[i];
        return o;
    }
    std::string waits;
    for (const auto& w : waitingPoints(referenceNumber))
        waits += (waits.empty() ? "" : "; ") + w.node + " (" + w.kind + (w.detail.empty() ? "" : " " + w.detail) + ")";
    return Outcome::refused("not-waiting", "case " + referenceNumber + " waits for no message '" + name + "'" +
                                               (waits.empty() ? " (no workflow of it is waiting)" : "; it waits at: " + waits));
}

std::vector<WaitingPoint> WorkflowEngine::waitingPoints(const std::string& referenceNumber) {
    auto caseId = _impl->caseId(referenceNumber);
    if (!caseId) return {};
    std::vector<Int64> definitionIds;
    std::vector<std::string> nodes;
    {
        auto rows = _impl->sql.query("SELECT i.definition_id, t.node FROM tokens t JOIN process_instances i ON "
                                     "i.id = t.instance_id WHERE i.case_id = ? AND i.state = 'active' ORDER BY t.id",
                                     *caseId);
        while (rows.next()) {
            definitionIds.push_back(rows.integer(0));
            nodes.push_back(rows.text(1));
        }
    }
    std::vector<WaitingPoint> result;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        auto definition = _impl->definition(definitionIds[i]);
        const FlowNode& n = definition->node(nodes[i]);
        WaitingPoint w{n.id, kindName(n.kind), ""};
        for (const FlowNode* t : awaitedEvents(*definition, n))
            w.detail += (w.detail.empty() ? "" : " or ") +
                        (isMessageEvent(*t) ? "message '" + t->messageName + "'" : "timer " + t->timer.text);
        // A user task waits for its performer first.
        if (n.kind == NodeKind::userTask && !w.detail.empty()) w.detail = "or " + w.detail;
        result.push_back(std::move(w));
    }
    return result;
}

}  // namespace grantflow::workflow
