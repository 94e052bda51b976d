// Letters rendered ahead of their jobs on other threads (ServicePreparer): the step
// stores exactly what it would have rendered itself, renders again when the case
// changed after the letter was prepared, and a writer that does not wait runs the
// job once its letter is ready.
#include <boost/test/unit_test.hpp>

#include "EngineFixture.h"

#include <grantflow/plugin/PluginHost.h>
#include <grantflow/workflow/LetterServiceBinding.h>

#include <Poco/AutoPtr.h>
#include <Poco/Logger.h>
#include <Poco/Util/MapConfiguration.h>

using namespace grantflow;
using namespace grantflow::workflow;
using namespace Poco::Data::Keywords;
using test::Store;

namespace {

// A store whose "letter" service tasks render PDFs with the real plugin.
struct LetterStore : Store {
    plugin::PluginHost host{Poco::Logger::get("prepared-letter-test")};
    Poco::AutoPtr<Poco::Util::MapConfiguration> configuration = new Poco::Util::MapConfiguration;
    std::unique_ptr<LetterServiceBinding> letters;

    explicit LetterStore(bool prepare) {
        configuration->setString("grantflow.dataDir", test::sourcePath(""));
        auto report = host.load(std::string(PLUGIN_DIR) + "/pdf-letter.so");
        BOOST_REQUIRE_MESSAGE(report.loaded, report.problem);
        letters = std::make_unique<LetterServiceBinding>(host, *configuration, store);
        letters->install(engine.services());
        if (!prepare) {  // the same handler without its preparer
            ServiceHandler render = engine.services().get("letter");
            engine.services().add("letter", render);
        }
        deploy("../../workflows/grant-review.bpmn");
    }

    // Every letter of the store, oldest first.
    std::vector<std::string> letterBytes() {
        std::vector<std::string> bytes;
        store.session() << "SELECT content FROM documents WHERE role = 'letter' ORDER BY id", into(bytes), now;
        return bytes;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(PreparedLetters)

BOOST_AUTO_TEST_CASE(a_prepared_letter_is_the_letter_the_step_would_have_rendered) {
    LetterStore prepared(true), rendered(false);
    for (LetterStore* s : {&prepared, &rendered}) {
        std::string dnr = s->registerCase("02-forstudie-minimal.xml");
        BOOST_REQUIRE(s->engine.startCase(dnr).ok);
        s->engine.prepareDueJobs();
        BOOST_REQUIRE(s->engine.runDueJobs() >= 1);
    }
    BOOST_TEST(prepared.letters->preparedUsed() == 1);
    BOOST_TEST(rendered.letters->preparedUsed() == 0);
    auto a = prepared.letterBytes(), b = rendered.letterBytes();
    BOOST_REQUIRE(a.size() == 1u);
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST((a[0] == b[0]), "the prepared acknowledgement differs from the one rendered in its step");
}

BOOST_AUTO_TEST_CASE(a_letter_prepared_before_the_case_changed_is_rendered_again) {
    LetterStore s(true);
    std::string dnr = s.registerCase("02-forstudie-minimal.xml");
    BOOST_REQUIRE(s.engine.startCase(dnr).ok);
    s.engine.prepareDueJobs();
    // Another writer renames the organisation after the letter was prepared.
    std::string xml = *s.store.caseDocument(dnr), number = dnr;
    const std::string from = "<name>", to = "<name>Omdöpta ";
    BOOST_REQUIRE(xml.find(from) != std::string::npos);
    xml.replace(xml.find(from), from.size(), to);
    s.store.session() << "INSERT INTO case_versions(case_id, version, xml, created_at) SELECT id, "
                         "(SELECT MAX(version) + 1 FROM case_versions WHERE case_id = cases.id), ?, '2026-11-27' "
                         "FROM cases WHERE dnr = ?",
        use(xml), use(number), now;
    BOOST_REQUIRE(s.engine.runDueJobs() >= 1);
    BOOST_TEST(s.letters->preparedUsed() == 0);
    BOOST_REQUIRE(s.letterBytes().size() == 1u);
    BOOST_TEST(s.store.caseDocument(dnr)->find("Omdöpta") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_writer_that_does_not_wait_leaves_letters_for_when_they_are_ready) {
    LetterStore s(true);
    std::string dnr = s.registerCase("02-forstudie-minimal.xml");
    {
        // Started inside a batch, as the benchmarks and the server do: the new letter job
        // is not prepared yet, so a writer that does not wait leaves it.
        StepBatch batch(s.engine);
        BOOST_REQUIRE(s.engine.startCase(dnr).ok);
        BOOST_TEST(s.engine.runDueJobs(100, false) == 0);
        batch.commit();
    }
    BOOST_TEST(s.letterBytes().empty());
    s.engine.prepareDueJobs();  // hands the committed job in
    s.engine.awaitPreparation();
    {
        StepBatch batch(s.engine);
        BOOST_TEST(s.engine.runDueJobs(100, false) == 1);
        batch.commit();
    }
    BOOST_TEST(s.letters->preparedUsed() == 1);
    BOOST_TEST(s.letterBytes().size() == 1u);
    // Nothing is left over: the job ran once and is gone.
    BOOST_TEST(!s.engine.nextJobDue());
}

BOOST_AUTO_TEST_SUITE_END()
