// Outcome documents written as JSON, for clients that would rather not write
// XML. One mapping, the same for every form:
//   {"decision": {"outcome": "bifall", "amount": 85000, "reasons": {"p": ["..."]}}}
// becomes <decision xmlns="urn:grantflow:case:1"><outcome>bifall</outcome>...
// - the single key of the top object is the root element, in the case namespace;
// - an object is an element's children, an array repeats the element, a string,
//   number or boolean is its text, null leaves it empty;
// - a key starting with "@" is an attribute ({"review": {"@step": "completeness"}}).
// The XML then goes through the same hardened parser and schema as any outcome.
#pragma once

#include <string>

namespace grantflow::http {

class JsonOutcome {
public:
    // Throws ApiError(400) naming the JSON path of what cannot be mapped.
    static std::string toXml(const std::string& json);
};

}  // namespace grantflow::http
