// Deploy-time checking of BPMN files: what modelers save is accepted, and
// everything grantflow cannot execute faithfully is refused with id, type and line.
#include <boost/test/unit_test.hpp>

#include "TestSupport.h"

#include <grantflow/workflow/BpmnLoader.h>
#include <grantflow/workflow/ServiceRegistry.h>

#include <tuple>

using namespace grantflow::workflow;
namespace test = grantflow::test;

namespace {

LoadedDefinitions loadText(const std::string& bpmn) {
    LoaderSettings settings;
    settings.outcomeSchemaDirectory = test::sourcePath("schemas/outcomes");
    settings.knownPlugins = ServiceRegistry().names();
    return BpmnLoader(settings).load(bpmn);
}

LoadedDefinitions load(const std::string& relative) { return loadText(test::readFile(test::dataPath(relative))); }

// `text` with its first `from` changed to `to`; fails the test when `from` is not in it.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "'" << from << "' is not in the text");
    return text.replace(at, from.size(), to);
}

// A fixture under tests/data with one change, as a modeler would make it.
std::string fixtureWith(const std::string& relative, const std::string& from, const std::string& to) {
    return replaced(test::readFile(test::dataPath(relative)), from, to);
}

// The first problem's message; "" when the file loads.
std::string firstRefusal(const LoadedDefinitions& loaded) {
    return loaded.problems.empty() ? std::string() : loaded.problems[0].message;
}

