// The grantflow program as a user runs it: exit codes, what goes to stdout and stderr.
#include <boost/test/unit_test.hpp>

#include "TestSupport.h"

#include <Poco/File.h>

#include <sys/stat.h>
#include <unistd.h>

using grantflow::test::runCli;
using grantflow::test::TempDir;
namespace test = grantflow::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

int lineCount(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

BOOST_AUTO_TEST_SUITE(CommandLine)

BOOST_AUTO_TEST_CASE(help_lists_the_verbs) {
    auto result = runCli({"--help"});
    BOOST_TEST(result.exitCode == 0);
    for (const char* verb : {"submit", "validate", "cases", "show", "bench"}) BOOST_TEST(contains(result.out, verb), verb);
}

BOOST_AUTO_TEST_CASE(every_verb_explains_itself) {
    for (const char* verb : {"submit", "validate", "cases", "show", "generate"}) {
        auto result = runCli({verb, "--help"});
        BOOST_TEST(result.exitCode == 0, verb);
        BOOST_TEST(contains(result.out, std::string("grantflow ") + verb), verb);
    }
    auto bench = runCli({"bench", "intake", "--help"});
    BOOST_TEST(bench.exitCode == 0);
    BOOST_TEST(contains(bench.out, "grantflow bench intake"));
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_with_two) {
    BOOST_TEST(runCli({}).exitCode == 2);
    BOOST_TEST(runCli({"frobnicate"}).exitCode == 2);
    auto unknownOption = runCli({"submit", "--frob"});
    BOOST_TEST(unknownOption.exitCode == 2);
    BOOST_TEST(contains(unknownOption.err, "frob"));
    BOOST_TEST(runCli({"submit"}).exitCode == 2);
    BOOST_TEST(runCli({"bench"}).exitCode == 2);
    BOOST_TEST(runCli({"bench", "nonsense"}).exitCode == 2);
}

BOOST_AUTO_TEST_CASE(validate_reports_each_problem_with_file_and_line) {
    auto valid = runCli({"validate", test::dataPath("applications/valid")});
    BOOST_TEST(valid.exitCode == 0);
    auto invalid = runCli({"validate", test::dataPath("applications/invalid/bad-bankgiro-check-digit.xml")});
    BOOST_TEST(invalid.exitCode == 1);
    BOOST_TEST(contains(invalid.err, "bad-bankgiro-check-digit.xml:16: /application/applicant/organisation/bankgiro"));
}

BOOST_AUTO_TEST_CASE(submit_registers_the_examples_and_lists_them) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    auto submitted = runCli({"submit", db, test::dataPath("applications/valid")});
    BOOST_TEST(submitted.exitCode == 0);
    BOOST_TEST(contains(submitted.out, "GF 20"));
    BOOST_TEST(contains(submitted.out, "4 registered"));
    auto listed = runCli({"cases", db});
    BOOST_TEST(listed.exitCode == 0);
    BOOST_TEST(lineCount(listed.out) == 4);
    BOOST_TEST(contains(listed.out, "Borlänge kommun"));
}

BOOST_AUTO_TEST_CASE(submit_of_a_mixed_folder_registers_the_valid_and_refuses_the_rest) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    auto submitted = runCli({"submit", db, test::dataPath("applications")});
    BOOST_TEST(submitted.exitCode == 1);
    BOOST_TEST(contains(submitted.out, "4 registered, 0 already registered, 16 refused"));
    BOOST_TEST(contains(submitted.err, "truncated.xml:28"));
    BOOST_TEST(lineCount(runCli({"cases", db}).out) == 4);
}

BOOST_AUTO_TEST_CASE(submitting_again_gives_back_the_existing_cases) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    auto first = runCli({"submit", db, test::dataPath("applications/valid")});
    auto second = runCli({"submit", db, test::dataPath("applications/valid")});
    BOOST_TEST(second.exitCode == 0);
    BOOST_TEST(contains(second.out, "0 registered, 4 already registered"));
    BOOST_TEST(first.out.substr(0, 14) == second.out.substr(0, 14));
    BOOST_TEST(lineCount(runCli({"cases", db}).out) == 4);
}

