// A grant office driven only through the grantflow program: a store in a temp
// folder, the clock the tests move (--now), and the outcome documents that
// case officers write. Shared by the CLI tests of the shipped workflows.
#pragma once

#include "TestSupport.h"

#include <boost/test/unit_test.hpp>

#include <Poco/StringTokenizer.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace grantflow::test {

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CliOffice {
public:
    std::string now = "2026-11-27T09:00:00Z";  // a Friday

    CliOffice() {
        auto submitted = run({"submit", dataPath("applications/valid")});
        BOOST_REQUIRE_MESSAGE(submitted.exitCode == 0, submitted.err);
        for (const auto& line : lines(submitted.out)) _cases[Poco::Path(field(line, 1)).getFileName()] = field(line, 0);
        auto deployed = run({"deploy", sourcePath("workflows/grant-review.bpmn"), sourcePath("workflows/return-plan.bpmn")});
        BOOST_REQUIRE_MESSAGE(deployed.exitCode == 0, deployed.err);
        for (auto [user, role] : std::vector<std::pair<const char*, const char*>>{{"anna", "handlaggare"},
                                                                                 {"anna", "beslutsfattare"},
                                                                                 {"bo", "handlaggare"},
                                                                                 {"dora", "beslutsfattare"},
                                                                                 {"erik", "ekonomi"}})
            BOOST_REQUIRE(run({"roles", user, std::string("--grant=") + role}).exitCode == 0);
    }

    // Runs grantflow on this office's store; workflow verbs also get the test clock.
    CliResult run(std::vector<std::string> arguments) {
        static const std::set<std::string> clocked = {"deploy", "workflows", "start", "tasks", "claim", "complete",
                                                      "message", "work", "incidents", "history", "roles", "retention",
                                                      "request-decision", "deadlines"};
        arguments.insert(arguments.begin() + 1, "--db=" + _dir.file("office.db"));
        if (clocked.count(arguments[0])) arguments.insert(arguments.begin() + 1, "--now=" + now);
        return runCli(arguments);
    }

    // The store, for running grantflow some other way than run().
    std::string database() const { return _dir.file("office.db"); }

    // Runs the job worker until nothing is due.
    void work() {
        auto result = run({"work"});
        BOOST_REQUIRE_MESSAGE(result.exitCode == 0, result.err);
    }

    // Open tasks of a case as "node" (sorted), from grantflow tasks --case.
    std::vector<std::string> tasks(const std::string& dnr) {
        std::vector<std::string> nodes;
        for (const auto& line : lines(run({"tasks", "--case=" + dnr}).out)) nodes.push_back(field(line, 3));
        std::sort(nodes.begin(), nodes.end());
        return nodes;
    }

    // The id of the open task `node` of the case, and the process:version it runs on.
    std::string task(const std::string& dnr, const std::string& node, std::string* processVersion = nullptr) {
        for (const auto& line : lines(run({"tasks", "--case=" + dnr}).out))
            if (field(line, 3) == node) {
                if (processVersion) *processVersion = field(line, 2);
                return field(line, 0);
            }
        BOOST_FAIL("case " << dnr << " has no open task " << node);
        return {};
    }

    // Completes the open task `node` as `user` with an outcome document.
    CliResult complete(const std::string& dnr, const std::string& node, const std::string& user,
                       const std::string& outcome = "") {
        std::string id = task(dnr, node);
        std::vector<std::string> arguments = {"complete", id, "--as=" + user};
        if (!outcome.empty()) {
            std::string file = _dir.file("outcome-" + id + ".xml");
            writeFile(file, outcome);
            arguments.push_back("--outcome=" + file);
        }
        return run(arguments);
    }

    void mustComplete(const std::string& dnr, const std::string& node, const std::string& user,
                      const std::string& outcome = "") {
        auto result = complete(dnr, node, user, outcome);
        BOOST_REQUIRE_MESSAGE(result.exitCode == 0, node << " by " << user << ": " << result.err);
    }

    // Completing the open task `node` is refused (exit 1) with a message containing `why`.
    void mustRefuse(const std::string& dnr, const std::string& node, const std::string& user, const std::string& outcome,
                    const std::string& why) {
        auto result = complete(dnr, node, user, outcome);
        BOOST_TEST(result.exitCode == 1, node << " by " << user << " was not refused");
        BOOST_TEST(result.err.find(why) != std::string::npos, result.err);
    }

    // The reference number the sample application was registered under.
    std::string caseOf(const std::string& sample) {
        BOOST_REQUIRE_MESSAGE(_cases.count(sample), sample << " was not registered");
        return _cases[sample];
    }

    std::string history(const std::string& dnr) { return run({"history", dnr}).out; }
    std::string caseDocument(const std::string& dnr) { return run({"show", dnr}).out; }
    std::string file(const std::string& name) const { return _dir.file(name); }

    static std::vector<std::string> lines(const std::string& text) {
        std::vector<std::string> result;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) result.push_back(line);
        return result;
    }

    static std::string field(const std::string& line, std::size_t index) {
        Poco::StringTokenizer fields(line, "\t");
        return index < fields.count() ? fields[index] : "";
    }

    static int occurrences(const std::string& text, const std::string& part) {
        int n = 0;
        for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
        return n;
    }

