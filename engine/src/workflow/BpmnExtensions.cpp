// The settings that modelers and engines write in their own namespaces, read as
// grantflow's: Camunda 7 and its family (Flowable, Activiti), Camunda 8 (Zeebe),
// Signavio's editor notes, and BPMN's own performer elements. What one of them would
// run as code, grantflow has no counterpart for, and it is refused by its own name.
#include "BpmnChecker.h"

#include <grantflow/workflow/IsoTime.h>

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <map>
#include <utility>

namespace grantflow::workflow::loading {

namespace {

// Why a form pinned to one of its versions (Camunda 7 or 8) is refused.
const std::string pinnedFormVersion =
    " pins a form version; grantflow's outcome forms have none: leave the binding at latest or deployment";

// What Signavio writes into every element it exports: colours, revision ids, label
// positions. Notes for the editor, with no more meaning for execution than bpmndi.
const std::set<std::string> signavioNotes = {"signavioMetaData", "signavioDiagramMetaData", "signavioLabel"};

// The prefix of an engine of Camunda 7's family ("camunda:", "flowable:",
// "activiti:"), whose attributes are read alike; empty for other namespaces.
std::string camunda7Prefix(const std::string& ns) {
    if (ns == camundaNamespace) return "camunda:";
    if (ns == flowableNamespace) return "flowable:";
    if (ns == activitiNamespace) return "activiti:";
    return "";
}

// Why an engine's extension element has no counterpart here, and what to draw
// instead, for those modelers write most.
std::string whyNot(const std::string& element) {
    const std::string mapping =
        "it maps process variables, and grantflow keeps none: conditions and letters read the case document";
    const std::string listener = "it runs code as the case passes: draw a service task calling a plugin instead";
    static const std::map<std::string, std::string> reasons = {
        {"formData", "a form drawn in the modeler; a task's form here is an outcome schema: name one of "
                     "schemas/outcomes with camunda:formKey"},
        {"inputOutput", mapping},         // Camunda 7
        {"ioMapping", mapping},           // Zeebe
        {"taskListener", "it runs code as the task changes: draw a service task calling a plugin instead"},
        {"executionListener", listener},   // Camunda 7
        {"executionListeners", listener},  // Zeebe
        {"connector", "draw a service task calling a plugin (grantflow:plugin) instead"},
        {"field", "it sets a field of Java code, which grantflow does not run"},
        {"taskHeaders", "a plugin takes no headers: what it needs, it reads from the case document"},
    };
    const auto found = reasons.find(element);
    return found == reasons.end() ? " (listeners, scripts, variable mappings and connectors have no meaning in grantflow)"
                                  : ": " + found->second;
}

}  // namespace

void Checker::foreignAttributes(Element e, FlowNode* n) {
    // Accepted without effect: they steer the engine's own job executor, task list or
    // form engine only (an outcome here is always checked against its schema), or
    // keep the starter in a variable, which nothing here reads.
    static const std::set<std::string> inertCamunda = {
        "asyncBefore", "asyncAfter", "async", "exclusive", "jobPriority", "taskPriority", "priority",
        "followUpDate", "versionTag", "historyTimeToLive", "isStartableInTasklist", "candidateStarterGroups",
        "candidateStarterUsers", "formFieldValidation", "initiator"};
    std::string type = nameOf(e), id = attribute(e, "id");
    for (xmlAttrPtr a = e->properties; a; a = a->next) {
        std::string ns = namespaceOf(a), name = reinterpret_cast<const char*>(a->name);
        std::string value = attribute(e, name.c_str(), ns.empty() ? nullptr : ns.c_str());
        if (const std::string prefix = camunda7Prefix(ns); !prefix.empty()) {
            if (inertCamunda.count(name)) continue;
            if (n && n->kind == NodeKind::userTask) {
                if (name == "candidateGroups") { n->candidateRoles = splitList(value); continue; }
                if (name == "candidateUsers") { n->candidateUsers = splitList(value); continue; }
                if (name == "assignee") { n->assignee = value; continue; }
                if (name == "dueDate") { n->dueDate = value; continue; }
                if (name == "formKey") { n->formKey = value; continue; }
                // A linked Camunda Form (7.19 and later), named as an outcome form here.
                if (name == "formRef") { n->formKey = value; continue; }
                if (name == "formRefVersion") continue;  // read with the binding "version" only
                if (name == "formRefBinding") {
                    if (value == "version")
                        refuse("unsupported-attribute", type, id, xmlGetLineNo(e),
                               prefix + "formRefBinding=\"version\"" + pinnedFormVersion);
                    continue;
                }
            }
            if (n && n->kind == NodeKind::serviceTask) {
                // A job for a worker that fetches by topic, which is what a plugin is here:
                // Camunda's external task, Flowable's external worker; Activiti has none.
                const std::string external = ns == camundaNamespace   ? "external"
                                             : ns == flowableNamespace ? "external-worker"
                                                                       : "";
                if (name == "type") {
                    if (external.empty() || value != external)
                        refuse("unsupported-attribute", type, id, xmlGetLineNo(e),
                               prefix + "type '" + value + "' is not supported; name the plugin with " +
                                   (external.empty() ? "" : prefix + "type=\"" + external + "\" and " + prefix +
                                                                "topic, or with ") +
                                   "grantflow:plugin");
                    continue;
                }
                if (name == "topic") { n->plugin = value; continue; }
            }
            std::string why = (name == "class" || name == "expression" || name == "delegateExpression")
                                  ? prefix + name + " runs Java or JUEL code, which grantflow cannot; use camunda:topic or grantflow:plugin"
                                  : prefix + name + " is not supported here";
            refuse("unsupported-attribute", type, id, xmlGetLineNo(e), why);
        } else if (ns == grantflowBpmnNamespace) {
            if (name == "calendar" && n &&
                (n->kind == NodeKind::timerCatchEvent || n->kind == NodeKind::boundaryTimerEvent)) continue;
            if (n && n->kind == NodeKind::userTask) {
                if (name == "candidateRoles") { n->candidateRoles = splitList(value); continue; }
                if (name == "notSameAs") { n->notSameAs = splitList(value); continue; }
                if (name == "form") { n->formKey = value; continue; }
                if (name == "dueDate") { n->dueDate = value; continue; }
                if (name == "calendar") {
                    if (value != "working-days" && value != "calendar-days")
                        refuse("bad-due-date", type, id, xmlGetLineNo(e), "grantflow:calendar must be working-days or calendar-days");
                    n->dueInWorkingDays = value == "working-days";
                    continue;
                }
            }
            if (n && n->kind == NodeKind::serviceTask) {
                if (name == "plugin") { n->plugin = value; continue; }
                if (name == "retries") {
                    int retries = 0;
                    if (!Poco::NumberParser::tryParse(value, retries) || retries < 1 || retries > 100)
                        refuse("unsupported-attribute", type, id, xmlGetLineNo(e), "grantflow:retries must be 1 to 100");
                    else
                        n->retries = retries;
                    continue;
                }
            }
            refuse("unsupported-attribute", type, id, xmlGetLineNo(e), "grantflow:" + name + " is not known here");
        } else if (ns == zeebeNamespace) {
            refuse("unsupported-attribute", type, id, xmlGetLineNo(e), "zeebe:" + name + " is not supported");
        }
        // Attributes of other namespaces (modeler metadata, colours) carry no execution semantics.
    }
}

void Checker::extensionElements(Element ext, Element owner, FlowNode* n) {
    std::string type = nameOf(owner), id = attribute(owner, "id");
    for (Element c : childElements(ext)) {
        std::string ns = namespaceOf(c), name = nameOf(c);
        int line = xmlGetLineNo(c);
        if ((ns == camundaNamespace || ns == zeebeNamespace) && name == "properties") continue;  // name/value notes
        if (ns == signavioNamespace && signavioNotes.count(name)) continue;
        if (ns == flowableModelerNamespace) continue;
        if (ns == zeebeNamespace && n && n->kind == NodeKind::serviceTask && name == "taskDefinition") {
            n->plugin = attribute(c, "type");
            std::string retries = attribute(c, "retries");
            int r = 0;
            if (!retries.empty() && Poco::NumberParser::tryParse(retries, r) && r >= 1) n->retries = r;
            continue;
        }
        if (ns == zeebeNamespace && n && n->kind == NodeKind::userTask && name == "assignmentDefinition") {
            if (!attribute(c, "candidateGroups").empty()) n->candidateRoles = splitList(attribute(c, "candidateGroups"));
            if (!attribute(c, "candidateUsers").empty()) n->candidateUsers = splitList(attribute(c, "candidateUsers"));
            if (!attribute(c, "assignee").empty()) n->assignee = attribute(c, "assignee");
            continue;
        }
        // Camunda 8.6 and later mark a user task the engine itself keeps (not a job for a
        // worker) with an empty zeebe:userTask: what every grantflow user task is.
        if (ns == zeebeNamespace && n && n->kind == NodeKind::userTask && name == "userTask" &&
            childElements(c).empty())
            continue;
        if (ns == zeebeNamespace && n && n->kind == NodeKind::userTask && name == "formDefinition") {
            zeebeForm(c, *n);
            continue;
        }
        if (ns == zeebeNamespace && n && n->kind == NodeKind::userTask && name == "taskSchedule") {
            zeebeSchedule(c, *n);
            continue;
        }
        if (ns == camundaNamespace && n && n->kind == NodeKind::serviceTask && name == "failedJobRetryTimeCycle") {
            auto cycle = IsoCycle::parse(Poco::trim(std::string(textOf(c))));
            if (cycle && cycle->repetitions >= 1) {
                n->retries = cycle->repetitions;
                continue;
            }
        }
        std::string prefix = ns == zeebeNamespace ? "zeebe:" : camunda7Prefix(ns);
        if (prefix.empty()) prefix = "{" + ns + "}";
        refuse("unsupported-extension", type, id, line, "extension " + prefix + name + " is not supported" + whyNot(name));
    }
}

// BPMN's own way to say who does a task: a potentialOwner or humanPerformer whose
// resourceAssignmentExpression holds one formalExpression; nullptr (refused) otherwise.
Element Checker::performerExpression(Element c, const FlowNode& n) {
    std::vector<Element> parts = childElements(c);
    std::vector<Element> expressions =
        parts.size() == 1 && isBpmn(parts[0]) && nameOf(parts[0]) == "resourceAssignmentExpression"
            ? childElements(parts[0])
            : std::vector<Element>{};
    if (expressions.size() == 1 && isBpmn(expressions[0]) && nameOf(expressions[0]) == "formalExpression")
        return expressions[0];
    refuse("unsupported-element", "userTask", n.id, xmlGetLineNo(c),
           nameOf(c) + " is taken with one resourceAssignmentExpression holding a formalExpression such as "
                       "group(handlaggare), not a resourceRef or parameters");
    return nullptr;
}

namespace {

// "group(handlaggare)" as {"group", "handlaggare"}; {"", item} for a bare name.
std::pair<std::string, std::string> performerKind(const std::string& item) {
    const auto open = item.find('(');
    if (open == std::string::npos || item.empty() || item.back() != ')') return {"", item};
    return {Poco::trim(item.substr(0, open)), Poco::trim(item.substr(open + 1, item.size() - open - 2))};
}

}  // namespace

// Who may do the task, listed as Camunda 7 and Activiti write it:
// "group(handlaggare), user(dora)". A bare name is a group to those engines and a
// user to jBPM, so it is refused, not guessed.
void Checker::potentialOwner(Element c, FlowNode& n) {
    Element expression = performerExpression(c, n);
    if (!expression) return;
    for (const std::string& item : splitList(std::string(textOf(expression)))) {
        const auto [kind, who] = performerKind(item);
        if (kind == "group" && !who.empty()) {
            n.candidateRoles.push_back(who);
        } else if (kind == "user" && !who.empty()) {
            n.candidateUsers.push_back(who);
        } else {
            refuse("unsupported-element", "userTask", n.id, xmlGetLineNo(expression),
                   "potentialOwner '" + item + "' says neither group(...) nor user(...): engines read a bare "
                   "name differently, so write group(" + item + ") for a role or user(" + item + ") for a person");
            n.candidateRoles.push_back(item);  // refused once: not also "nobody may do this task"
        }
    }
}

// The one person who does the task (its assignee): "dora" or "user(dora)".
void Checker::humanPerformer(Element c, FlowNode& n) {
    Element expression = performerExpression(c, n);
    if (!expression) return;
    const auto [kind, who] = performerKind(Poco::trim(std::string(textOf(expression))));
    if (who.empty()) return;  // names nobody: "nobody may do this task" says so
    if ((kind.empty() || kind == "user") && who.find(',') == std::string::npos) {
        n.assignee = who;
        return;
    }
    refuse("unsupported-element", "userTask", n.id, xmlGetLineNo(expression),
           "a humanPerformer is one person, e.g. user(dora); name roles or several people with potentialOwner");
    n.assignee = who;  // refused once: not also "nobody may do this task"
}

// Camunda 8's form of a user task: formId (a linked form, Camunda 8.4 and later) or
// the older formKey, either naming an outcome schema here. An external form's
// address, or a form pinned to a version tag, grantflow has no counterpart for.
void Checker::zeebeForm(Element c, FlowNode& n) {
    const std::string id = attribute(c, "formId"), key = attribute(c, "formKey");
    n.formKey = id.empty() ? key : id;
    if (!attribute(c, "externalReference").empty())
        refuse("unsupported-extension", kindName(n.kind), n.id, xmlGetLineNo(c),
               "zeebe:formDefinition externalReference points at a form elsewhere; name an outcome form of "
               "schemas/outcomes with formId");
    if (attribute(c, "bindingType") == "versionTag")
        refuse("unsupported-extension", kindName(n.kind), n.id, xmlGetLineNo(c),
               "zeebe:formDefinition bindingType=\"versionTag\"" + pinnedFormVersion);
}

// Camunda 8's due date of a user task: an ISO 8601 date and time, as camunda:dueDate
// takes. Its follow-up date only sorts Camunda's task list, as camunda:followUpDate
// does, and is let be.
void Checker::zeebeSchedule(Element c, FlowNode& n) {
    const std::string due = attribute(c, "dueDate");
    if (deploying() && isExpression(due))
        refuse("unsupported-language", kindName(n.kind), n.id, xmlGetLineNo(c),
               "zeebe:taskSchedule dueDate '" + due + "' is FEEL, which grantflow does not evaluate: give a "
               "date, or a duration with grantflow:dueDate");
    else if (!due.empty())
        n.dueDate = due;
}

}  // namespace grantflow::workflow::loading
