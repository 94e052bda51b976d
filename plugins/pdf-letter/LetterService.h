// The "letter.pdf" service: renders one letter for one case from the templates
// in forms/letters/ and stores the PDF through the engine's DocumentStore.
//
// Configuration (all optional):
//   grantflow.dataDir        folder with forms/ and schemas/
//   letters.templateDir      default <dataDir>/forms/letters
//   letters.schema           default <dataDir>/schemas/letter-template.xsd
//   letters.grants           default <dataDir>/forms/grants.xml
//   letters.font.regular     default DejaVuSans.ttf from Debian's fonts-dejavu-core
//   letters.font.bold        default DejaVuSans-Bold.ttf
//   letters.font.fallback    for characters those two lack (emoji, symbols); default
//                            Symbola from Debian's fonts-symbola, if installed;
//                            empty: none, and such characters print as empty boxes
//   letters.fontCache        font subsets kept for reuse between letters,
//                            default 256 (about 10 KB each); 0 turns reuse off
// Request parameters: type (acknowledgement, supplement-request, grant,
// grant-in-part, refusal, dismissal, write-off, final-report-reminder, or decision = the one the
// outcome asks for), and optionally lang (sv, en) to override the application's.
//
// A template that fails to load does not stop the others: asking for it gives
// a "bad-template" result naming the file and the problem.
#pragma once

#include <Poco/Logger.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <grantflow/plugin/Service.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "FontEmbeddingCache.h"
#include "LetterLayout.h"
#include "LetterPdf.h"
#include "LetterTemplate.h"
#include "TrueTypeFont.h"

namespace grantflow::letters {

struct RenderedLetter {
    std::string type, lang, referenceNumber, title, fileName;
    std::string pdf;
    std::size_t pages = 0;
};

struct GrantLetterSettings {
    bool appealable = false;
    std::string finalReportDueDays = "60";
    std::map<std::string, std::string> names;  // by language
};

class LetterService : public plugin::Service {
public:
    // Reads fonts, templates, letterhead and grants; throws Poco::Exception when
    // the fonts, the schema or the letterhead cannot be used.
    LetterService(const Poco::Util::AbstractConfiguration& configuration, Poco::Logger& logger);

    plugin::ServiceResult run(const plugin::ServiceRequest& request,
                              plugin::DocumentStore& documents) override;

    // Renders without storing; throws MissingField, Poco::NotFoundException
    // (unknown type or bad template) or another Poco::Exception.
    RenderedLetter render(const std::string& caseXml, const std::string& type,
                          const std::string& lang = "") const;

    // "type (lang)" of every template that loaded.
    std::vector<std::string> templates() const;

private:
    void loadLetterhead(const std::string& path, const std::string& schema);
    void loadGrants(const std::string& path);

    Poco::Logger& _logger;
    TrueTypeFont _regular, _bold;
    std::optional<TrueTypeFont> _fallback;
    // Shared by the threads rendering letters; it locks itself, hence mutable.
    mutable FontEmbeddingCache _fonts;
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const LetterTemplate>> _templates;
    std::map<std::pair<std::string, std::string>, std::string>
        _brokenTemplates;  // (type, lang) or (file, "") -> why
    std::map<std::string, Letterhead> _letterheads;
    std::map<std::string, GrantLetterSettings> _grants;
};

}  // namespace grantflow::letters
