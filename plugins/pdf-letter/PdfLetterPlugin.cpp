#include "PdfLetterPlugin.h"

#include <Poco/Exception.h>
#include <grantflow/plugin/PluginApi.h>

#include "LetterService.h"

namespace grantflow::letters {

std::string PdfLetterPlugin::version() const { return "1.0.0"; }

std::vector<plugin::ServiceInfo> PdfLetterPlugin::services() const {
    return {
        {"letter.pdf",
         "PDF letters from forms/letters templates: acknowledgement, supplement-request, communication, grant, "
         "grant-in-part, refusal, dismissal, write-off, final-report-reminder, decision-request-refusal, decision "
         "(sv, en)"}};
}

std::unique_ptr<plugin::Service> PdfLetterPlugin::createService(
    const std::string& serviceName, const Poco::Util::AbstractConfiguration& configuration,
    Poco::Logger& logger) {
    if (serviceName != "letter.pdf")
        throw Poco::NotFoundException("pdf-letter offers no service '" + serviceName + "'");
    return std::make_unique<LetterService>(configuration, logger);
}

}  // namespace grantflow::letters

GRANTFLOW_PLUGIN(grantflow::letters::PdfLetterPlugin)
