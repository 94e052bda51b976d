// A serialiser for the case documents the engine stores at every step, writing the
// same bytes as libxml2's xmlDocDumpMemoryEnc(doc, ..., "UTF-8") for the documents
// it handles, several times faster: libxml2 sends every piece through an encoding
// converter and a growing buffer, and storing a new case-document version was a
// fifth of the workflow writer's time (perf, bench e2e).
//
// It handles elements, attributes, namespaces, text, CDATA, comments and
// processing instructions. Anything else (a DTD, an entity reference, text that
// must not be escaped, an unusual declaration) makes it decline, and the caller
// falls back to libxml2.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace grantflow {

// Where the content of the root element was written: its start and end offsets,
// and each child's bytes. Lets a caller that knows which children changed write
// the document again by copying the others' bytes (workflow/CaseText).
struct XmlLayout {
    struct Child {
        const xmlNode* node;
        std::size_t begin, end;
    };
    std::size_t contentBegin = 0, contentEnd = 0;  // both 0 when the root element was written empty
    std::vector<Child> children;
};

// The document's bytes; nullopt when it holds something left to libxml2. With
// `layout`, also where the root element's children went.
std::optional<std::string> writeXmlDocument(const xmlDoc* doc, XmlLayout* layout = nullptr);

// Appends one node and its subtree, written as in a document; false (with `out`
// partly written) when the subtree holds something left to libxml2.
bool writeXmlNode(const xmlNode* node, std::string& out);

}  // namespace grantflow
