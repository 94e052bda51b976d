#include <grantflow/workflow/ServiceRegistry.h>

#include <grantflow/workflow/BpmnLoader.h>

#include <Poco/Exception.h>

#include <libxml/tree.h>

namespace grantflow::workflow {

namespace {

const xmlChar* x(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

// The child of the case element with this local name, created at the end if missing.
xmlNodePtr caseChild(ServiceCall& call, const char* name) {
    xmlNodePtr root = call.caseDocument->root();
    if (!root) throw Poco::DataException("the case has no document");
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, x(name))) return c;
    return xmlNewChild(root, root->ns, x(name), nullptr);
}

xmlNodePtr addRequest(ServiceCall& call, const char* container, const char* element) {
    xmlNodePtr parent = caseChild(call, container);
    xmlNodePtr request = xmlNewChild(parent, parent->ns, x(element), nullptr);
    xmlNewProp(request, x("kind"), x(call.nodeId.c_str()));
    xmlNewProp(request, x("requestedAt"), x(call.now.c_str()));
    xmlNewProp(request, x("job"), x(std::to_string(call.jobId).c_str()));
    call.documentChanged = true;
    call.changedPart = parent;
    return request;
}

}  // namespace

ServiceRegistry::ServiceRegistry() {
    // Until the letter plugin renders PDFs, the request itself is what the step records.
    add("letter", [](ServiceCall& call) { addRequest(call, "letters", "letterRequest"); });
    add("payment", [](ServiceCall& call) { addRequest(call, "payments", "paymentOrder"); });
    add("record", [](ServiceCall& call) { addRequest(call, "steps", "step"); });
    add("archive", [](ServiceCall& call) {
        xmlNodePtr closed = caseChild(call, "closed");
        xmlSetProp(closed, x("at"), x(call.now.c_str()));
        call.documentChanged = true;
        call.changedPart = closed;
    });
}

const ServiceHandler& ServiceRegistry::get(const std::string& name) const {
    auto found = _handlers.find(name);
    if (found == _handlers.end()) throw Poco::NotFoundException("no service named", name);
    return found->second;
}

std::set<std::string> ServiceRegistry::names() const {
    std::set<std::string> result;
    for (const auto& [name, handler] : _handlers) result.insert(name);
    return result;
}

}  // namespace grantflow::workflow