// The one problem a refused fixture must produce: its code, element and line.
void expectRefusal(const std::string& file, const std::string& code, const std::string& path, int line) {
    auto loaded = load("bpmn/refused/" + file);
    BOOST_TEST(loaded.processes.empty(), file);
    BOOST_REQUIRE_MESSAGE(!loaded.problems.empty(), file << " was accepted");
    const auto& p = loaded.problems.front();
    BOOST_TEST(p.code == code, file);
    BOOST_TEST(p.path == path, file);
    BOOST_TEST(p.line == line, file);
    BOOST_TEST(!p.message.empty(), file);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(BpmnLoader_)

BOOST_AUTO_TEST_CASE(the_shipped_workflows_deploy) {
    for (const char* file : {"workflows/grant-review.bpmn", "workflows/return-plan.bpmn"}) {
        LoaderSettings settings;
        settings.outcomeSchemaDirectory = test::sourcePath("schemas/outcomes");
        settings.knownPlugins = ServiceRegistry().names();
        auto loaded = BpmnLoader(settings).load(test::readFile(test::sourcePath(file)));
        for (const auto& p : loaded.problems) BOOST_ERROR(file << ":" << p.line << ": " << p.path << ": " << p.message);
        BOOST_TEST(loaded.processes.size() == 1u, file);
    }
}

BOOST_AUTO_TEST_CASE(a_camunda_7_modeler_file_deploys_as_saved) {
    auto loaded = load("bpmn/camunda7-modeler-small-grant.bpmn");
    BOOST_REQUIRE(loaded.problems.empty());
    const ProcessDefinition& p = loaded.processes.at(0);
    BOOST_TEST(p.key == "small-grant");
    const FlowNode& check = p.node("Activity_check");
    BOOST_TEST(std::string(kindName(check.kind)) == "userTask");
    BOOST_TEST(check.candidateRoles == std::vector<std::string>{"handlaggare"});
    BOOST_TEST(check.formKey == "completeness");
    BOOST_TEST(check.dueDate == "P10D");
    BOOST_TEST(check.boundaryEvents == std::vector<std::string>{"Event_late"});
    BOOST_TEST(p.node("Activity_decide").candidateUsers == std::vector<std::string>{"dora"});
    BOOST_TEST(p.node("Activity_letter").plugin == "letter");
    BOOST_TEST(p.node("Activity_letter").retries == 5);  // camunda:failedJobRetryTimeCycle R5/PT5M
    BOOST_TEST(p.node("Gateway_0ok").defaultFlow == "Flow_yes");
    BOOST_TEST(std::string(kindName(p.node("Activity_escalate").kind)) == "task");

    // The same task with its form linked as a Camunda Form (7.19 and later).
    const std::string linked = fixtureWith("bpmn/camunda7-modeler-small-grant.bpmn", "camunda:formKey=\"completeness\"",
                                           "camunda:formRef=\"completeness\" camunda:formRefBinding=\"latest\"");
    auto relinked = loadText(linked);
    BOOST_REQUIRE(relinked.problems.empty());
    BOOST_TEST(relinked.processes[0].node("Activity_check").formKey == "completeness");
    auto pinned = loadText(replaced(linked, "camunda:formRefBinding=\"latest\"",
                                    "camunda:formRefBinding=\"version\" camunda:formRefVersion=\"2\""));
    BOOST_REQUIRE(!pinned.problems.empty());
    BOOST_TEST(pinned.problems[0].code == "unsupported-attribute");
}

// Flowable and Activiti name a task's performers, deadline and form as Camunda 7
// does, each in its own namespace: read alike, never passed over.
BOOST_AUTO_TEST_CASE(a_flowable_modeler_file_deploys_with_its_task_settings_read) {
    auto loaded = load("bpmn/flowable-modeler-small-grant.bpmn");
    BOOST_REQUIRE_MESSAGE(loaded.problems.empty(), (loaded.problems.empty() ? "" : loaded.problems[0].message));
    const ProcessDefinition& p = loaded.processes.at(0);
    const FlowNode& check = p.node("sid-check");
    BOOST_TEST(check.candidateRoles == std::vector<std::string>{"handlaggare"});
    BOOST_TEST(check.dueDate == "P10D");
    BOOST_TEST(check.formKey == "completeness");
    BOOST_TEST(p.node("sid-letter").plugin == "letter");

    const std::string source = test::readFile(test::dataPath("bpmn/flowable-modeler-small-grant.bpmn"));
    auto refusalWith = [&](const std::string& from, const std::string& to) {
        return firstRefusal(loadText(replaced(source, from, to)));
    };
    const std::string worker = "flowable:type=\"external-worker\" flowable:topic=\"letter\"";
    BOOST_TEST(refusalWith(worker, "flowable:class=\"se.agency.SendLetter\"").find("flowable:class runs Java") !=
               std::string::npos);
    BOOST_TEST(refusalWith(worker, "flowable:type=\"http\"").find("flowable:type 'http' is not supported") !=
               std::string::npos);
    BOOST_TEST(refusalWith("flowable:dueDate=\"P10D\"", "flowable:skipExpression=\"${skip}\"")
                   .find("flowable:skipExpression is not supported") != std::string::npos);
    // Activiti's names, read the same way.
    auto fromActiviti = loadText(replaced(replaced(source, "http://flowable.org/bpmn", "http://activiti.org/bpmn"), worker,
                                          "xmlns:grantflow=\"urn:grantflow:bpmn:1\" grantflow:plugin=\"letter\""));
    BOOST_REQUIRE(fromActiviti.problems.empty());
    BOOST_TEST(fromActiviti.processes[0].node("sid-check").candidateRoles == std::vector<std::string>{"handlaggare"});
}

BOOST_AUTO_TEST_CASE(a_camunda_8_modeler_file_deploys_with_its_zeebe_extensions) {
    auto loaded = load("bpmn/camunda8-modeler-review.bpmn");
    BOOST_REQUIRE(loaded.problems.empty());
    const ProcessDefinition& p = loaded.processes.at(0);
    BOOST_TEST(p.node("Activity_review").candidateRoles == std::vector<std::string>{"handlaggare"});
    BOOST_TEST(p.node("Activity_review").formKey == "eligibility");
    BOOST_TEST(p.node("Activity_record").plugin == "record");
    BOOST_TEST(p.node("Activity_record").retries == 5);
}

// Camunda 8.6 and later save a user task as a Camunda user task (an empty
// zeebe:userTask), link its form by formId and schedule it with zeebe:taskSchedule.
BOOST_AUTO_TEST_CASE(a_camunda_8_8_modeler_file_deploys_with_its_user_task_settings) {
    auto loaded = load("bpmn/camunda88-modeler-review.bpmn");
    for (const auto& p : loaded.problems) BOOST_ERROR(p.line << ": " << p.path << ": " << p.message);
    BOOST_REQUIRE(loaded.processes.size() == 1u);
    const FlowNode& task = loaded.processes[0].node("Activity_eligibility");
    BOOST_TEST(task.candidateRoles == std::vector<std::string>{"handlaggare"});
    BOOST_TEST(task.formKey == "eligibility");
    BOOST_TEST(task.dueDate == "2027-01-29T15:00:00Z");
    BOOST_TEST(loaded.processes[0].node("Activity_record").plugin == "record");  // beside its zeebe:properties

    // What has no counterpart here is refused where it stands, not dropped.
    const std::string original = test::readFile(test::dataPath("bpmn/camunda88-modeler-review.bpmn"));
    const std::string schedule =
        "<zeebe:taskSchedule dueDate=\"2027-01-29T15:00:00Z\" followUpDate=\"2027-01-22T15:00:00Z\" />";
    const std::string form = "<zeebe:formDefinition formId=\"eligibility\" />";
    for (auto [from, to, code] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {schedule, "<zeebe:taskSchedule dueDate=\"=now() + duration(&quot;P5D&quot;)\" />", "unsupported-language"},
             {form, "<zeebe:formDefinition externalReference=\"https://forms.example/1\" />", "unsupported-extension"},
             {form, "<zeebe:formDefinition formId=\"eligibility\" bindingType=\"versionTag\" versionTag=\"v2\" />",
              "unsupported-extension"}}) {
        auto refused = loadText(replaced(original, from, to));
        BOOST_REQUIRE_MESSAGE(!refused.problems.empty(), to);
        BOOST_TEST(refused.problems[0].code == code, to);
        BOOST_TEST(refused.problems[0].path == "userTask id=\"Activity_eligibility\"", to);
    }
}

