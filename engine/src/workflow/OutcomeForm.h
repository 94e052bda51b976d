// What an outcome document of one form (schemas/outcomes/<form>.xsd) must be: the
// schema, and the rules XSD 1.0 cannot say, such as "an incomplete application
// names what is missing", which depend on one element's value. The rules live in
// the schema file itself, in its annotation, so a form stays one file:
//
//   <xs:annotation><xs:appinfo>
//     <rule xmlns="urn:grantflow:outcome-rules:1" test="XPATH" where="ELEMENT">MESSAGE</rule>
//   </xs:appinfo></xs:annotation>
//
// `test` is XPath 1.0 from the outcome's root element, with the prefix `case` for
// urn:grantflow:case:1; the outcome is refused with MESSAGE when it is false. A rule
// with over="case" is tested instead from the root element of the case document with
// the outcome merged in, for what depends on the case as well: "a decision against
// a proposal of bifall waits until the party has been heard".
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/SchemaValidator.h>
#include <grantflow/XmlDocument.h>

#include <string>
#include <vector>

namespace grantflow::workflow {

class OutcomeForm {
public:
    // Loads <directory>/<form>.xsd; throws Poco::DataFormatException when the schema
    // or one of its rules is broken.
    OutcomeForm(const std::string& directory, const std::string& form);

    // The schema's problems; when there are none, those of the rules that fail.
    Problems check(const XmlDocument& outcome) const;

    // The over="case" rules that fail on the case document, the outcome merged in.
    Problems checkCase(const XmlDocument& caseDocument) const;

private:
    struct Rule {
        std::string test, where, message;
        int line = 0;
    };
    static Problems failing(const std::vector<Rule>& rules, const XmlDocument& document);

    SchemaValidator _schema;
    std::vector<Rule> _rules, _caseRules;
};

}  // namespace grantflow::workflow
