// Turns the values of a filled application form into the application XML, by
// the paths of the form definition, and speaks of what is wrong in the words
// printed on the form: "Organisationsnummer", "Kostnader, rad 3: Belopp, kr",
// never an internal field name or XML path.
#pragma once

#include <grantflow/FormDefinition.h>
#include <grantflow/Problem.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace grantflow {

// The values read from a filled form: PDF field name -> value as typed.
using FormValues = std::map<std::string, std::string>;

struct BuiltApplication {
    std::string xml;    // the application document, UTF-8
    Problems problems;  // values that could not be used, each named by its label

    // A problem found later in `xml` (schema, rules), re-addressed to the field
    // on the form when one can be found; others are returned unchanged.
    Problem onForm(const Problem& problem) const;

    // Element paths as pathOf() writes them ("/application/budget/line[2]/@category")
    // -> label on the form, for values placed and for cells of filled rows.
    std::vector<std::pair<std::string, std::string>> labels;
    // Paths without positions ("/application/budget/line/@category") -> label, for
    // every field of the form; used when no placed value matches.
    std::vector<std::pair<std::string, std::string>> declared;
};

class FormApplicationBuilder {
public:
    explicit FormApplicationBuilder(const FormDefinition& form) : _form(form) {}

    // lang: the language the form was printed in, which its labels are in.
    // receivedAt: an xs:dateTime for <received> values.
    BuiltApplication build(const FormValues& values, const std::string& lang,
                           const std::string& receivedAt) const;

private:
    const FormDefinition& _form;
};

}  // namespace grantflow
