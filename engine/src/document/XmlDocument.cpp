#include <grantflow/XmlDocument.h>

#include "document/XmlWriter.h"

#include <libxml/xmlsave.h>

#include <memory>
#include <vector>

namespace grantflow {

namespace {

struct BufferFree {
    void operator()(xmlBufferPtr buffer) const { xmlBufferFree(buffer); }
};

}  // namespace

std::string XmlDocument::toString() const {
    if (!_doc) return {};
    if (auto written = writeXmlDocument(_doc.get())) return std::move(*written);
    xmlChar* bytes = nullptr;
    int size = 0;
    xmlDocDumpMemoryEnc(_doc.get(), &bytes, &size, "UTF-8");
    std::string text(reinterpret_cast<const char*>(bytes), size > 0 ? size : 0);
    xmlFree(bytes);
    return text;
}

std::string XmlDocument::elementToString(xmlNodePtr element) {
    if (!element) return {};
    std::unique_ptr<xmlBuffer, BufferFree> buffer(xmlBufferCreate());
    // The element keeps the namespace declarations it inherits, so it stands alone.
    xmlNodeDump(buffer.get(), element->doc, element, 0, 0);
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                       xmlBufferLength(buffer.get()));
}

std::string textOf(const xmlNode* node) {
    if (!node) return {};
    xmlChar* content = xmlNodeGetContent(node);
    if (!content) return {};
    std::string text(reinterpret_cast<const char*>(content));
    xmlFree(content);
    return text;
}

std::string pathOf(const xmlNode* node) {
    std::vector<std::string> steps;
    for (const xmlNode* at = node; at && at->type == XML_ELEMENT_NODE; at = at->parent) {
        int position = 0, sameName = 0;
        for (const xmlNode* sibling = at->parent ? at->parent->children : nullptr; sibling;
             sibling = sibling->next) {
            if (sibling->type != XML_ELEMENT_NODE || !xmlStrEqual(sibling->name, at->name)) continue;
            ++sameName;
            if (sibling == at) position = sameName;
        }
        std::string step = reinterpret_cast<const char*>(at->name);
        if (sameName > 1) step += "[" + std::to_string(position) + "]";
        steps.push_back(std::move(step));
    }
    std::string path;
    for (auto step = steps.rbegin(); step != steps.rend(); ++step) path += "/" + *step;
    return path;
}

}  // namespace grantflow
