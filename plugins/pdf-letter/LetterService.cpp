#include "LetterService.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <libxml/parser.h>

#include <algorithm>
#include <cstring>

#include "CaseView.h"
#include "SchemaCheck.h"

#ifndef GRANTFLOW_DATA_DIR
#define GRANTFLOW_DATA_DIR "."
#endif

namespace grantflow::letters {

namespace {

const char* const templateNamespace = "urn:grantflow:letter-template:1";

struct FreeDoc {
    void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
};
using Document = std::unique_ptr<xmlDoc, FreeDoc>;

Document readXml(const std::string& path) {
    Document doc(xmlReadFile(path.c_str(), "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!doc)
        throw Poco::DataFormatException("cannot read " + path +
                                        " (missing or not well-formed XML)");
    return doc;
}

bool named(xmlNodePtr node, const char* name) {
    return node && node->type == XML_ELEMENT_NODE &&
           std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

std::string property(xmlNodePtr node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    std::string text = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return text;
}

std::string contentOf(xmlNodePtr node) { return collapseWhiteSpace(textOf(node)); }

// Which template a decision needs, by the outcome recorded in the case.
std::string decisionType(const std::string& outcome) {
    if (outcome == "bifall") return "grant";
    if (outcome == "delvis-bifall") return "grant-in-part";
    if (outcome == "avslag") return "refusal";
    if (outcome == "avvisning") return "dismissal";
    if (outcome == "avskrivning") return "write-off";
    if (outcome.empty()) throw Poco::NotFoundException("the case has no decision yet, so there is no decision letter");
    throw Poco::NotFoundException("no decision letter for the outcome '" + outcome + "'");
}

// The font for what the letter fonts lack. The default is taken only where it is
// installed; one that is configured must load.
std::optional<TrueTypeFont> loadFallbackFont(const Poco::Util::AbstractConfiguration& configuration,
                                             Poco::Logger& logger) {
    const std::string symbola = "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf";
    if (configuration.has("letters.font.fallback")) {
        const std::string path = configuration.getString("letters.font.fallback");
        if (path.empty()) return std::nullopt;
        return TrueTypeFont::load(path);
    }
    if (Poco::File(symbola).exists()) return TrueTypeFont::load(symbola);
    logger.information("letters: no fallback font (" + symbola + ", Debian's fonts-symbola): characters "
                       "DejaVu lacks, such as emoji, print as empty boxes");
    return std::nullopt;
}

}  // namespace

LetterService::LetterService(const Poco::Util::AbstractConfiguration& configuration,
                             Poco::Logger& logger)
    : _logger(logger),
      _regular(TrueTypeFont::load(configuration.getString(
          "letters.font.regular", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))),
      _bold(TrueTypeFont::load(configuration.getString(
          "letters.font.bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))),
      _fallback(loadFallbackFont(configuration, logger)),
      _fonts(
          static_cast<std::size_t>(std::max(0, configuration.getInt("letters.fontCache", 256)))) {
    // libxml2 must be initialised once before threads use it.
    xmlInitParser();
    std::string dataDir = configuration.getString("grantflow.dataDir", GRANTFLOW_DATA_DIR);
    std::string templateDir =
        configuration.getString("letters.templateDir", dataDir + "/forms/letters");
    std::string schema =
        configuration.getString("letters.schema", dataDir + "/schemas/letter-template.xsd");
    if (!Poco::File(schema).exists())
        throw Poco::FileNotFoundException("letter template schema " + schema);
    loadLetterhead(templateDir + "/letterhead.xml", schema);
    loadGrants(configuration.getString("letters.grants", dataDir + "/forms/grants.xml"));

    std::vector<std::string> files;
    for (Poco::DirectoryIterator it(templateDir), end; it != end; ++it)
        if (it->isFile() && Poco::Path(it.name()).getExtension() == "xml" &&
            it.name() != "letterhead.xml")
            files.push_back(it.path().toString());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        try {
            auto letter = LetterTemplate::load(file, schema);
            auto key = std::make_pair(letter->type(), letter->lang());
            if (_templates.count(key))
                throw Poco::DataFormatException(file + ": a template for " + key.first + " (" +
                                                key.second + ") is already in " +
                                                _templates[key]->path());
            _templates[key] = letter;
        } catch (const Poco::Exception& e) {
            // By convention the file is TYPE.LANG.xml; that names what is now unavailable.
            Poco::Path path(file);
            std::string base = path.getBaseName();
            auto dot = base.rfind('.');
            auto key = dot == std::string::npos
                           ? std::make_pair(base, std::string())
                           : std::make_pair(base.substr(0, dot), base.substr(dot + 1));
            _brokenTemplates[key] = e.displayText();
            _logger.error("letter template refused: " + e.displayText());
        }
    }
    if (_templates.empty())
        throw Poco::DataFormatException("no usable letter template in " + templateDir);
}

void LetterService::loadLetterhead(const std::string& path, const std::string& schema) {
    Document doc = readXml(path);
    checkAgainstSchema(doc.get(), path, schema);
    xmlNodePtr root = xmlDocGetRootElement(doc.get());
    if (!named(root, "letterhead") || !root->ns ||
        std::strcmp(reinterpret_cast<const char*>(root->ns->href), templateNamespace) != 0)
        throw Poco::DataFormatException(path + ": the root must be <letterhead xmlns=\"" +
                                        templateNamespace + "\">");
    for (xmlNodePtr variant = root->children; variant; variant = variant->next) {
        if (!named(variant, "variant")) continue;
        Letterhead head;
        for (xmlNodePtr part = variant->children; part; part = part->next) {
            if (named(part, "agency"))
                head.agency = contentOf(part);
            else if (named(part, "unit"))
                head.unit = contentOf(part);
            else if (named(part, "logo")) {
                // Read once here; a missing file stops the plugin from starting.
                Poco::Path file(Poco::Path(path).parent(), property(part, "file"));
                Poco::FileInputStream in(file.toString());
                std::string bytes;
                Poco::StreamCopier::copyToString(in, bytes);
                head.logo = std::make_shared<const std::string>(std::move(bytes));
                head.logoWidth = std::stod(property(part, "width"));
                head.logoHeight = std::stod(property(part, "height"));
            } else if (named(part, "labels")) {
                head.dateLabel = property(part, "date");
                head.referenceLabel = property(part, "reference");
                head.pageLabel = property(part, "page");
            } else if (named(part, "footer")) {
                for (xmlNodePtr item = part->children; item; item = item->next)
                    if (named(item, "item"))
                        head.footer.emplace_back(property(item, "label"), contentOf(item));
            }
        }
        if (head.agency.empty() || head.pageLabel.empty())
            throw Poco::DataFormatException(path +
                                            ": a variant needs <agency> and <labels page=...>");
        _letterheads[property(variant, "lang")] = head;
    }
    if (!_letterheads.count("sv"))
        throw Poco::DataFormatException(path + ": no Swedish (lang=\"sv\") variant");
}

void LetterService::loadGrants(const std::string& path) {
    Document doc = readXml(path);
    for (xmlNodePtr grant = xmlDocGetRootElement(doc.get())->children; grant; grant = grant->next) {
        if (!named(grant, "grant")) continue;
        GrantLetterSettings settings;
        for (xmlNodePtr part = grant->children; part; part = part->next) {
            if (named(part, "appealable"))
                settings.appealable = contentOf(part) == "true";
            else if (named(part, "finalReportDueDays"))
                settings.finalReportDueDays = contentOf(part);
            else if (named(part, "name"))
                settings.names[property(part, "lang")] = contentOf(part);
        }
        _grants[property(grant, "id")] = settings;
    }
}

std::vector<std::string> LetterService::templates() const {
    std::vector<std::string> names;
    for (const auto& [key, letter] : _templates)
        names.push_back(key.first + " (" + key.second + ")");
    return names;
}

RenderedLetter LetterService::render(const std::string& caseXml, const std::string& requestedType,
                                     const std::string& requestedLang) const {
    CaseView view(caseXml);
    static const XPathExpression dnrPath("string(@dnr)"),
        outcomePath("string(c:decision/c:outcome)"), grantPath("string(a:application/a:grant)");
    std::string referenceNumber = view.text(dnrPath);
    if (referenceNumber.empty())
        throw Poco::DataFormatException("the case document has no dnr attribute");
    std::string type =
        requestedType == "decision" ? decisionType(view.text(outcomePath)) : requestedType;
    std::string lang = requestedLang.empty() ? view.language() : requestedLang;

    auto key = std::make_pair(type, lang);
    auto found = _templates.find(key);
    if (found == _templates.end()) {
        auto broken = _brokenTemplates.find(key);
        if (broken != _brokenTemplates.end())
            throw Poco::NotFoundException(
                "the " + type + " letter (" + lang + ") has a bad template", broken->second);
        std::string known;
        for (const auto& name : templates()) known += (known.empty() ? "" : ", ") + name;
        throw Poco::NotFoundException(
            "no template for the " + type + " letter in language '" + lang + "'",
            "known: " + known);
    }
    std::string grantId = view.text(grantPath);
    auto grant = _grants.find(grantId);
    if (grant == _grants.end())
        throw Poco::NotFoundException("the case's grant '" + grantId +
                                      "' is not in the grant settings");
    view.setVariable("appealable", grant->second.appealable);
    auto name = grant->second.names.find(lang);
    // The name stands inside sentences ("Ansökan om projektstöd för ..."), so
    // it starts with a small letter there.
    std::string grantName = name != grant->second.names.end() ? name->second : grantId;
    if (!grantName.empty() && grantName[0] >= 'A' && grantName[0] <= 'Z')
        grantName[0] = static_cast<char>(grantName[0] - 'A' + 'a');
    view.setVariable("grantName", grantName);
    view.setVariable("dnr", referenceNumber);
    view.setVariable("finalReportDueDays", grant->second.finalReportDueDays);

    Letter letter = found->second->fill(view);
    letter.referenceNumber = referenceNumber;
    auto head = _letterheads.find(lang);
    letter.letterhead = head != _letterheads.end() ? head->second : _letterheads.at("sv");

    const TrueTypeFont* fallback = _fallback ? &*_fallback : nullptr;
    LetterLayout layout(_regular, _bold, fallback);
    std::vector<Page> pages = layout.layOut(letter);
    RenderedLetter rendered;
    rendered.type = type;
    rendered.lang = lang;
    rendered.referenceNumber = referenceNumber;
    rendered.title = letter.title;
    std::string fileDnr = referenceNumber;
    std::replace(fileDnr.begin(), fileDnr.end(), ' ', '-');
    rendered.fileName = type + "-" + fileDnr + ".pdf";
    rendered.pages = pages.size();
    rendered.pdf = LetterPdf(_regular, _bold, _fonts, fallback).write(letter, pages);
    return rendered;
}

plugin::ServiceResult LetterService::run(const plugin::ServiceRequest& request,
                                         plugin::DocumentStore& documents) {
    using plugin::ServiceResult;
    auto type = request.parameters.find("type");
    if (type == request.parameters.end() || type->second.empty())
        return ServiceResult::failure("usage", "the letter service needs a 'type' parameter");
    auto lang = request.parameters.find("lang");
    RenderedLetter letter;
    try {
        letter = render(request.caseDocument, type->second,
                        lang == request.parameters.end() ? "" : lang->second);
    } catch (const MissingField& e) {
        return ServiceResult::failure("missing-field", e.message());
    } catch (const Poco::NotFoundException& e) {
        bool broken = e.message().find("has a bad template") != std::string::npos;
        return ServiceResult::failure(broken ? "bad-template" : "unknown-letter", e.message());
    } catch (const Poco::DataFormatException& e) {
        return ServiceResult::failure("bad-case", e.message());
    } catch (const Poco::Exception& e) {
        return ServiceResult::failure("render-failed", e.displayText());
    } catch (const std::exception& e) {
        return ServiceResult::failure("render-failed", e.what());
    }
    if (!request.referenceNumber.empty() && request.referenceNumber != letter.referenceNumber)
        return ServiceResult::failure("bad-case", "the request is for " + request.referenceNumber +
                                                      " but the case document is " +
                                                      letter.referenceNumber);
    try {
        plugin::OutputDocument output;
        output.referenceNumber = letter.referenceNumber;
        output.kind = "letter";
        output.name = letter.fileName;
        output.mediaType = "application/pdf";
        output.title = letter.title;
        output.bytes = std::move(letter.pdf);
        return ServiceResult::success({documents.store(output)});
    } catch (const Poco::Exception& e) {
        return ServiceResult::failure("store-failed", e.displayText());
    }
}

}  // namespace grantflow::letters