// Signavio's editor notes (colours, revision) are ignored as the diagram is, and its
// name for XPath is taken; an element of Signavio's that is not such a note is refused.
BOOST_AUTO_TEST_CASE(a_signavio_export_deploys_with_its_editor_notes_ignored) {
    auto loaded = load("bpmn/signavio-export.bpmn");
    for (const auto& p : loaded.problems) BOOST_ERROR(p.line << ": " << p.path << ": " << p.message);
    BOOST_REQUIRE(loaded.processes.size() == 1u);
    const ProcessDefinition& p = loaded.processes[0];
    BOOST_TEST(p.key == "sid-small-grant");
    BOOST_TEST(p.node("sid-check").candidateRoles == std::vector<std::string>{"handlaggare"});
    BOOST_TEST(p.node("sid-complete").defaultFlow == "sid-flow-complete");
    BOOST_TEST(p.flow("sid-flow-incomplete").condition.find("'incomplete'") != std::string::npos);

    auto refused = loadText(fixtureWith("bpmn/signavio-export.bpmn",
                                        "<signavio:signavioMetaData metaKey=\"risklevel\" metaValue=\"\"/>",
                                        "<signavio:signavioScript>run()</signavio:signavioScript>"));
    BOOST_REQUIRE(!refused.problems.empty());
    BOOST_TEST(refused.problems[0].code == "unsupported-extension");
    BOOST_TEST(refused.problems[0].path == "userTask id=\"sid-check\"");
}

// Camunda Modeler puts lanes inside a pool: one participant and no message flows is
// only a drawing around the process, and deploys.
BOOST_AUTO_TEST_CASE(a_process_drawn_in_one_pool_with_lanes_deploys) {
    auto loaded = load("bpmn/one-pool-with-lanes.bpmn");
    for (const auto& p : loaded.problems) BOOST_ERROR(p.line << ": " << p.path << ": " << p.message);
    BOOST_REQUIRE(loaded.processes.size() == 1u);
    BOOST_TEST(loaded.processes[0].key == "Process_lanes");
}

namespace {

// A one-task process whose task element, and what follows it, are `task`.
std::string oneTask(const std::string& task) {
    return "<?xml version=\"1.0\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" id=\"d\" targetNamespace=\"urn:test\">\n"
           "<process id=\"p\" isExecutable=\"true\"><startEvent id=\"s\"/>\n" + task +
           "\n<endEvent id=\"e\"/><sequenceFlow id=\"f1\" sourceRef=\"s\" targetRef=\"t\"/>"
           "<sequenceFlow id=\"f2\" sourceRef=\"t\" targetRef=\"e\"/></process></definitions>";
}

}  // namespace

