// The rules of DOMAIN.md that a schema cannot express: check digits, a budget
// that balances, an ordered period, real dates, a grant this system handles.
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/XmlDocument.h>

#include <set>
#include <string>

namespace grantflow {

class ApplicationRules {
public:
    explicit ApplicationRules(std::set<std::string> knownGrants = {"aterv-projektstod"})
        : _knownGrants(std::move(knownGrants)) {}

    // Every rule broken by the document; works on schema-invalid documents too,
    // skipping what is missing rather than guessing.
    Problems check(const XmlDocument& application) const;

private:
    std::set<std::string> _knownGrants;
};

}  // namespace grantflow
