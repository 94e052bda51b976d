// The time the workflow runtime believes it is. Production uses the system
// clock; tests and demonstrations move it with the environment variable
// GRANTFLOW_NOW (an ISO 8601 instant) so that deadlines can pass on demand.
#pragma once

#include <grantflow/workflow/IsoTime.h>

#include <optional>

namespace grantflow::workflow {

class WorkflowClock {
public:
    // A clock fixed at `fixed`, or following GRANTFLOW_NOW / the system clock when empty.
    explicit WorkflowClock(std::optional<Instant> fixed = std::nullopt) : _fixed(fixed) {}

    // Throws Poco::SyntaxException when GRANTFLOW_NOW is set but not an instant.
    Instant now() const;

    void set(Instant fixed) { _fixed = fixed; }

private:
    std::optional<Instant> _fixed;
};

}  // namespace grantflow::workflow
