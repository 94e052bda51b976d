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

#include <optional>
#include <string>

namespace grantflow {

std::optional<std::string> writeXmlDocument(const xmlDoc* doc);

}  // namespace grantflow
