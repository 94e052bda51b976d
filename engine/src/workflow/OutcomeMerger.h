// Puts a document (a task's outcome, a message's payload) into the case
// document as a child of <case>, stamped with who and when, so later
// conditions and letters read it with XPath. A newer element of the same name
// and step replaces the older one in place (the case keeps every earlier
// version in case_versions, so nothing is lost), and a new one goes before
// <letters> so the case reads in the order things happened.
#pragma once

#include <grantflow/XmlDocument.h>

#include <string>

namespace grantflow::workflow {

// Returns the merged element, the one child of <case> the merge added or replaced.
// Throws Poco::DataException when either document is empty.
xmlNodePtr mergeIntoCase(XmlDocument& caseDocument, const XmlDocument& part, const std::string& by,
                   const std::string& at, const std::string& task);

}  // namespace grantflow::workflow
