// The stored text of a case document, kept next to its parsed form between steps,
// so that a step that changed only some children of <case> writes only those anew
// and copies the bytes of the rest. Writing the whole document again at every
// step walked every node of a tree that had long left the CPU's caches: a fifth
// of the writer's time in bench workflow.
//
// Promises: text() is byte for byte what writing the whole document gives
// (XmlDocument::toString), provided the caller of rewrite() named every child of
// the root element that it added or changed. Removed children need no naming.
// A text made by stored() is the exception: it is what the store held, which
// another writer may have laid out otherwise, so its next rewrite() writes whole.
// When it cannot splice (the root element was written empty, a child it does not
// know is not named, the writer declines a node) it writes the whole document.
// Debug builds check every splice against a whole write.
#pragma once

#include "document/XmlWriter.h"

#include <grantflow/XmlDocument.h>

#include <string>
#include <vector>

namespace grantflow::workflow {

class CaseText {
public:
    // The whole document written out.
    static CaseText write(const XmlDocument& document);
    // A document's text as read from the store: its layout is not known, so the
    // next rewrite() writes the whole document.
    static CaseText stored(std::string text);

    // The text of `document`, which is this text's document after changes to the
    // children of its root element listed in `changed` (added or changed ones).
    CaseText rewrite(const XmlDocument& document, const std::vector<const xmlNode*>& changed) const;

    const std::string& text() const { return _text; }

private:
    bool spliced(const XmlDocument& document, const std::vector<const xmlNode*>& changed, CaseText& result) const;

    std::string _text;
    const xmlNode* _root = nullptr;  // null when the layout is unknown
    XmlLayout _layout;
};

}  // namespace grantflow::workflow