// Each was deployed and then run as something else: a compensation task as a plain
// one, a repeating intermediate timer once, a function XPath lacks only failed at run time.
BOOST_AUTO_TEST_CASE(what_would_run_differently_than_drawn_is_refused) {
    auto refusal = [](const std::string& task) { return firstRefusal(BpmnLoader(LoaderSettings()).load(oneTask(task))); };
    BOOST_TEST(refusal("<task id=\"t\" isForCompensation=\"true\"/>").find("compensation") != std::string::npos);
    BOOST_TEST(refusal("<task id=\"t\" startQuantity=\"2\"/>").find("startQuantity") != std::string::npos);
    BOOST_TEST(refusal("<intermediateCatchEvent id=\"t\"><timerEventDefinition><timeCycle>R3/P1D</timeCycle>"
                       "</timerEventDefinition></intermediateCatchEvent>")
                   .find("an intermediate timer fires once") != std::string::npos);
    BOOST_TEST(refusal("<intermediateCatchEvent id=\"t\"><timerEventDefinition><timeDuration>P1000000000Y"
                       "</timeDuration></timerEventDefinition></intermediateCatchEvent>") != "");
    BOOST_TEST(refusal("<task id=\"t\" startQuantity=\"1\"/>") == "");
}

// BPMN's own performer elements, as Camunda 7 and Activiti write their expressions.
BOOST_AUTO_TEST_CASE(a_potential_owner_names_the_roles_and_users_of_a_task) {
    auto owners = [](const std::string& expression, const std::string& element = "potentialOwner") {
        return "<userTask id=\"t\"><" + element + " id=\"po\"><resourceAssignmentExpression id=\"r\">"
               "<formalExpression>" + expression + "</formalExpression></resourceAssignmentExpression>"
               "</" + element + "></userTask>";
    };
    auto loaded = loadText(oneTask(owners("group(handlaggare), user(dora)")));
    BOOST_REQUIRE(loaded.problems.empty());
    const FlowNode& t = loaded.processes[0].node("t");
    BOOST_TEST(t.candidateRoles == std::vector<std::string>{"handlaggare"});
    BOOST_TEST(t.candidateUsers == std::vector<std::string>{"dora"});

    // A bare name is a group to some engines and a user to others: refused once, saying how to write it.
    auto bare = loadText(oneTask(owners("handlaggare")));
    BOOST_REQUIRE(bare.problems.size() == 1u);
    BOOST_TEST(bare.problems[0].message.find("write group(handlaggare)") != std::string::npos, bare.problems[0].message);
    auto expression = loadText(oneTask(owners("group(${approvers})")));
    BOOST_REQUIRE(!expression.problems.empty());
    BOOST_TEST(expression.problems[0].code == "unsupported-language");

    // A human performer is the one person who does it.
    auto performer = loadText(oneTask(owners("user(dora)", "humanPerformer")));
    BOOST_REQUIRE(performer.problems.empty());
    BOOST_TEST(performer.processes[0].node("t").assignee == "dora");
    BOOST_TEST(loadText(oneTask(owners("dora", "humanPerformer"))).problems.empty());
    auto group = loadText(oneTask(owners("group(handlaggare)", "humanPerformer")));
    BOOST_REQUIRE(group.problems.size() == 1u);
    BOOST_TEST(group.problems[0].message.find("one person") != std::string::npos);
    auto nobody = loadText(oneTask(owners("", "humanPerformer")));
    BOOST_REQUIRE(nobody.problems.size() == 1u);
    BOOST_TEST(nobody.problems[0].code == "no-performer");
}

