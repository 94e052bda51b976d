#include <grantflow/workflow/LetterServiceBinding.h>

#include <grantflow/ApplicationIntake.h>

#include <grantflow/CaseDocumentStore.h>
#include <grantflow/SwedishTime.h>
#include <grantflow/workflow/IsoTime.h>
#include <grantflow/workflow/WorkingCalendar.h>

#include <Poco/Exception.h>

#include <libxml/tree.h>

#include <map>

namespace grantflow::workflow {

namespace {

// Keeps what a plugin stores while it prepares a letter ahead of its job; the job
// stores it for real, inside its step.
class RecordingDocumentStore : public plugin::DocumentStore {
public:
    plugin::StoredDocument store(const plugin::OutputDocument& document) override {
        _documents.push_back({document, sha256Hex(document.bytes)});  // hashed here, off the writer
        return {"prepared-" + std::to_string(_documents.size()), document.name, document.bytes.size()};
    }
    std::vector<PreparedDocument> take() { return std::move(_documents); }

private:
    std::vector<PreparedDocument> _documents;
};

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

xmlNodePtr lettersElement(XmlDocument& caseDocument) {
    xmlNodePtr root = caseDocument.root();
    if (!root) throw Poco::DataException("the case has no document");
    for (xmlNodePtr child = root->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name, x("letters"))) return child;
    return xmlNewChild(root, root->ns, x("letters"), nullptr);
}

// A new child `name` of <case> in place of the one before it, if any: a letter
// that is sent again states its new dates.
xmlNodePtr freshCaseChild(xmlNodePtr root, const char* name) {
    for (xmlNodePtr child = root->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name, x(name))) {
            xmlUnlinkNode(child);
            xmlFreeNode(child);
            break;
        }
    return xmlNewChild(root, root->ns, x(name), nullptr);
}

// A supplement request states its deadline: the same count of working days as the
// deadline timer of workflows/grant-review.bpmn (letters.supplementWorkingDays).
void recordSupplementRequest(ServiceCall& call, int workingDays) {
    xmlNodePtr root = call.caseDocument->root();
    auto now = parseIsoInstant(call.now);
    if (!root || !now) throw Poco::DataException("cannot date the supplement request");
    std::string due = swedishDate(WorkingCalendar::addWorkingDays(*now, workingDays));
    xmlNodePtr request = freshCaseChild(root, "supplementRequest");
    xmlNewTextChild(request, root->ns, x("requestedAt"), x(swedishDate(*now).c_str()));
    xmlNodePtr missing = xmlNewChild(request, root->ns, x("missing"), nullptr);
    // What the latest completeness check found missing.
    for (xmlNodePtr review = root->last; review; review = review->prev) {
        if (review->type != XML_ELEMENT_NODE || !xmlStrEqual(review->name, x("review"))) continue;
        xmlChar* step = xmlGetProp(review, x("step"));
        bool completeness = step && xmlStrEqual(step, x("completeness"));
        xmlFree(step);
        if (!completeness) continue;
        for (xmlNodePtr part = review->children; part; part = part->next)
            if (part->type == XML_ELEMENT_NODE && xmlStrEqual(part->name, x("missing")))
                for (xmlNodePtr item = part->children; item; item = item->next)
                    if (item->type == XML_ELEMENT_NODE) xmlAddChild(missing, xmlCopyNode(item, 1));
        break;
    }
    xmlNewTextChild(request, root->ns, x("dueDate"), x(due.c_str()));
}

// The party is told of the material before a decision that goes against it (25 §
// förvaltningslagen) and given until a day to answer: the same count of working days
// as the response timer of workflows/grant-review.bpmn (letters.communicationWorkingDays).
// Each time is kept, the newest last: a party heard on the proposal and again on the
// decision maker's different view was heard twice, and the case shows both.
void recordCommunication(ServiceCall& call, int workingDays) {
    xmlNodePtr root = call.caseDocument->root();
    auto now = parseIsoInstant(call.now);
    if (!root || !now) throw Poco::DataException("cannot date the communication");
    xmlNodePtr communication = xmlNewChild(root, root->ns, x("communication"), nullptr);
    xmlNewTextChild(communication, root->ns, x("sentAt"), x(swedishDate(*now).c_str()));
    xmlNewTextChild(communication, root->ns, x("respondBy"),
                    x(swedishDate(WorkingCalendar::addWorkingDays(*now, workingDays)).c_str()));
}

}  // namespace

LetterServiceBinding::LetterServiceBinding(plugin::PluginHost& host,
                                           const Poco::Util::AbstractConfiguration& configuration, CaseStore& store)
    : _service(host.createService("letter.pdf", configuration)), _configuration(configuration), _store(store) {}

LetterServiceBinding::~LetterServiceBinding() = default;

void LetterServiceBinding::install(ServiceRegistry& services) {
    services.add(
        "letter", [this](ServiceCall& call) { render(call); }, [this](ServiceCall& call) { prepare(call); });
}