BOOST_AUTO_TEST_CASE(show_prints_the_case_document_and_refuses_unknown_numbers) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    auto submitted = runCli({"submit", db, test::dataPath("applications/valid/04-kommun-english.xml")});
    std::string number = submitted.out.substr(0, submitted.out.find('\t'));
    auto shown = runCli({"show", db, number});
    BOOST_TEST(shown.exitCode == 0);
    BOOST_TEST(contains(shown.out, "<case xmlns=\"urn:grantflow:case:1\" dnr=\"" + number + "\""));
    BOOST_TEST(contains(shown.out, "Borlänge kommun"));
    auto events = runCli({"show", db, "--events", number});
    BOOST_TEST(contains(events.out, "registered"));
    BOOST_TEST(runCli({"show", db, "GF 2026-099999"}).exitCode == 1);
    BOOST_TEST(runCli({"show", db, "not-a-number"}).exitCode == 1);
}

// A folder opens like a file and reads as empty: each verb that takes one file says
// that it was given a folder, rather than "the document is empty" or "needs an outcome".
BOOST_AUTO_TEST_CASE(a_folder_where_a_file_belongs_is_refused_as_a_folder) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    const std::string folder = dir.file("");
    const std::vector<std::vector<std::string>> commands = {
        {"deploy", db, folder},
        {"complete", db, "1", "--as", "anna", "--outcome", folder},
        {"message", db, "GF 2026-000001", "report", "--id", "m1", "--payload", folder},
        {"letter", db, "--case", folder, "--type", "beslut", "--out", dir.file("x.pdf")},
    };
    for (const auto& command : commands) {
        auto result = runCli(command);
        BOOST_TEST(result.exitCode == 1, command.front());
        BOOST_TEST(contains(result.err, "a folder, not a file"), command.front() << ": " << result.err);
    }
}

// A pipe could block the reader for ever and a device never end; a huge file would be
// read whole before any check; a link to nothing stopped the whole batch. Each is
// refused by name, unread, and the rest of the folder goes in.
BOOST_AUTO_TEST_CASE(pipes_devices_and_oversized_files_in_a_folder_are_refused_unread) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    Poco::File(dir.file("in")).createDirectories();
    Poco::File(test::dataPath("applications/valid/04-kommun-english.xml")).copyTo(dir.file("in/good.xml"));
    BOOST_REQUIRE(::mkfifo(dir.file("in/pipe.xml").c_str(), 0600) == 0);
    BOOST_REQUIRE(::symlink("/dev/zero", dir.file("in/zero.pdf").c_str()) == 0);
    BOOST_REQUIRE(::symlink(dir.file("gone.xml").c_str(), dir.file("in/broken.xml").c_str()) == 0);
    Poco::File(dir.file("in/big.pdf")).createFile();
    Poco::File(dir.file("in/big.pdf")).setSize(2 << 20);  // sparse: costs no disk
    const std::vector<std::string> limits = {"--set", "intake.maxBytes=100000", "--set", "intake.pdf.maxMB=1"};
    std::vector<std::string> submit = {"submit", db, dir.file("in")};
    submit.insert(submit.end(), limits.begin(), limits.end());
    auto submitted = runCli(submit);
    BOOST_TEST(submitted.exitCode == 1);
    BOOST_TEST(contains(submitted.out, "good.xml"));
    BOOST_TEST(contains(submitted.out, "1 registered"));
    BOOST_TEST(contains(submitted.out, "4 refused"));
    BOOST_TEST(contains(submitted.err, "broken.xml: cannot be read: File not found"), submitted.err);
    BOOST_TEST(contains(submitted.err, "pipe.xml: cannot be read: Cannot open file: not a regular file"), submitted.err);
    BOOST_TEST(contains(submitted.err, "zero.pdf: cannot be read: Cannot open file: not a regular file"));
    BOOST_TEST(contains(submitted.err, "big.pdf: cannot be read: Out of range: the file is 2097152 bytes; the limit is"));
    std::vector<std::string> validate = {"validate", dir.file("in")};
    validate.insert(validate.end(), limits.begin(), limits.end());
    auto validated = runCli(validate);
    BOOST_TEST(validated.exitCode == 1);
    BOOST_TEST(contains(validated.out, "5 checked, 1 valid, 4 refused"), validated.out);
}

