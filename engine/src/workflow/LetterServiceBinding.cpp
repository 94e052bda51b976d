#include <grantflow/workflow/LetterServiceBinding.h>

#include <grantflow/CaseDocumentStore.h>
#include <grantflow/workflow/IsoTime.h>
#include <grantflow/workflow/WorkingCalendar.h>

#include <Poco/Exception.h>

#include <libxml/tree.h>

#include <map>

namespace grantflow::workflow {

namespace {

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

xmlNodePtr lettersElement(XmlDocument& caseDocument) {
    xmlNodePtr root = caseDocument.root();
    if (!root) throw Poco::DataException("the case has no document");
    for (xmlNodePtr child = root->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name, x("letters"))) return child;
    return xmlNewChild(root, root->ns, x("letters"), nullptr);
}

// A supplement request states its deadline: the same count of working days as the
// deadline timer of workflows/grant-review.bpmn (letters.supplementWorkingDays).
void recordSupplementRequest(ServiceCall& call, int workingDays) {
    xmlNodePtr root = call.caseDocument->root();
    auto now = parseIsoInstant(call.now);
    if (!root || !now) throw Poco::DataException("cannot date the supplement request");
    std::string due = formatInstant(WorkingCalendar::addWorkingDays(*now, workingDays)).substr(0, 10);
    for (xmlNodePtr child = root->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual(child->name, x("supplementRequest"))) {
            xmlUnlinkNode(child);
            xmlFreeNode(child);
            break;
        }
    xmlNodePtr request = xmlNewChild(root, root->ns, x("supplementRequest"), nullptr);
    xmlNewTextChild(request, root->ns, x("requestedAt"), x(call.now.substr(0, 10).c_str()));
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

}  // namespace

LetterServiceBinding::LetterServiceBinding(plugin::PluginHost& host,
                                           const Poco::Util::AbstractConfiguration& configuration, CaseStore& store)
    : _service(host.createService("letter.pdf", configuration)), _configuration(configuration), _store(store) {}

LetterServiceBinding::~LetterServiceBinding() = default;

void LetterServiceBinding::install(ServiceRegistry& services) {
    services.add("letter", [this](ServiceCall& call) { render(call); });
}

std::string LetterServiceBinding::letterTypeFor(const std::string& nodeId,
                                                const Poco::Util::AbstractConfiguration& configuration) {
    // The service tasks of workflows/grant-review.bpmn.
    static const std::map<std::string, std::string> shipped = {{"acknowledge", "acknowledgement"},
                                                               {"requestSupplement", "supplement-request"},
                                                               {"decisionLetter", "decision"},
                                                               {"reportReminder", "final-report-reminder"}};
    auto known = shipped.find(nodeId);
    return configuration.getString("letters.type." + nodeId, known != shipped.end() ? known->second : nodeId);
}


void LetterServiceBinding::render(ServiceCall& call) {
    // The request stays in the case document as before, so the letter trail reads the same.
    xmlNodePtr trail = lettersElement(*call.caseDocument);
    xmlNodePtr requested = xmlNewChild(trail, trail->ns, x("letterRequest"), nullptr);
    xmlNewProp(requested, x("kind"), x(call.nodeId.c_str()));
    xmlNewProp(requested, x("requestedAt"), x(call.now.c_str()));
    xmlNewProp(requested, x("job"), x(std::to_string(call.jobId).c_str()));
    call.documentChanged = true;

    plugin::ServiceRequest request;
    request.referenceNumber = call.referenceNumber;
    request.caseDocument = call.caseDocument->toString();
    request.parameters["type"] = letterTypeFor(call.nodeId, _configuration);
    if (request.parameters["type"] == "supplement-request") {
        recordSupplementRequest(call, _configuration.getInt("letters.supplementWorkingDays", 10));
        request.caseDocument = call.caseDocument->toString();
    }
    CaseDocumentStore documents(_store, call.now);
    plugin::ServiceResult result = _service->run(request, documents);
    if (!result.ok)
        throw Poco::DataException("the " + request.parameters["type"] + " letter could not be made: " +
                                  result.message + " [" + result.code + "]");
    xmlNodePtr letters = lettersElement(*call.caseDocument);
    for (const auto& stored : result.documents) {
        xmlNodePtr letter = xmlNewChild(letters, letters->ns, x("letter"), nullptr);
        xmlNewProp(letter, x("type"), x(request.parameters["type"].c_str()));
        xmlNewProp(letter, x("task"), x(call.nodeId.c_str()));
        xmlNewProp(letter, x("document"), x(stored.id.c_str()));
        xmlNewProp(letter, x("name"), x(stored.name.c_str()));
        xmlNewProp(letter, x("at"), x(call.now.c_str()));
    }
}

}  // namespace grantflow::workflow
