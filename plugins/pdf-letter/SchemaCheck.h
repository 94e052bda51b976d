// Checks a template or letterhead file against schemas/letter-template.xsd, so
// an administrator's typo is reported with its line when the file is loaded.
#pragma once

#include <libxml/tree.h>

#include <string>

namespace grantflow::letters {

// Throws Poco::DataFormatException "FILE: line N: problem" for the first
// violation, or when the schema itself cannot be read.
void checkAgainstSchema(xmlDocPtr document, const std::string& path, const std::string& schemaPath);

}  // namespace grantflow::letters