// A time of day without a zone could be UTC or Swedish time: refused, saying how to write it.
BOOST_AUTO_TEST_CASE(a_date_time_without_a_zone_is_refused_saying_how_to_write_it) {
    auto refusal = [](const std::string& task) { return firstRefusal(loadText(oneTask(task))); };
    const std::string due = refusal(
        "<userTask id=\"t\" xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" camunda:candidateGroups=\"handlaggare\" "
        "camunda:dueDate=\"2026-12-24T12:00:00\"/>");
    BOOST_TEST(due.find("has no time zone: add Z for UTC, or the offset") != std::string::npos, due);
    const std::string timer = refusal("<intermediateCatchEvent id=\"t\"><timerEventDefinition><timeDate>2026-12-24T12:00"
                                      "</timeDate></timerEventDefinition></intermediateCatchEvent>");
    BOOST_TEST(timer.find("has no time zone") != std::string::npos, timer);
    BOOST_TEST(refusal("<intermediateCatchEvent id=\"t\"><timerEventDefinition><timeDate>2026-12-24T12:00+01:00"
                       "</timeDate></timerEventDefinition></intermediateCatchEvent>") == "");
}

// Roles and users written as JUEL or FEEL would become a role nobody holds.
BOOST_AUTO_TEST_CASE(an_expression_where_roles_or_users_are_named_is_refused) {
    expectRefusal("expression-performer.bpmn", "unsupported-language", "userTask id=\"review\"", 5);
}

BOOST_AUTO_TEST_CASE(a_bpmn_io_sketch_is_refused_for_each_reason) {
    auto loaded = load("bpmn/bpmn-io-demo-not-executable.bpmn");
    BOOST_TEST(loaded.processes.empty());
    BOOST_REQUIRE(loaded.problems.size() == 2u);
    BOOST_TEST(loaded.problems[0].code == "not-executable");
    BOOST_TEST(loaded.problems[1].code == "unsupported-language");  // a FEEL condition
    BOOST_TEST(loaded.problems[1].path == "sequenceFlow id=\"Flow_b\"");
}

BOOST_AUTO_TEST_CASE(unsupported_elements_are_refused_not_skipped) {
    expectRefusal("script-task.bpmn", "unsupported-element", "scriptTask id=\"calculate\"", 5);
    expectRefusal("signal-event.bpmn", "unsupported-element", "intermediateCatchEvent id=\"signalled\"", 6);
    expectRefusal("boundary-message-on-service-task.bpmn", "unsupported-element",
                  "boundaryEvent (message) id=\"withdrawn\"", 7);
    expectRefusal("boundary-message-undeclared.bpmn", "unknown-reference", "boundaryEvent id=\"withdrawn\"", 7);
    expectRefusal("multi-instance.bpmn", "unsupported-element", "userTask id=\"many\"", 6);
    expectRefusal("execution-listener.bpmn", "unsupported-extension", "userTask id=\"listened\"", 7);
    expectRefusal("java-delegate.bpmn", "unsupported-attribute", "serviceTask id=\"java\"", 5);
    expectRefusal("not-executable.bpmn", "not-executable", "process id=\"p\"", 3);
    expectRefusal("message-throw-event.bpmn", "unsupported-element", "intermediateThrowEvent id=\"notify\"", 8);
    // An engine's extension says what to draw instead, where there is a way.
    const std::string listener = load("bpmn/refused/execution-listener.bpmn").problems.at(0).message;
    BOOST_TEST(listener.find("draw a service task calling a plugin") != std::string::npos, listener);
}

BOOST_AUTO_TEST_CASE(a_stand_in_keeps_one_refusal_from_causing_others) {
    auto loaded = load("bpmn/refused/script-task.bpmn");
    BOOST_TEST(loaded.problems.size() == 1u);
    // ... and says what to draw instead, where grantflow has a way to do the same.
    BOOST_TEST(loaded.problems[0].message.find("draw a service task") != std::string::npos, loaded.problems[0].message);
    // Nor is an unsupported element that no flow touches also called unreachable and a dead end.
    const std::string end = "<bpmn:endEvent id=\"end\" />";
    auto orphan = loadText(fixtureWith("bpmn/drawn-data.bpmn", end, end + "<bpmn:callActivity id=\"orphan\" />"));
    BOOST_REQUIRE(orphan.problems.size() == 1u);
    BOOST_TEST(orphan.problems[0].path == "callActivity id=\"orphan\"");
    // A boundary event on an element it cannot be attached to is refused for that,
    // not also called unreachable, with the end it leads to.
    auto misplaced = load("bpmn/refused/boundary-message-on-service-task.bpmn");
    BOOST_TEST(misplaced.problems.size() == 1u);
    for (const auto& problem : misplaced.problems) BOOST_TEST(problem.code != "unreachable", problem.path);
}

