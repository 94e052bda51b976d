#include <grantflow/GrantCatalog.h>

#include <grantflow/SafeXmlParser.h>

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include "document/XmlNavigation.h"

namespace grantflow {

namespace {

const char* const grantsNamespace = "urn:grantflow:grants:1";

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string bytes;
    Poco::StreamCopier::copyToString(in, bytes);
    return bytes;
}

long long number(const xmlNode* node, long long fallback, const std::string& path) {
    if (!node) return fallback;
    std::string text = xml::trimmedText(node);
    try {
        return std::stoll(text);
    } catch (const std::exception&) {
        throw Poco::DataFormatException(path + ":" + std::to_string(xmlGetLineNo(node)) + ": '" + text +
                                        "' is not a number");
    }
}

}  // namespace

GrantCatalog GrantCatalog::load(const std::string& path) {
    ParseResult parsed = SafeXmlParser().parse(readFile(path));
    if (parsed.document.empty())
        throw Poco::DataFormatException(formatProblem(path, parsed.problems.front()));
    xmlNodePtr root = parsed.document.root();
    if (!xml::isElement(root, "grants", grantsNamespace))
        throw Poco::DataFormatException(path + ": expected <grants> in namespace " + grantsNamespace);
    GrantCatalog catalog;
    for (xmlNodePtr node : xml::children(root, "grant", grantsNamespace)) {
        GrantSettings grant;
        xmlChar* id = xmlGetProp(node, BAD_CAST "id");
        grant.id = id ? reinterpret_cast<const char*>(id) : "";
        xmlFree(id);
        if (grant.id.empty())
            throw Poco::DataFormatException(path + ":" + std::to_string(xmlGetLineNo(node)) + ": a grant needs an id");
        for (xmlNodePtr name : xml::children(node, "name", grantsNamespace)) {
            xmlChar* lang = xmlGetProp(name, BAD_CAST "lang");
            grant.names[lang ? reinterpret_cast<const char*>(lang) : "sv"] = xml::trimmedText(name);
            xmlFree(lang);
        }
        grant.seniorReviewAbove =
            number(xml::child(node, "seniorReviewAbove", grantsNamespace), grant.seniorReviewAbove, path);
        grant.appealable = xml::trimmedText(xml::child(node, "appealable", grantsNamespace)) == "true";
        grant.finalReportDueDays = static_cast<int>(
            number(xml::child(node, "finalReportDueDays", grantsNamespace), grant.finalReportDueDays, path));
        grant.supplementDueDays = static_cast<int>(
            number(xml::child(node, "supplementDueDays", grantsNamespace), grant.supplementDueDays, path));
        catalog._grants[grant.id] = std::move(grant);
    }
    return catalog;
}

std::set<std::string> GrantCatalog::ids() const {
    std::set<std::string> ids;
    for (const auto& [id, grant] : _grants) ids.insert(id);
    return ids;
}

const GrantSettings& GrantCatalog::grant(const std::string& id) const {
    auto found = _grants.find(id);
    if (found == _grants.end()) throw Poco::NotFoundException("no such grant", id);
    return found->second;
}

}  // namespace grantflow