// 100,000 checking threads aborted submit ("terminate called without an active
// exception"); an interval of 0 made watch spin.
BOOST_AUTO_TEST_CASE(number_settings_out_of_range_are_refused_by_name) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    auto workers = runCli({"submit", db, "--workers=100000", test::dataPath("applications/valid")});
    BOOST_TEST(workers.exitCode == 2);
    BOOST_TEST(contains(workers.err, "submit.workers must be a whole number from 0 to 256, not '100000'"), workers.err);
    BOOST_TEST(!contains(workers.out, "GF "));  // nothing registered
    auto interval = runCli({"watch", db, "--interval=0", dir.file("hot")});
    BOOST_TEST(interval.exitCode == 2);
    BOOST_TEST(contains(interval.err, "watch.interval must be a whole number from 10"), interval.err);
    // Poco's own number parsing said "Not a valid unsigned integer: -1" without the setting.
    const std::vector<std::pair<std::vector<std::string>, std::string>> named = {
        {{"cases", db, "--limit=-1"}, "cases.limit must be a whole number from 1"},
        {{"cases", db, "--year=abc"}, "cases.year must be a whole number from 0 to 9999, not 'abc'"},
        {{"tasks", db, "--limit=abc"}, "tasks.limit must be a whole number from 1"},
        {{"generate", "--count=-1", dir.file("generated")}, "generate.count must be a whole number from 1"},
        {{"generate", "--count=5", "--broken=10", dir.file("generated")}, "generate.broken must be a whole number from 0 to 5"},
        {{"validate", "--set=intake.maxBytes=-1", test::dataPath("applications/valid")}, "intake.maxBytes must be"},
    };
    for (const auto& [arguments, message] : named) {
        auto result = runCli(arguments);
        BOOST_TEST(result.exitCode == 2, arguments[0]);
        BOOST_TEST(contains(result.err, message), result.err);
    }
    BOOST_TEST(!Poco::File(dir.file("generated")).exists());
}

// A folder given as the store made every verb spin for ever; a mistyped path made a
// new, empty store and answered from it ("0 case(s)").
BOOST_AUTO_TEST_CASE(a_store_that_is_a_folder_or_is_not_there_is_refused_by_name) {
    TempDir dir;
    Poco::File(dir.file("folder")).createDirectories();
    for (const std::vector<std::string>& verb : {std::vector<std::string>{"cases"}, {"tasks"}, {"audit", "verify"}, {"workflows"}}) {
        auto with = [&](const std::string& db) {
            std::vector<std::string> arguments = verb;
            arguments.push_back("--db=" + db);
            return runCli(arguments);
        };
        auto folder = with(dir.file("folder"));
        BOOST_TEST(folder.exitCode == 1, verb[0]);
        BOOST_TEST(contains(folder.err, "is a folder or device, not a file"), folder.err);
        auto missing = with(dir.file("typo/cases.db"));
        BOOST_TEST(missing.exitCode == 1, verb[0]);
        BOOST_TEST(contains(missing.err, "there is no case store at"), missing.err);
    }
    BOOST_TEST(!Poco::File(dir.file("typo")).exists());
    auto config = runCli({"cases", "--config=" + dir.file("folder"), "--db=" + dir.file("cases.db")});
    BOOST_TEST(config.exitCode == 2);
    BOOST_TEST(contains(config.err, "a folder, not a file"), config.err);
    // deploy starts a store where there was none, and then the others find it.
    BOOST_REQUIRE(runCli({"deploy", "--db=" + dir.file("new/cases.db"), test::sourcePath("workflows/grant-review.bpmn")})
                      .exitCode == 0);
    BOOST_TEST(runCli({"cases", "--db=" + dir.file("new/cases.db")}).exitCode == 0);
}

