// The pdf-letter plugin: offers the "letter.pdf" service (LetterService).
#pragma once

#include <grantflow/plugin/Plugin.h>

namespace grantflow::letters {

class PdfLetterPlugin : public plugin::Plugin {
public:
    std::string name() const override { return "pdf-letter"; }
    std::string version() const override;
    std::vector<plugin::ServiceInfo> services() const override;
    std::unique_ptr<plugin::Service> createService(
        const std::string& serviceName, const Poco::Util::AbstractConfiguration& configuration,
        Poco::Logger& logger) override;
};

}  // namespace grantflow::letters
