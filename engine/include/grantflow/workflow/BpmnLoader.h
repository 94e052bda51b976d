// Reads a BPMN 2.0 file (as bpmn.io or Camunda Modeler save it) and either
// returns its executable processes or every reason it cannot be deployed.
//
// Promises:
// - untrusted bytes go through SafeXmlParser (no DTD, no entities, no network);
// - every element, attribute and extension grantflow does not execute faithfully
//   is refused, never skipped, each problem naming the element's id, type and line;
// - a process is refused when a node cannot be reached from the start, when a
//   node has no path to an end (a dead end), when a flow points nowhere, when a
//   gateway has no way out for some case (conditions without a default flow),
//   when a condition is not valid XPath 1.0, when a timer is not valid ISO 8601,
//   when a user task names nobody who may do it, or a service task names an
//   unknown plugin, or a form has no outcome schema;
// - when problems is empty, the processes may be run as they are.
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/workflow/ProcessDefinition.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace grantflow::workflow {

inline constexpr const char* bpmnModelNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL";
inline constexpr const char* camundaNamespace = "http://camunda.org/schema/1.0/bpmn";
// Camunda 7 grew out of Activiti, as Flowable did: all three name a user task's
// performers, deadline and form with the same attributes.
inline constexpr const char* flowableNamespace = "http://flowable.org/bpmn";
inline constexpr const char* activitiNamespace = "http://activiti.org/bpmn";
// Where Flowable's modeler keeps what its screens showed (group names, check boxes).
inline constexpr const char* flowableModelerNamespace = "http://flowable.org/modeler";
inline constexpr const char* zeebeNamespace = "http://camunda.org/schema/zeebe/1.0";
inline constexpr const char* signavioNamespace = "http://www.signavio.com";
inline constexpr const char* grantflowBpmnNamespace = "urn:grantflow:bpmn:1";
inline constexpr const char* caseNamespace = "urn:grantflow:case:1";
inline constexpr const char* applicationNamespace = "urn:grantflow:application:1";

struct LoaderSettings {
    // Folder holding <formKey>.xsd for every form a user task names; empty skips the check.
    std::string outcomeSchemaDirectory;
    // Plugin names a service task may call.
    std::set<std::string> knownPlugins;
    // False when reloading a version that was checked at deploy: plugins and forms
    // installed since then, and the checks added since (loops that never wait, joins
    // that can wait for ever, expressions where roles belong ...), are not made
    // again, so running cases never break.
    bool checkReferences = true;
};

struct LoadedDefinitions {
    std::vector<ProcessDefinition> processes;
    Problems problems;  // empty when every process may be deployed
    Problems notes;     // checks that could not be made; they do not stop the deploy
};

class BpmnLoader {
public:
    explicit BpmnLoader(LoaderSettings settings) : _settings(std::move(settings)) {}

    // Thread-safe.
    LoadedDefinitions load(std::string_view bytes) const;

private:
    LoaderSettings _settings;
};

}  // namespace grantflow::workflow
