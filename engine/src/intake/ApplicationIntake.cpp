#include <grantflow/ApplicationIntake.h>
#include <grantflow/CleanText.h>

#include <Poco/Exception.h>

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <set>

#include "document/XmlNavigation.h"

namespace grantflow {

namespace {

const char* const applicationNamespace = "urn:grantflow:application:1";

std::string field(const xmlNode* node, std::initializer_list<const char*> path) {
    for (const char* name : path) node = xml::child(node, name, applicationNamespace);
    return xml::trimmedText(node);
}

// The root must be <application> in our namespace before a schema can say anything useful.
bool rootIsApplication(const XmlDocument& document, Problems& problems) {
    xmlNodePtr root = document.root();
    if (xml::isElement(root, "application", applicationNamespace)) return true;
    std::string found = root->ns ? "{" + std::string(reinterpret_cast<const char*>(root->ns->href)) + "}" : "";
    found += reinterpret_cast<const char*>(root->name);
    problems.push_back({"wrong-namespace", "/" + std::string(reinterpret_cast<const char*>(root->name)),
                        static_cast<int>(xmlGetLineNo(root)), 0,
                        "the root element is " + found + "; expected application in namespace " +
                            applicationNamespace});
    return false;
}

void readSummary(const XmlDocument& document, CheckedApplication& application) {
    xmlNodePtr root = document.root();
    application.grant = field(root, {"grant"});
    application.organisation = field(root, {"applicant", "organisation", "name"});
    application.orgNumber = field(root, {"applicant", "organisation", "orgNumber"});
    application.title = field(root, {"project", "title"});
    application.kind = field(root, {"project", "kind"});
    xmlChar* lang = xmlGetProp(root, BAD_CAST "lang");
    application.lang = lang ? reinterpret_cast<const char*>(lang) : "";
    xmlFree(lang);
    application.requested = std::stoll(field(root, {"budget", "requested"}));
}

}  // namespace

std::string sha256Hex(std::string_view bytes) {
    // OpenSSL's SHA-256 uses the CPU's SHA instructions. The algorithm is looked up
    // once and each thread keeps its context: looking it up for every call (as
    // SHA256() and Poco::Crypto::DigestEngine do in OpenSSL 3) cost more than hashing
    // an audit event.
    static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    thread_local std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!algorithm || !context || !EVP_DigestInit_ex(context.get(), algorithm, nullptr) ||
        !EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) ||
        !EVP_DigestFinal_ex(context.get(), digest, &size))
        throw Poco::SystemException("OpenSSL cannot compute SHA-256");
    static const char hexDigits[] = "0123456789abcdef";
    std::string hex(2 * size, '0');
    for (unsigned int i = 0; i < size; ++i) {
        hex[2 * i] = hexDigits[digest[i] >> 4];
        hex[2 * i + 1] = hexDigits[digest[i] & 0x0f];
    }
    return hex;
}

ApplicationIntake::ApplicationIntake(const IntakeSettings& settings)
    : _parser(settings.limits), _schema(settings.schemaPath), _rules(settings.knownGrants) {}

CheckedApplication ApplicationIntake::check(std::string sourceName, std::string bytes) const {
    CheckedApplication application;
    application.sourceName = cleanText(sourceName);  // it goes into the case document and into JSON
    application.original = std::move(bytes);
    application.sha256 = sha256Hex(application.original);

    ParseResult parsed = _parser.parse(application.original);
    application.problems = std::move(parsed.problems);
    if (parsed.document.empty() || !rootIsApplication(parsed.document, application.problems))
        return application;

    // Where a rule and the schema refuse the same element, the rule's message is the plainer one.
    Problems ruleProblems = _rules.check(parsed.document);
    std::set<std::string> refusedByRule;
    for (const Problem& problem : ruleProblems) refusedByRule.insert(problem.path);
    for (Problem& problem : _schema.validate(parsed.document))
        if (!refusedByRule.count(problem.path)) application.problems.push_back(std::move(problem));
    for (Problem& problem : ruleProblems) application.problems.push_back(std::move(problem));
    std::stable_sort(application.problems.begin(), application.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });

    if (application.accepted()) {
        readSummary(parsed.document, application);
        application.applicationXml = XmlDocument::elementToString(parsed.document.root());
    }
    return application;
}

}  // namespace grantflow