private:
    TempDir _dir;
    std::map<std::string, std::string> _cases;  // sample file name -> reference number
};

// Outcome documents as case officers write them (schemas/outcomes/*.xsd).
namespace outcome {

inline std::string review(const std::string& step, const std::string& body) {
    return "<review xmlns=\"urn:grantflow:case:1\" step=\"" + step + "\">" + body + "</review>";
}
inline std::string completeness(bool complete) {
    return review("completeness", complete ? "<outcome>complete</outcome>"
                                           : "<outcome>incomplete</outcome><missing><item>budget specification</item></missing>");
}
inline std::string eligibility(bool eligible) {
    return review("eligibility", std::string("<outcome>") + (eligible ? "eligible" : "not-eligible") + "</outcome>");
}
inline std::string assessment(const std::string& recommendation, long long amount) {
    return review("assessment",
                  "<noConflictOfInterest>true</noConflictOfInterest><quality>4</quality><relevance>5</relevance>"
                  "<feasibility>4</feasibility><recommendation>" + recommendation + "</recommendation><proposedAmount>" +
                      std::to_string(amount) + "</proposedAmount><reasons><p>Well-founded plan.</p></reasons>");
}
inline std::string senior(bool agree) {
    return review("senior", std::string("<outcome>") + (agree ? "agree" : "return") + "</outcome>");
}
inline std::string decision(const std::string& outcome, long long amount) {
    return "<decision xmlns=\"urn:grantflow:case:1\"><outcome>" + outcome + "</outcome>" +
           (amount > 0 ? "<amount>" + std::to_string(amount) + "</amount>" : "") +
           "<reasons><p>The project meets the aims of the grant.</p></reasons></decision>";
}
inline std::string finalReport(long long unused) {
    return review("final-report", "<outcome>approved</outcome><unusedAmount>" + std::to_string(unused) + "</unusedAmount>");
}
inline std::string repayment(long long amount) {
    return review("repayment", "<outcome>repaid</outcome><amount>" + std::to_string(amount) + "</amount>");
}
inline std::string stage(int n, const std::string& status) {
    return "<stage xmlns=\"urn:grantflow:case:1\" n=\"" + std::to_string(n) + "\"><status>" + status + "</status></stage>";
}

}  // namespace outcome

// Registration to the decision task for a small digital application (85,000 kr, bifall proposed).
inline void toDecision(CliOffice& office, const std::string& dnr, const std::string& officer) {
    BOOST_REQUIRE(office.run({"start", dnr}).exitCode == 0);
    office.work();  // acknowledgement of receipt
    office.mustComplete(dnr, "completeness", officer, outcome::completeness(true));
    office.mustComplete(dnr, "eligibility", officer, outcome::eligibility(true));
    office.mustComplete(dnr, "assessment", officer, outcome::assessment("bifall", 85000));
}

}  // namespace grantflow::test
