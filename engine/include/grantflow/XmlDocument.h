// Owns a parsed libxml2 document, so business code never frees one by hand.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>

namespace grantflow {

class XmlDocument {
public:
    XmlDocument() = default;
    explicit XmlDocument(xmlDocPtr doc) : _doc(doc) {}

    bool empty() const { return !_doc; }
    xmlDocPtr get() const { return _doc.get(); }
    xmlNodePtr root() const { return _doc ? xmlDocGetRootElement(_doc.get()) : nullptr; }

    // The whole document serialised as UTF-8, with an XML declaration.
    std::string toString() const;

    // One element and its subtree serialised as UTF-8, without a declaration.
    static std::string elementToString(xmlNodePtr element);

private:
    struct Free {
        void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
    };
    std::unique_ptr<xmlDoc, Free> _doc;
};

// Text content of a node as a std::string ("" for null).
std::string textOf(const xmlNode* node);

// The element path of a node, e.g. /application/budget/line[2].
std::string pathOf(const xmlNode* node);

}  // namespace grantflow
