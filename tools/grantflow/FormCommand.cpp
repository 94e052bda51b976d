// grantflow form --lang sv|en --out blankett.pdf: writes the blank, fillable
// application form drawn from forms/application-form.xml.
#include <FormWriter.h>
#include <Poco/Path.h>
#include <Poco/Util/Option.h>
#include <grantflow/FormDefinition.h>
#include <grantflow/plugin/FileDocumentStore.h>

#include <iostream>

#include "Command.h"

namespace grantflow::cli {

class FormCommand : public Command {
public:
    FormCommand()
        : Command(
              "form", "",
              "Writes the fillable PDF application form. Applicants fill it on screen or print it; "
              "'grantflow submit FILLED.pdf' turns a filled one into a case.") {}

protected:
    bool usesStore() const override { return false; }

    void defineCommandOptions(Poco::Util::OptionSet& options) override {
        options.addOption(Poco::Util::Option("lang", "", "language of the form: sv (default) or en")
                              .argument("LANG")
                              .binding("form.lang"));
        options.addOption(
            Poco::Util::Option("out", "o", "where to write the PDF (default: blankett-LANG.pdf)")
                .argument("FILE")
                .binding("form.out"));
    }

    int execute(const std::vector<std::string>& arguments) override {
        if (!arguments.empty()) {
            complain("takes no arguments (see grantflow form --help)");
            return exitUsage;
        }
        std::string lang = setting("form.lang", "sv");
        if (lang != "sv" && lang != "en") {
            complain("--lang must be sv or en, not '" + lang + "'");
            return exitUsage;
        }
        std::string out = setting("form.out", "blankett-" + lang + ".pdf");
        FormDefinition form = FormDefinition::load(
            setting("form.definition", dataDirectory() + "/forms/application-form.xml"),
            dataDirectory() + "/schemas/application-form.xsd");
        std::string pdf = pdfform::FormWriter(form).write(lang);
        // Written beside the target and renamed, so a reader never sees half a form.
        plugin::OutputDocument document;
        document.name = Poco::Path(out).getFileName();
        document.mediaType = "application/pdf";
        document.bytes = std::move(pdf);
        plugin::FileDocumentStore(out).store(document);
        std::cout << out << "\n";
        return exitOk;
    }
};

static RegisterCommand<FormCommand> registered("form", "write the fillable PDF application form");

}  // namespace grantflow::cli
