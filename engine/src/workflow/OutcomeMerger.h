// Puts a document (a task's outcome, a message's payload) into the case
// document as a child of <case>, stamped with who (login and, when known, the
// person's name) and when, so later
// conditions and letters read it with XPath. A newer element of the same name
// and step replaces the older one in place (the case keeps every earlier
// version in case_versions, so nothing is lost), and a new one goes before
// <letters> so the case reads in the order things happened.
#pragma once

#include <grantflow/XmlDocument.h>

#include <string>

namespace grantflow::workflow {

// What the merged element is stamped with: attributes by, byName (left out when
// empty), at and task (left out when empty).
struct MergeStamp {
    std::string by, byName, at, task;
};

// Returns the merged element, the one child of <case> the merge added or replaced.
// Throws Poco::DataException when either document is empty.
xmlNodePtr mergeIntoCase(XmlDocument& caseDocument, const XmlDocument& part, const MergeStamp& stamp);

}  // namespace grantflow::workflow
