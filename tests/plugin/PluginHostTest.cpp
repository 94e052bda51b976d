// The plugin host as the engine uses it: real libraries loaded from folders,
// good ones used, bad ones refused with a reason while the host keeps going.
#include <Poco/Logger.h>
#include <Poco/Util/MapConfiguration.h>
#include <grantflow/plugin/PluginApi.h>
#include <grantflow/plugin/PluginHost.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "TestSupport.h"

using namespace grantflow::plugin;
using namespace grantflow::test;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string testPlugin(const std::string& name) {
    return std::string(TEST_PLUGIN_DIR) + "/" + name + "-test-plugin.so";
}

class MemoryDocumentStore : public DocumentStore {
public:
    StoredDocument store(const OutputDocument& document) override {
        documents.push_back(document);
        return {"memory:" + std::to_string(documents.size()), document.name, document.bytes.size()};
    }
    std::vector<OutputDocument> documents;
};

struct HostFixture {
    Poco::Logger& logger = Poco::Logger::get("plugin-test");
    PluginHost host{logger};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(PluginHostSuite, HostFixture)

BOOST_AUTO_TEST_CASE(accepts_the_pdf_letter_plugin_and_lists_its_service) {
    PluginReport report = host.load(std::string(PLUGIN_DIR) + "/pdf-letter.so");
    BOOST_REQUIRE_MESSAGE(report.loaded, report.problem);
    BOOST_CHECK_EQUAL(report.name, "pdf-letter");
    BOOST_CHECK_EQUAL(report.apiVersion, apiVersion);
    BOOST_REQUIRE_EQUAL(report.services.size(), 1u);
    BOOST_CHECK_EQUAL(report.services[0].name, "letter.pdf");
}

BOOST_AUTO_TEST_CASE(refuses_a_plugin_built_for_another_api_version) {
    PluginReport report = host.load(testPlugin("wrongapi"));
    BOOST_CHECK(!report.loaded);
    BOOST_CHECK_EQUAL(report.apiVersion, 999);
    BOOST_CHECK_MESSAGE(
        contains(report.problem, "built for plugin API 999, this engine speaks API 1"),
        report.problem);
    BOOST_CHECK(host.serviceNames().empty());
}

BOOST_AUTO_TEST_CASE(refuses_a_library_that_is_no_grantflow_plugin) {
    PluginReport report = host.load(testPlugin("noversion"));
    BOOST_CHECK(!report.loaded);
    BOOST_CHECK_MESSAGE(contains(report.problem, "exports no grantflowPluginApiVersion()"),
                        report.problem);
}

BOOST_AUTO_TEST_CASE(refuses_a_plugin_with_missing_dependencies_instead_of_crashing_later) {
    PluginReport report = host.load(testPlugin("unresolved"));
    BOOST_CHECK(!report.loaded);
    BOOST_CHECK_MESSAGE(contains(report.problem, "grantflowFunctionThatDoesNotExist"),
                        report.problem);
}

BOOST_AUTO_TEST_CASE(refuses_a_plugin_that_fails_while_describing_itself) {
    PluginReport report = host.load(testPlugin("throwing"));
    BOOST_CHECK(!report.loaded);
    BOOST_CHECK_MESSAGE(contains(report.problem, "the configuration file is missing"),
                        report.problem);
}

BOOST_AUTO_TEST_CASE(refuses_a_file_that_is_not_a_library) {
    TempDir folder;
    writeFile(folder.file("garbage.so"), "this is not an ELF file\n");
    auto reports = host.loadFolder(folder.path());
    BOOST_REQUIRE_EQUAL(reports.size(), 1u);
    BOOST_CHECK(!reports[0].loaded);
    BOOST_CHECK_MESSAGE(contains(reports[0].problem, "not a loadable library"), reports[0].problem);
}

BOOST_AUTO_TEST_CASE(a_missing_file_or_folder_is_reported_not_fatal) {
    BOOST_CHECK_EQUAL(host.load("/nonexistent/plugin.so").problem, "no such file");
    auto reports = host.loadFolder("/nonexistent/plugins");
    BOOST_REQUIRE_EQUAL(reports.size(), 1u);
    BOOST_CHECK_EQUAL(reports[0].problem, "plugin folder does not exist");
}

BOOST_AUTO_TEST_CASE(bad_plugins_in_a_folder_leave_the_good_ones_working) {
    auto reports = host.loadFolder(TEST_PLUGIN_DIR);
    BOOST_CHECK_EQUAL(reports.size(), 5u);
    auto loaded = std::count_if(reports.begin(), reports.end(),
                                [](const PluginReport& r) { return r.loaded; });
    BOOST_CHECK_EQUAL(loaded, 1);
    BOOST_CHECK(host.serviceNames() == std::vector<std::string>{"echo"});

    Poco::AutoPtr<Poco::Util::MapConfiguration> configuration(new Poco::Util::MapConfiguration);
    auto service = host.createService("echo", *configuration);
    MemoryDocumentStore store;
    ServiceResult result = service->run({"GF 2026-000001", "<case/>", {}}, store);
    BOOST_CHECK(result.ok);
    BOOST_REQUIRE_EQUAL(store.documents.size(), 1u);
    BOOST_CHECK_EQUAL(store.documents[0].bytes, "<case/>");
}

BOOST_AUTO_TEST_CASE(an_unknown_service_is_refused_naming_what_is_offered) {
    host.load(testPlugin("echo"));
    Poco::AutoPtr<Poco::Util::MapConfiguration> configuration(new Poco::Util::MapConfiguration);
    BOOST_CHECK_EXCEPTION(
        host.createService("letter.docx", *configuration), Poco::NotFoundException,
        [](const Poco::NotFoundException& e) { return contains(e.message(), "offered: echo"); });
}

BOOST_AUTO_TEST_CASE(the_letter_service_renders_and_stores_through_the_document_store) {
    host.load(std::string(PLUGIN_DIR) + "/pdf-letter.so");
    Poco::AutoPtr<Poco::Util::MapConfiguration> configuration(new Poco::Util::MapConfiguration);
    configuration->setString("grantflow.dataDir", GRANTFLOW_SOURCE_DIR);
    auto service = host.createService("letter.pdf", *configuration);
    MemoryDocumentStore store;
    ServiceResult result = service->run(
        {"GF 2026-000004", readFile(dataPath("cases/grant.xml")), {{"type", "decision"}}}, store);
    BOOST_REQUIRE_MESSAGE(result.ok, result.code + ": " + result.message);
    BOOST_REQUIRE_EQUAL(store.documents.size(), 1u);
    BOOST_CHECK_EQUAL(store.documents[0].name, "grant-GF-2026-000004.pdf");
    BOOST_CHECK_EQUAL(store.documents[0].mediaType, "application/pdf");
    BOOST_CHECK_EQUAL(store.documents[0].bytes.substr(0, 5), "%PDF-");

    ServiceResult wrongCase = service->run(
        {"GF 2026-000009", readFile(dataPath("cases/grant.xml")), {{"type", "grant"}}}, store);
    BOOST_CHECK(!wrongCase.ok);
    BOOST_CHECK_EQUAL(wrongCase.code, "bad-case");
    BOOST_CHECK_EQUAL(store.documents.size(), 1u);  // nothing stored on failure
}

BOOST_AUTO_TEST_CASE(the_plugins_verb_lists_plugins_and_refusals) {
    CliResult good = runCli({"plugins", "--dir", PLUGIN_DIR});
    BOOST_CHECK_MESSAGE(contains(good.out, "pdf-letter 1.0.0  (API 1)"), good.out + good.err);
    BOOST_CHECK(contains(good.out, "service letter.pdf"));
    CliResult bad = runCli({"plugins", "--dir", TEST_PLUGIN_DIR});
    BOOST_CHECK_EQUAL(bad.exitCode, 1);
    BOOST_CHECK(contains(bad.out, "echo 0.1.0"));
    BOOST_CHECK_MESSAGE(contains(bad.out, "REFUSED") && contains(bad.out, "API 999"), bad.out);
}

BOOST_AUTO_TEST_SUITE_END()
