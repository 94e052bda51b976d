// One ApplicationIntake for a whole test program, built from the project's schema:
// compiling the XSD once keeps the suites fast.
#pragma once

#include <grantflow/ApplicationIntake.h>

#include "TestSupport.h"

namespace grantflow::test {

inline const ApplicationIntake& sharedIntake() {
    static ApplicationIntake instance([] {
        IntakeSettings settings;
        settings.schemaPath = sourcePath("schemas/application.xsd");
        return settings;
    }());
    return instance;
}

// An example application from tests/data/applications, checked.
inline CheckedApplication checkedExample(const std::string& relative) {
    return sharedIntake().check(relative, readFile(dataPath("applications/" + relative)));
}

}  // namespace grantflow::test
