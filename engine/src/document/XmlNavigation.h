// Small helpers to walk a libxml2 tree by element name within one namespace,
// for code that reads known documents faster than XPath would.
#pragma once

#include <grantflow/XmlDocument.h>

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace grantflow::xml {

inline bool isElement(const xmlNode* node, const char* name, const char* namespaceUri) {
    return node && node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, BAD_CAST name) && node->ns &&
           xmlStrEqual(node->ns->href, BAD_CAST namespaceUri);
}

// The first child element called name in namespaceUri, or null (also for a null parent).
inline xmlNodePtr child(const xmlNode* parent, const char* name, const char* namespaceUri) {
    if (!parent) return nullptr;
    for (xmlNodePtr node = parent->children; node; node = node->next)
        if (isElement(node, name, namespaceUri)) return node;
    return nullptr;
}

inline std::vector<xmlNodePtr> children(const xmlNode* parent, const char* name, const char* namespaceUri) {
    std::vector<xmlNodePtr> found;
    if (!parent) return found;
    for (xmlNodePtr node = parent->children; node; node = node->next)
        if (isElement(node, name, namespaceUri)) found.push_back(node);
    return found;
}

// The text of a node without leading and trailing white space.
inline std::string trimmedText(const xmlNode* node) {
    std::string text = textOf(node);
    const char* space = " \t\r\n";
    text.erase(0, text.find_first_not_of(space));
    text.erase(text.find_last_not_of(space) + 1);
    return text;
}

}  // namespace grantflow::xml