// The applicant drawn as an empty pool, with message flows to and from the process:
// they show where messages come from, and are kept, not executed.
BOOST_AUTO_TEST_CASE(an_empty_pool_for_the_applicant_with_message_flows_deploys) {
    auto loaded = load("bpmn/applicant-pool.bpmn");
    BOOST_REQUIRE_MESSAGE(loaded.problems.empty(), (loaded.problems.empty() ? "" : loaded.problems[0].message));
    BOOST_TEST(loaded.processes.at(0).key == "supplement-loop");
    BOOST_TEST(loaded.processes[0].node("Event_supplement").messageName == "supplement-received");

    auto refusedWith = [](const std::string& from, const std::string& to) {
        return loadText(fixtureWith("bpmn/applicant-pool.bpmn", from, to)).problems;
    };
    // Two pools that each hold a process would be two processes talking.
    auto two = refusedWith("name=\"Sökande organisation\"", "name=\"Sökande organisation\" processRef=\"other\"");
    BOOST_REQUIRE(two.size() == 1u);
    BOOST_TEST(two[0].path == "collaboration id=\"Collaboration_supplement\"");
    BOOST_TEST(two[0].message.find("several pools hold a process") != std::string::npos);
    // A message flow inside the process has no sender outside it.
    auto inside = refusedWith("sourceRef=\"Participant_applicant\" targetRef=\"Event_supplement\"",
                              "sourceRef=\"Activity_check\" targetRef=\"Event_supplement\"");
    BOOST_REQUIRE(inside.size() == 1u);
    BOOST_TEST(inside[0].path == "messageFlow id=\"Flow_supplement\"");
}

// Data objects, data stores and the lines to them only show where the case document
// goes; a line that copies data (an assignment) means something, and is refused.
BOOST_AUTO_TEST_CASE(documents_and_registers_drawn_beside_the_flow_deploy) {
    auto loaded = load("bpmn/drawn-data.bpmn");
    for (const auto& p : loaded.problems) BOOST_ERROR(p.line << ": " << p.path << ": " << p.message);
    BOOST_REQUIRE(loaded.processes.size() == 1u);
    BOOST_TEST(loaded.processes[0].nodes.size() == 3u);  // start, review, end: the drawings are no steps
    const std::string target = "<bpmn:targetRef>Property_1</bpmn:targetRef>";
    auto refused = loadText(fixtureWith("bpmn/drawn-data.bpmn", target,
                                        target + "<bpmn:assignment><bpmn:from>a</bpmn:from><bpmn:to>b</bpmn:to></bpmn:assignment>"));
    BOOST_REQUIRE(refused.problems.size() == 1u);
    BOOST_TEST(refused.problems[0].code == "unsupported-element");
    BOOST_TEST(refused.problems[0].line == 9);
}

BOOST_AUTO_TEST_CASE(broken_graphs_are_refused) {
    expectRefusal("unreachable-task.bpmn", "unreachable", "userTask id=\"orphan\"", 6);
    expectRefusal("dead-end.bpmn", "dead-end", "userTask id=\"loop1\"", 6);
    expectRefusal("flow-to-nowhere.bpmn", "flow-to-nowhere", "sequenceFlow id=\"f2\"", 8);
    expectRefusal("gateway-without-default.bpmn", "no-way-out", "exclusiveGateway id=\"choose\"", 8);
    expectRefusal("two-processes-one-id.bpmn", "duplicate-id", "process id=\"p\"", 9);
}

// Deploy plays the process as a token game over every choice: a join that a case
// can reach along one flow while nothing will come along another is refused.
BOOST_AUTO_TEST_CASE(a_join_where_a_case_can_wait_for_ever_is_refused) {
    expectRefusal("join-after-choice.bpmn", "join-waits-for-ever", "parallelGateway id=\"join\"", 9);
    expectRefusal("join-after-timer.bpmn", "join-waits-for-ever", "parallelGateway id=\"join\"", 10);
    auto loaded = load("bpmn/refused/join-after-timer.bpmn");
    BOOST_TEST(loaded.problems[0].message.find("along 'f_done' while nothing can come along 'f_late'") !=
                   std::string::npos,
               loaded.problems[0].message);
    // Fork and join of the same branches, inclusive ones included, pass (the shipped
    // workflows, tested above, have both).
    for (const char* file : {"bpmn/runnable/parallel.bpmn", "bpmn/runnable/inclusive.bpmn",
                             "bpmn/runnable/inclusive-unconditional.bpmn", "bpmn/runnable/terminate.bpmn"}) {
        auto passed = load(file);
        for (const auto& p : passed.problems) BOOST_ERROR(file << ":" << p.line << ": " << p.message);
    }
}

