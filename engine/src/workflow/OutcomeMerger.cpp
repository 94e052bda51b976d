#include "OutcomeMerger.h"

#include <Poco/Exception.h>

#include <libxml/tree.h>

namespace grantflow::workflow {

namespace {

const xmlChar* x(const std::string& text) { return reinterpret_cast<const xmlChar*>(text.c_str()); }

std::string stepOf(xmlNodePtr e) {
    xmlChar* value = xmlGetNoNsProp(e, reinterpret_cast<const xmlChar*>("step"));
    if (!value) return {};
    std::string result = reinterpret_cast<const char*>(value);
    xmlFree(value);
    return result;
}

bool sameNamespace(xmlNodePtr a, xmlNodePtr b) {
    const xmlChar* na = a->ns ? a->ns->href : nullptr;
    const xmlChar* nb = b->ns ? b->ns->href : nullptr;
    return (!na && !nb) || (na && nb && xmlStrEqual(na, nb));
}

}  // namespace

xmlNodePtr mergeIntoCase(XmlDocument& caseDocument, const XmlDocument& part, const MergeStamp& stamp) {
    xmlNodePtr root = caseDocument.root();
    xmlNodePtr incoming = part.root();
    if (!root || !incoming) throw Poco::DataException("nothing to merge");
    xmlNodePtr copy = xmlDocCopyNode(incoming, caseDocument.get(), 1);
    if (!copy) throw Poco::OutOfMemoryException("copying the outcome");
    xmlSetProp(copy, reinterpret_cast<const xmlChar*>("by"), x(stamp.by));
    // A name the outcome brought itself is never taken: only the engine says who acted.
    xmlUnsetProp(copy, reinterpret_cast<const xmlChar*>("byName"));
    if (!stamp.byName.empty()) xmlSetProp(copy, reinterpret_cast<const xmlChar*>("byName"), x(stamp.byName));
    xmlSetProp(copy, reinterpret_cast<const xmlChar*>("at"), x(stamp.at));
    if (!stamp.task.empty()) xmlSetProp(copy, reinterpret_cast<const xmlChar*>("task"), x(stamp.task));

    std::string step = stepOf(incoming);
    xmlNodePtr letters = nullptr;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (xmlStrEqual(c->name, incoming->name) && sameNamespace(c, incoming) && stepOf(c) == step) {
            xmlReplaceNode(c, copy);
            xmlFreeNode(c);
            xmlReconciliateNs(caseDocument.get(), copy);
            return copy;
        }
        if (!letters && xmlStrEqual(c->name, reinterpret_cast<const xmlChar*>("letters"))) letters = c;
    }
    if (letters)
        xmlAddPrevSibling(letters, copy);
    else
        xmlAddChild(root, copy);
    xmlReconciliateNs(caseDocument.get(), copy);
    return copy;
}

}  // namespace grantflow::workflow