// A submit killed between registering a case and starting its review left the case
// outside every workflow, and submitting again said "already registered" and
// started nothing. Registering without starting (--no-start) leaves the same state.
BOOST_AUTO_TEST_CASE(submitting_again_starts_the_reviews_a_first_submit_did_not) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    BOOST_REQUIRE(runCli({"deploy", db, test::sourcePath("workflows/grant-review.bpmn")}).exitCode == 0);
    auto first = runCli({"submit", db, "--no-start", test::dataPath("applications/valid")});
    BOOST_REQUIRE(first.exitCode == 0);
    BOOST_TEST(contains(first.out, "4 registered"), first.out);
    auto again = runCli({"submit", db, test::dataPath("applications/valid")});
    BOOST_TEST(again.exitCode == 0);
    BOOST_TEST(contains(again.out, "4 already registered, 0 refused; 4 review(s) started"), again.out);
    auto third = runCli({"submit", db, test::dataPath("applications/valid")});
    BOOST_TEST(contains(third.out, "; 0 review(s) started"), third.out);  // each review runs once
}

// An empty user name was written to the users file, which no one could then read.
BOOST_AUTO_TEST_CASE(a_user_name_the_users_file_cannot_hold_is_refused) {
    TempDir dir;
    const std::string file = "--file=" + dir.file("users.xml");
    BOOST_REQUIRE(runCli({"users", "key", "e-service", "--roles=registrator", file}).exitCode == 0);
    for (const std::string& name : std::vector<std::string>{"", "two words", std::string(65, 'x')}) {
        auto refused = runCli({"users", "key", name, "--roles=registrator", file});
        BOOST_TEST(refused.exitCode == 1, name);
        BOOST_TEST(contains(refused.err, "a user name must be 1 to 64 characters"), refused.err);
    }
    BOOST_TEST(runCli({"users", "list", file}).exitCode == 0);  // the file is still whole
}

// form --out=FOLDER left a whole form behind as FOLDER.part and named that file
// in its error; a folder that does not exist was also reported by the .part name.
BOOST_AUTO_TEST_CASE(an_output_path_that_cannot_be_written_is_named_and_leaves_nothing) {
    TempDir dir;
    Poco::File(dir.file("out")).createDirectories();
    auto folder = runCli({"form", "--out=" + dir.file("out")});
    BOOST_TEST(folder.exitCode == 1);
    BOOST_TEST(contains(folder.err, dir.file("out") + " is a folder: name the file to write"), folder.err);
    auto missing = runCli({"form", "--out=" + dir.file("nowhere/form.pdf")});
    BOOST_TEST(missing.exitCode == 1);
    BOOST_TEST(contains(missing.err, "does not exist, so " + dir.file("nowhere/form.pdf") + " cannot be written"),
               missing.err);
    std::vector<std::string> left;
    Poco::File(dir.path()).list(left);
    BOOST_TEST(left == std::vector<std::string>{"out"});  // no .part or .tmp beside it
}