// Ten parallel branches, each a task with an interrupting timer and a choice, have
// more combinations than the token game plays through: the deploy goes ahead and
// says that its joins were not checked, rather than pass them in silence.
BOOST_AUTO_TEST_CASE(a_process_too_wide_to_play_through_deploys_with_a_note) {
    std::string bpmn = "<?xml version=\"1.0\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
                       "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" id=\"d\" targetNamespace=\"urn:test\">\n"
                       "<process id=\"wide\" isExecutable=\"true\"><startEvent id=\"s\"/><parallelGateway id=\"fork\"/>"
                       "<parallelGateway id=\"join\"/><endEvent id=\"e\"/><sequenceFlow id=\"f0\" sourceRef=\"s\" "
                       "targetRef=\"fork\"/><sequenceFlow id=\"fe\" sourceRef=\"join\" targetRef=\"e\"/>\n";
    for (int i = 0; i < 10; ++i) {
        const std::string n = std::to_string(i);
        bpmn += "<userTask id=\"t" + n + "\" camunda:candidateGroups=\"handlaggare\"/><boundaryEvent id=\"b" + n +
                "\" attachedToRef=\"t" + n + "\"><timerEventDefinition><timeDuration>P10D</timeDuration>"
                "</timerEventDefinition></boundaryEvent><exclusiveGateway id=\"m" + n + "\"/>"
                "<sequenceFlow id=\"a" + n + "\" sourceRef=\"fork\" targetRef=\"t" + n + "\"/>"
                "<sequenceFlow id=\"d" + n + "\" sourceRef=\"t" + n + "\" targetRef=\"m" + n + "\"/>"
                "<sequenceFlow id=\"l" + n + "\" sourceRef=\"b" + n + "\" targetRef=\"m" + n + "\"/>"
                "<sequenceFlow id=\"j" + n + "\" sourceRef=\"m" + n + "\" targetRef=\"join\"/>\n";
    }
    bpmn += "</process></definitions>";
    LoaderSettings settings;
    auto loaded = BpmnLoader(settings).load(bpmn);
    BOOST_TEST(loaded.problems.empty());
    BOOST_REQUIRE(loaded.notes.size() == 1u);
    BOOST_TEST(loaded.notes[0].code == "joins-unchecked");
    BOOST_TEST(loaded.notes[0].path == "process id=\"wide\"");
}

// Round merge -> recount -> big -> merge nothing waits: a case whose amount is small
// would go round for ever inside one transaction.
BOOST_AUTO_TEST_CASE(a_loop_in_which_nothing_waits_is_refused_naming_its_elements) {
    expectRefusal("loop-without-wait.bpmn", "loop-without-wait", "exclusiveGateway id=\"merge\"", 6);
    auto loaded = load("bpmn/refused/loop-without-wait.bpmn");
    BOOST_REQUIRE(loaded.problems.size() == 1u);
    BOOST_TEST(loaded.problems[0].message.find("'merge', 'recount', 'big'") != std::string::npos,
               loaded.problems[0].message);
    // The same loop through a user task waits there: the shipped supplement loop is one.
    const std::string waits =
        fixtureWith("bpmn/refused/loop-without-wait.bpmn", "<bpmn:manualTask id=\"recount\" name=\"Count again\" />",
                    "<bpmn:userTask id=\"recount\" name=\"Count again\" camunda:candidateGroups=\"handlaggare\" />");
    LoaderSettings settings;
    settings.outcomeSchemaDirectory = test::sourcePath("schemas/outcomes");
    auto accepted = BpmnLoader(settings).load(waits);
    for (const auto& p : accepted.problems) BOOST_ERROR(p.line << ": " << p.path << ": " << p.message);
}

