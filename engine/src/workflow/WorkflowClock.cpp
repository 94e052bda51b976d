#include <grantflow/workflow/WorkflowClock.h>

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/Timestamp.h>

namespace grantflow::workflow {

Instant WorkflowClock::now() const {
    if (_fixed) return *_fixed;
    if (Poco::Environment::has("GRANTFLOW_NOW")) {
        std::string text = Poco::Environment::get("GRANTFLOW_NOW");
        auto instant = parseIsoInstant(text);
        if (!instant) throw Poco::SyntaxException("GRANTFLOW_NOW is not an ISO 8601 instant", text);
        return *instant;
    }
    return Poco::Timestamp().epochTime();
}

}  // namespace grantflow::workflow