// Each of these was taken without a word: a role nobody checks for, a role granted
// and revoked at once, a case that is no case ("0 task(s)"), two sources of a letter.
BOOST_AUTO_TEST_CASE(unknown_or_contradicting_arguments_are_refused_by_name) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    BOOST_REQUIRE(runCli({"deploy", db, test::sourcePath("workflows/grant-review.bpmn")}).exitCode == 0);
    auto superuser = runCli({"roles", db, "anna", "--grant=superuser"});
    BOOST_TEST(superuser.exitCode == 2);
    BOOST_TEST(contains(superuser.err, "unknown role 'superuser'; the roles are"), superuser.err);
    auto both = runCli({"roles", db, "anna", "--grant=handlaggare", "--revoke=handlaggare"});
    BOOST_TEST(both.exitCode == 2);
    BOOST_TEST(!contains(runCli({"roles", db, "anna"}).out, "handlaggare"));
    auto bogus = runCli({"tasks", db, "--case=bogus"});
    BOOST_TEST(bogus.exitCode == 1);
    auto unknown = runCli({"tasks", db, "--case=2026-999"});
    BOOST_TEST(unknown.exitCode == 1);
    BOOST_TEST(contains(unknown.err, "no case is registered as GF 2026-000999"), unknown.err);
    auto letter = runCli({"letter", db, "2026-1", "--case=" + dir.file("case.xml"), "--type=grant"});
    BOOST_TEST(letter.exitCode == 2);
    BOOST_REQUIRE(runCli({"submit", db, "--no-start", test::dataPath("applications/valid/02-forstudie-minimal.xml")})
                      .exitCode == 0);
    auto start = runCli({"start", db, "2026-1"});
    BOOST_TEST(start.exitCode == 0);
    BOOST_TEST(contains(start.out, "GF 2026-000001: "), start.out);  // the number as it is written, not as typed
}

// An empty user matched the empty candidate list of a task and passed every role
// check: a decision was recorded with no one as its decider.
BOOST_AUTO_TEST_CASE(an_empty_user_is_refused_before_anything_is_done) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    BOOST_REQUIRE(runCli({"deploy", db, test::sourcePath("workflows/grant-review.bpmn")}).exitCode == 0);
    BOOST_REQUIRE(runCli({"submit", db, test::dataPath("applications/valid/01-information-bosnia.xml")}).exitCode == 0);
    runCli({"work", db});
    for (const std::string as : {"--as=", "--as= "}) {
        auto claim = runCli({"claim", db, "1", as});
        BOOST_TEST(claim.exitCode == 2, as);
        BOOST_TEST(contains(claim.err, "names nobody"), claim.err);
        auto complete = runCli({"complete", db, "1", as, "--outcome=" + test::sourcePath("forms/samples/outcomes/completeness.xml")});
        BOOST_TEST(complete.exitCode == 2, as);
    }
    auto tasks = runCli({"tasks", db});
    BOOST_TEST(contains(tasks.out, "completeness"), tasks.out);  // still open, claimed by no one
    BOOST_TEST(contains(tasks.out, "\t-\t"), tasks.out);
}

BOOST_AUTO_TEST_CASE(submit_takes_scans_and_refuses_locked_pdfs) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    auto scan = runCli({"submit", db, test::dataPath("pdf/scan-image-only.pdf")});
    BOOST_TEST(scan.exitCode == 0);
    BOOST_TEST(contains(scan.out, "waits for keying in"));
    auto locked = runCli({"submit", db, test::dataPath("pdf/encrypted.pdf")});
    BOOST_TEST(locked.exitCode == 1);
    BOOST_TEST(contains(locked.err, "encrypted.pdf"));
    BOOST_TEST(contains(locked.err, "password"));
    BOOST_TEST(lineCount(runCli({"cases", db}).out) == 1);
}

// validate reads PDFs as submit does, and says in words what is wrong with one:
// PoDoFo's "ePdfError_NoEOFToken" for a cut-off file; "neither the form nor a scan"
// for the form saved with an owner password.
BOOST_AUTO_TEST_CASE(validate_reads_pdfs_and_says_what_is_wrong_in_words) {
    TempDir dir;
    const std::string form = dir.file("form.pdf"), restricted = dir.file("restricted.pdf");
    BOOST_REQUIRE(runCli({"form", "--out=" + form}).exitCode == 0);
    BOOST_REQUIRE(std::system(("qpdf --encrypt '' owner 256 -- '" + form + "' '" + restricted + "'").c_str()) == 0);
    auto checked = runCli({"validate", test::dataPath("pdf/truncated.pdf"), restricted,
                           test::dataPath("pdf/scan-image-only.pdf")});
    BOOST_TEST(checked.exitCode == 1);
    BOOST_TEST(contains(checked.err, "truncated.pdf: the PDF is damaged or incomplete: it ends too early"), checked.err);
    BOOST_TEST(contains(checked.err, "restricted.pdf: the PDF is encrypted (an owner password restricts it)"),
               checked.err);
    BOOST_TEST(!contains(checked.err, "ePdfError"), checked.err);
    BOOST_TEST(contains(checked.out, "scan-image-only.pdf: valid (a scan: keyed in later)"), checked.out);
    Poco::File(dir.file("empty")).createDirectories();
    auto none = runCli({"validate", dir.file("empty")});
    BOOST_TEST(none.exitCode == 1);
    BOOST_TEST(contains(none.err, "no files to check"), none.err);
}