BOOST_AUTO_TEST_CASE(conditions_must_be_xpath_1) {
    expectRefusal("juel-condition.bpmn", "unsupported-language", "sequenceFlow id=\"f_juel\"", 10);
    expectRefusal("bad-xpath.bpmn", "bad-condition", "sequenceFlow id=\"f_bad\"", 9);
    expectRefusal("undeclared-prefix.bpmn", "bad-condition", "sequenceFlow id=\"f_prefix\"", 9);
    // Each says what is wrong, not only which expression: libxml2 gives a code and no text.
    auto messageFor = [](const std::string& file) { return load("bpmn/refused/" + file).problems.at(0).message; };
    BOOST_TEST(messageFor("undeclared-prefix.bpmn").find("prefix that is not declared") != std::string::npos,
               messageFor("undeclared-prefix.bpmn"));
    BOOST_TEST(messageFor("bad-xpath.bpmn").find("(at character ") != std::string::npos, messageFor("bad-xpath.bpmn"));
}

// XPath takes a string as true when it is not empty and a number when it is not 0:
// 'false' would always choose its flow. A condition must compare, or test for a node.
BOOST_AUTO_TEST_CASE(a_condition_that_gives_a_string_or_a_number_is_refused) {
    expectRefusal("string-condition.bpmn", "bad-condition", "sequenceFlow id=\"f_string\"", 10);
    expectRefusal("number-condition.bpmn", "bad-condition", "sequenceFlow id=\"f_number\"", 10);
    BOOST_TEST(load("bpmn/refused/string-condition.bpmn").problems[0].message.find("gives a string") !=
               std::string::npos);
    BOOST_TEST(load("bpmn/refused/number-condition.bpmn").problems[0].message.find("gives a number") !=
               std::string::npos);
    // The same place with a comparison, or a bare path (true when the node is there), deploys.
    for (const char* condition : {"count(case:review) &gt; 0", "case:review"}) {
        auto loaded = loadText(fixtureWith("bpmn/refused/number-condition.bpmn", ">count(case:review)<",
                                           std::string(">") + condition + "<"));
        for (const auto& p : loaded.problems) BOOST_ERROR(condition << ": " << p.line << ": " << p.message);
        BOOST_TEST(loaded.processes.size() == 1u, condition);
    }
    // A definition stored before deploy refused these still loads: its cases go on.
    LoaderSettings stored;
    stored.checkReferences = false;
    auto loaded = BpmnLoader(stored).load(test::readFile(test::dataPath("bpmn/refused/string-condition.bpmn")));
    BOOST_TEST(loaded.problems.empty());
    BOOST_TEST(loaded.processes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(settings_that_cannot_work_are_refused) {
    expectRefusal("bad-timer.bpmn", "bad-timer", "intermediateCatchEvent id=\"wait\"", 7);
    expectRefusal("bad-timer-expression.bpmn", "bad-timer", "intermediateCatchEvent id=\"wait\"", 7);
    expectRefusal("nobody-may-do-it.bpmn", "no-performer", "userTask id=\"lonely\"", 5);
    expectRefusal("unknown-plugin.bpmn", "unknown-plugin", "serviceTask id=\"fax\"", 5);
    expectRefusal("unknown-form.bpmn", "unknown-form", "userTask id=\"a\"", 5);
}

BOOST_AUTO_TEST_CASE(a_doctype_is_refused_before_anything_is_read) {
    auto loaded = load("bpmn/refused/doctype.bpmn");
    BOOST_TEST(loaded.processes.empty());
    BOOST_REQUIRE(!loaded.problems.empty());
    BOOST_TEST(loaded.problems[0].line == 2);
}

BOOST_AUTO_TEST_CASE(garbage_is_refused_without_a_crash) {
    LoaderSettings settings;
    for (const char* bytes : {"", "not xml", "<definitions/>", "<a xmlns='http://www.omg.org/spec/BPMN/20100524/MODEL'/>"}) {
        auto loaded = BpmnLoader(settings).load(bytes);
        BOOST_TEST(loaded.processes.empty(), bytes);
        BOOST_TEST(!loaded.problems.empty(), bytes);
    }
}

BOOST_AUTO_TEST_SUITE_END()