std::string LetterServiceBinding::letterTypeFor(const std::string& nodeId,
                                                const Poco::Util::AbstractConfiguration& configuration) {
    // The service tasks of workflows/grant-review.bpmn.
    static const std::map<std::string, std::string> shipped = {{"acknowledge", "acknowledgement"},
                                                               {"requestSupplement", "supplement-request"},
                                                               {"communicate", "communication"},
                                                               // WorkflowEngine::refuseDecisionRequest
                                                               {"refuseDecisionRequest", "decision-request-refusal"},
                                                               {"decisionLetter", "decision"},
                                                               {"reportReminder", "final-report-reminder"}};
    auto known = shipped.find(nodeId);
    return configuration.getString("letters.type." + nodeId, known != shipped.end() ? known->second : nodeId);
}


std::string LetterServiceBinding::recordRequest(ServiceCall& call) const {
    // The request stays in the case document as before, so the letter trail reads the same.
    xmlNodePtr trail = lettersElement(*call.caseDocument);
    xmlNodePtr requested = xmlNewChild(trail, trail->ns, x("letterRequest"), nullptr);
    xmlNewProp(requested, x("kind"), x(call.nodeId.c_str()));
    xmlNewProp(requested, x("requestedAt"), x(call.now.c_str()));
    xmlNewProp(requested, x("job"), x(std::to_string(call.jobId).c_str()));
    call.documentChanged = true;
    call.changedPart = trail;  // render() adds its letters to the same element
    std::string type = letterTypeFor(call.nodeId, _configuration);
    if (type == "supplement-request") {
        recordSupplementRequest(call, _configuration.getInt("letters.supplementWorkingDays", 10));
        call.changedPart = nullptr;  // a second child changed: the document is written whole
    } else if (type == "communication") {
        recordCommunication(call, _configuration.getInt("letters.communicationWorkingDays", 10));
        call.changedPart = nullptr;
    }
    return type;
}

plugin::ServiceRequest LetterServiceBinding::requestFor(const ServiceCall& call, const std::string& type) const {
    plugin::ServiceRequest request;
    request.referenceNumber = call.referenceNumber;
    request.parameters["type"] = type;
    request.caseDocument = call.caseDocument->toString();
    return request;
}

bool LetterServiceBinding::Prepared::madeFor(const ServiceCall& call) const {
    // The same stored document, changed by recordRequest() with the same values, is the
    // same request; the plugin makes the same letter of the same request (its promise).
    return call.documentVersion != 0 && documentVersion == call.documentVersion &&
           referenceNumber == call.referenceNumber && nodeId == call.nodeId && now == call.now;
}

void LetterServiceBinding::prepare(ServiceCall& call) {
    if (call.documentVersion == 0) return;  // nothing to tell later whether it still fits
    std::string type = recordRequest(call);
    RecordingDocumentStore recorder;
    plugin::ServiceResult result = _service->run(requestFor(call, type), recorder);
    if (!result.ok) return;  // the job renders again and reports the failure itself
    Prepared prepared{call.documentVersion, call.referenceNumber, call.nodeId, call.now, recorder.take()};
    std::lock_guard<std::mutex> lock(_preparedMutex);
    if (_prepared.size() >= maxPrepared) _prepared.clear();  // jobs that never ran; rendering again is safe
    _prepared[call.jobId] = std::move(prepared);
}

std::optional<std::vector<PreparedDocument>> LetterServiceBinding::takePrepared(const ServiceCall& call) {
    std::lock_guard<std::mutex> lock(_preparedMutex);
    auto found = _prepared.find(call.jobId);
    if (found == _prepared.end()) return std::nullopt;
    Prepared prepared = std::move(found->second);
    _prepared.erase(found);
    if (!prepared.madeFor(call)) return std::nullopt;
    return std::move(prepared.outputs);
}

void LetterServiceBinding::render(ServiceCall& call) {
    const std::string type = recordRequest(call);
    CaseDocumentStore documents(_store, call.now);
    std::vector<plugin::StoredDocument> stored;
    if (auto outputs = takePrepared(call)) {
        ++_preparedUsed;
        for (const auto& output : *outputs) stored.push_back(documents.store(output.document, output.sha256));
    } else {
        plugin::ServiceResult result = _service->run(requestFor(call, type), documents);
        if (!result.ok)
            throw Poco::DataException("the " + type + " letter could not be made: " + result.message + " [" +
                                      result.code + "]");
        stored = std::move(result.documents);
    }
    xmlNodePtr letters = lettersElement(*call.caseDocument);
    for (const auto& document : stored) {
        xmlNodePtr letter = xmlNewChild(letters, letters->ns, x("letter"), nullptr);
        xmlNewProp(letter, x("type"), x(type.c_str()));
        xmlNewProp(letter, x("task"), x(call.nodeId.c_str()));
        xmlNewProp(letter, x("document"), x(document.id.c_str()));
        xmlNewProp(letter, x("name"), x(document.name.c_str()));
        xmlNewProp(letter, x("at"), x(call.now.c_str()));
    }
}

}  // namespace grantflow::workflow