BOOST_AUTO_TEST_CASE(submit_starts_the_review_once_a_workflow_is_deployed) {
    TempDir dir;
    std::string db = "--db=" + dir.file("cases.db");
    auto before = runCli({"submit", db, test::dataPath("applications/valid/01-information-bosnia.xml")});
    BOOST_TEST(contains(before.err, "no 'grant-review' workflow is deployed"));
    BOOST_REQUIRE(runCli({"deploy", db, test::sourcePath("workflows/grant-review.bpmn")}).exitCode == 0);
    auto after = runCli({"submit", db, test::dataPath("applications/valid/02-forstudie-minimal.xml")});
    BOOST_TEST(after.exitCode == 0);
    BOOST_TEST(contains(after.out, "1 review(s) started"));
    std::string number = after.out.substr(0, after.out.find('\t'));
    BOOST_TEST(contains(runCli({"history", db, number}).out, "grant-review"));
}

BOOST_AUTO_TEST_CASE(the_end_to_end_benchmark_ends_in_stored_letters) {
    auto result = runCli({"bench", "e2e", "--count", "3"});
    BOOST_TEST(result.exitCode == 0, result.err);
    BOOST_TEST(contains(result.out, "3 registered"));
    BOOST_TEST(contains(result.out, "3 cases decided"));
    // An acknowledgement of receipt and a decision for each application.
    BOOST_TEST(contains(result.out, "6 letters stored"));
}

BOOST_AUTO_TEST_CASE(the_workflow_benchmark_replays_its_statements_to_the_same_event_log) {
    // What SQLite alone needs is only a figure about the run if its replay writes the
    // run's rows: the bench checks the audit-chain head of each replay against the run's.
    auto result = runCli({"bench", "workflow", "--count", "20", "--replay-sql"});
    BOOST_TEST(result.exitCode == 0, result.err);
    BOOST_TEST(contains(result.out, "routed 20 case(s)"));
    // Where the writer's time went, step by kind: each case of the grant review has five
    // tasks, four service tasks and a final report.
    BOOST_TEST(contains(result.out, "100 tasks completed in "), result.out);
    BOOST_TEST(contains(result.out, "80 jobs run in "), result.out);
    BOOST_TEST(contains(result.out, "20 messages delivered in "), result.out);
    BOOST_TEST(contains(result.out, "SQLite alone, as run: "));
    BOOST_TEST(contains(result.out, "SQLite alone, writes alone, no savepoints: "));
    BOOST_TEST(!contains(result.out, "MISMATCH"), result.out);
    auto both = runCli({"bench", "workflow", "--count", "5", "--replay-sql", "--sql-profile"});
    BOOST_TEST(both.exitCode == 2);
    BOOST_TEST(contains(both.err, "use one at a time"));
}

BOOST_AUTO_TEST_CASE(the_size_limit_is_a_setting) {
    auto result = runCli({"validate", "--set", "intake.maxBytes=1000",
                          test::dataPath("applications/valid/01-information-bosnia.xml")});
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "the limit is 1000"));
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_a_clear_error) {
    auto result = runCli({"validate", "/no/such/file.xml"});
    BOOST_TEST(result.exitCode == 1);
    BOOST_TEST(contains(result.err, "/no/such/file.xml"));
}

BOOST_AUTO_TEST_SUITE_END()
