#include <grantflow/workflow/BpmnLoader.h>

#include <grantflow/SafeXmlParser.h>
#include <grantflow/workflow/IsoTime.h>

#include "BpmnChecker.h"
#include "FlowGraph.h"
#include "XPathEvaluator.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <libxml/parser.h>

#include <set>

namespace grantflow::workflow {

const char* kindName(NodeKind kind) {
    switch (kind) {
        case NodeKind::startEvent: return "startEvent";
        case NodeKind::endEvent: return "endEvent";
        case NodeKind::terminateEndEvent: return "endEvent (terminate)";
        case NodeKind::userTask: return "userTask";
        case NodeKind::serviceTask: return "serviceTask";
        case NodeKind::passThroughTask: return "task";
        case NodeKind::noneThrowEvent: return "intermediateThrowEvent";
        case NodeKind::exclusiveGateway: return "exclusiveGateway";
        case NodeKind::parallelGateway: return "parallelGateway";
        case NodeKind::inclusiveGateway: return "inclusiveGateway";
        case NodeKind::eventBasedGateway: return "eventBasedGateway";
        case NodeKind::timerCatchEvent: return "intermediateCatchEvent (timer)";
        case NodeKind::messageCatchEvent: return "intermediateCatchEvent (message)";
        case NodeKind::boundaryTimerEvent: return "boundaryEvent (timer)";
        case NodeKind::boundaryMessageEvent: return "boundaryEvent (message)";
    }
    return "?";
}

namespace loading {

namespace {

// Why a due date or timer date cannot be read, for a refusal: `otherwise` unless it
// is a time without a zone, which could be UTC or Swedish time; grantflow does not guess.
std::string unreadableInstant(const std::string& text, const std::string& what, const std::string& otherwise) {
    if (text.find('T') != std::string::npos && parseIsoInstant(text + "Z"))
        return what + " '" + text + "' has no time zone: add Z for UTC, or the offset, e.g. " + text +
               "+01:00 for Swedish winter time";
    return what + " '" + text + "' " + otherwise;
}

// The parts of a collaboration that say more than who sends what to whom.
const std::set<std::string> conversationParts = {"conversation", "subConversation", "callConversation",
                                                 "conversationLink", "conversationAssociation", "correlationKey"};

// BPMN's own name for XPath, and the names other modelers write for it: Signavio
// exports the first of the two W3C addresses.
const std::set<std::string> xpathLanguages = {"http://www.w3.org/1999/XPath", "http://www.w3.org/TR/XPath",
                                              "http://www.w3.org/TR/1999/REC-xpath-19991116", "xpath", "XPath"};

// What to draw instead of an element grantflow does not execute, where there is a
// plain way to say the same with what it does.
std::string insteadOf(const std::string& element) {
    static const std::map<std::string, std::string> instead = {
        {"receiveTask", "an intermediate catch event with the message"},
        {"sendTask", "a service task whose plugin sends it (grantflow:plugin)"},
        {"scriptTask", "a service task calling a plugin (grantflow:plugin)"},
        {"businessRuleTask", "an exclusive gateway whose conditions are the rules, in XPath"},
        {"subProcess", "its steps in the process itself"},
        {"callActivity", "the called process's steps in this one"},
    };
    auto found = instead.find(element);
    return found == instead.end() ? "" : ": draw " + found->second + " instead";
}

// Documents and registers drawn beside the flow (a data object "Ansökan", a data store
// "Diariet"): the case document is the data, and these only show where it goes.
const std::set<std::string> drawnData = {"dataObject", "dataObjectReference", "dataStoreReference"};

// The line from a task to such a drawing, and the placeholder property modelers add
// for it. One that copies data (assignment, transformation) means something, and is
// refused as any other unsupported child.
bool isDrawnDataLink(Element c) {
    const std::string name = nameOf(c);
    if (name == "property") return childElements(c).empty();
    if (name != "dataInputAssociation" && name != "dataOutputAssociation") return false;
    for (Element part : childElements(c)) {
        const std::string partName = nameOf(part);
        if (!isBpmn(part) || (partName != "sourceRef" && partName != "targetRef")) return false;
    }
    return true;
}

}  // namespace

void Checker::definitions(Element root, std::vector<ProcessDefinition>& out) {
    if (!isBpmn(root) || nameOf(root) != "definitions") {
        refuse("not-bpmn", nameOf(root), "", xmlGetLineNo(root),
               "the document is not BPMN 2.0: its root must be <definitions> in " + std::string(bpmnModelNamespace));
        return;
    }
    _expressionLanguage = attribute(root, "expressionLanguage");
    if (!_expressionLanguage.empty() && !xpathLanguages.count(_expressionLanguage))
        refuse("unsupported-language", root,
               "expressionLanguage '" + _expressionLanguage + "' is not supported; grantflow evaluates XPath 1.0");
    _namespaces = {{"app", applicationNamespace}, {"case", caseNamespace}};
    for (xmlNsPtr ns = root->nsDef; ns; ns = ns->next)
        if (ns->prefix && ns->href)
            _namespaces[reinterpret_cast<const char*>(ns->prefix)] = reinterpret_cast<const char*>(ns->href);

    // Messages first: events refer to them wherever they are declared.
    for (Element c : childElements(root))
        if (isBpmn(c) && nameOf(c) == "message") {
            std::string id = attribute(c, "id"), name = attribute(c, "name");
            if (deploying() && isExpression(name))
                refuse("unsupported-language", c,
                       "the message name '" + name + "' is an expression (JUEL or FEEL): name the message itself");
            _messages[id] = name.empty() ? id : name;
        }

    for (Element c : childElements(root)) {
        std::string ns = namespaceOf(c), name = nameOf(c);
        if (ns == "http://www.omg.org/spec/BPMN/20100524/DI") continue;  // the diagram: kept, not executed
        if (!isBpmn(c)) {
            refuse("unsupported-element", c, "element {" + ns + "}" + name + " is not supported");
            continue;
        }
        if (name == "message" || name == "documentation") continue;
        if (name == "extensionElements") {
            extensionElements(c, root, nullptr);
            continue;
        }
        if (name == "collaboration") {
            collaboration(c);
            continue;
        }
        if (name == "process") {
            ProcessDefinition p;
            p.namespaces = _namespaces;
            process(c, p);
            out.push_back(std::move(p));
            continue;
        }
        refuse("unsupported-element", c, "this BPMN element is not supported by grantflow");
    }
    if (out.empty() && _problems.empty())
        refuse("no-process", root, "the file holds no <process> to deploy");
}

// Pools: the process's own (Camunda Modeler and bpmn.io put lanes inside one), and
// empty ones for the outside world, the applicant say, with message flows to and
// from them. Those flows only show where a message comes from or goes to: grantflow
// takes messages through `grantflow message` and the API, and a catch event waits for
// its messageRef. So they are kept, not executed. Two pools that each hold a process
// would be two processes talking, which grantflow does not run.
void Checker::collaboration(Element e) {
    std::set<std::string> outside;
    std::vector<std::string> pools;
    std::vector<Element> flows;
    for (Element c : childElements(e)) {
        const std::string name = nameOf(c);
        if (!isBpmn(c)) {
            refuse("unsupported-element", c, "element {" + namespaceOf(c) + "}" + name + " is not supported");
        } else if (conversationParts.count(name)) {
            refuse("unsupported-element", c, "conversations are not supported: draw message flows between pools");
        } else if (name == "participant") {
            if (attribute(c, "processRef").empty())
                outside.insert(attribute(c, "id"));
            else
                pools.push_back(attribute(c, "id"));
        } else if (name == "messageFlow") {
            flows.push_back(c);
        }
    }
    if (pools.size() > 1) {
        std::string which;
        for (const auto& pool : pools) which += (which.empty() ? "'" : ", '") + pool + "'";
        refuse("unsupported-element", e,
               "several pools hold a process (" + which + "): deploy each process from a file of its own; "
               "empty pools for the outside world may stay");
        return;
    }
    for (Element flow : flows)
        if (!outside.count(attribute(flow, "sourceRef")) && !outside.count(attribute(flow, "targetRef")))
            refuse("unsupported-element", flow,
                   "a message flow joins two parts of the process itself; messages come from the outside "
                   "world: draw it from or to an empty pool");
}

void Checker::process(Element e, ProcessDefinition& p) {
    _processLine = xmlGetLineNo(e);
    p.key = attribute(e, "id");
    p.name = attribute(e, "name");
    if (p.key.empty()) refuse("missing-id", e, "the process has no id; the id is the key versions are kept under");
    // Two processes under one key in a file: the second was once taken as the first,
    // unchanged, and never deployed. A file stored before this was asked still loads.
    if (deploying() && !p.key.empty() && !_ids.insert(p.key).second)
        refuse("duplicate-id", e, "the id '" + p.key + "' is used twice: each process needs an id of its own, "
                                  "the key its versions are kept under");
    if (attribute(e, "isExecutable") == "false")
        refuse("not-executable", e, "isExecutable is false; mark the process executable to deploy it");
    foreignAttributes(e, nullptr);
    for (Element c : childElements(e)) {
        if (!isBpmn(c)) {
            refuse("unsupported-element", c, "element {" + namespaceOf(c) + "}" + nameOf(c) + " is not supported");
            continue;
        }
        std::string name = nameOf(c);
        std::string id = attribute(c, "id");
        if (!id.empty() && !_ids.insert(id).second) refuse("duplicate-id", c, "the id '" + id + "' is used twice");
        if (name == "sequenceFlow")
            sequenceFlow(c, p);
        else if (name == "extensionElements")
            extensionElements(c, e, nullptr);
        else if (name == "documentation" || name == "laneSet" || name == "textAnnotation" || name == "association" ||
                 name == "group" || drawnData.count(name))
            continue;  // lanes and artifacts have no execution semantics
        else
            flowNode(c, p);
    }
    // An unsupported element no flow touches is refused once: as a stand-in it would
    // also be reported unreachable and a dead end.
    for (const auto& id : _standIns) {
        bool touched = false;
        for (const auto& [flowId, f] : p.flows) touched = touched || f.source == id || f.target == id;
        if (!touched) p.nodes.erase(id);
    }
    _standIns.clear();
    linkFlowGraph(p, _processLine, deploying(), _problems, _notes);
}

void Checker::flowNode(Element e, ProcessDefinition& p) {
    static const std::map<std::string, NodeKind> kinds = {
        {"startEvent", NodeKind::startEvent},
        {"endEvent", NodeKind::endEvent},
        {"userTask", NodeKind::userTask},
        {"serviceTask", NodeKind::serviceTask},
        {"task", NodeKind::passThroughTask},
        {"manualTask", NodeKind::passThroughTask},
        {"intermediateThrowEvent", NodeKind::noneThrowEvent},
        {"exclusiveGateway", NodeKind::exclusiveGateway},
        {"parallelGateway", NodeKind::parallelGateway},
        {"inclusiveGateway", NodeKind::inclusiveGateway},
        {"eventBasedGateway", NodeKind::eventBasedGateway},
        {"intermediateCatchEvent", NodeKind::timerCatchEvent},
        {"boundaryEvent", NodeKind::boundaryTimerEvent},
    };
    std::string type = nameOf(e);
    auto kind = kinds.find(type);
    if (kind == kinds.end()) {
        refuse("unsupported-element", e, "this BPMN element is not supported by grantflow" + insteadOf(type));
        // A stand-in keeps the flows to and from it from being reported as well.
        FlowNode standIn;
        standIn.id = attribute(e, "id");
        standIn.line = xmlGetLineNo(e);
        if (!standIn.id.empty()) {
            p.nodes[standIn.id] = standIn;
            _standIns.insert(standIn.id);
        }
        return;
    }
    FlowNode n;
    n.id = attribute(e, "id");
    n.name = attribute(e, "name");
    n.kind = kind->second;
    n.line = xmlGetLineNo(e);
    if (n.id.empty()) {
        refuse("missing-id", e, "the element has no id");
        return;
    }
    n.defaultFlow = attribute(e, "default");
    foreignAttributes(e, &n);
    // BPMN's own attributes that change what an activity does, which grantflow does not.
    if (deploying() && attribute(e, "isForCompensation") == "true")
        refuse("unsupported-attribute", e, "compensation is not supported (isForCompensation)");
    for (const char* quantity : {"startQuantity", "completionQuantity"}) {
        const std::string value = attribute(e, quantity);
        if (deploying() && !value.empty() && value != "1")
            refuse("unsupported-attribute", e, std::string(quantity) + " other than 1 is not supported");
    }

    std::vector<Element> definitions;
    for (Element c : childElements(e)) {
        std::string name = nameOf(c);
        if (!isBpmn(c)) {
            refuse("unsupported-element", type, n.id, xmlGetLineNo(c),
                   "child element {" + namespaceOf(c) + "}" + name + " is not supported");
        } else if (name == "incoming" || name == "outgoing" || name == "documentation") {
            continue;  // sourceRef and targetRef of the flows are what counts
        } else if (isDrawnDataLink(c)) {
            continue;
        } else if (name == "extensionElements") {
            extensionElements(c, e, &n);
        } else if (name == "potentialOwner" && n.kind == NodeKind::userTask) {
            potentialOwner(c, n);
        } else if (name == "humanPerformer" && n.kind == NodeKind::userTask) {
            humanPerformer(c, n);
        } else if (name.size() > 15 && name.compare(name.size() - 15, 15, "EventDefinition") == 0) {
            definitions.push_back(c);
        } else {
            std::string why = name.find("LoopCharacteristics") != std::string::npos
                                  ? "multi-instance and loops are not supported"
                                  : "child element " + name + " is not supported";
            refuse("unsupported-element", type, n.id, xmlGetLineNo(c), why);
        }
    }

    eventDefinitions(e, definitions, n);
    if (n.kind == NodeKind::userTask) userTaskSettings(n);
    if (n.kind == NodeKind::serviceTask) serviceTaskSettings(n);
    p.nodes[n.id] = std::move(n);
}

// The event definitions of an event (timer, message, terminate) set what kind of
// event it is; any other definition, or one on an element that takes none, is refused.
void Checker::eventDefinitions(Element e, const std::vector<Element>& definitions, FlowNode& n) {
    const std::string type = nameOf(e);
    auto onlyDefinition = [&](const char* allowed) -> Element {
        if (definitions.size() > 1) {
            refuse("unsupported-element", type, n.id, n.line, "an event with several event definitions is not supported");
            return nullptr;
        }
        if (definitions.empty()) return nullptr;
        std::string name = nameOf(definitions[0]);
        if (allowed && name.rfind(allowed, 0) == 0) return definitions[0];
        refuse("unsupported-element", type, n.id, xmlGetLineNo(definitions[0]),
               name + " is not supported on " + type);
        return nullptr;
    };

    switch (n.kind) {
        case NodeKind::startEvent:
            if (!definitions.empty())
                refuse("unsupported-element", type, n.id, n.line,
                       "only a plain start event is supported (the case's registration starts the process)");
            break;
        case NodeKind::endEvent:
            if (!definitions.empty()) {
                if (onlyDefinition("terminate")) n.kind = NodeKind::terminateEndEvent;
            }
            break;
        case NodeKind::timerCatchEvent: {
            if (definitions.empty()) {
                refuse("unsupported-element", type, n.id, n.line, "an intermediate catch event needs a timer or a message");
                break;
            }
            if (definitions.size() > 1) {
                refuse("unsupported-element", type, n.id, n.line, "an event with several event definitions is not supported");
                break;
            }
            Element def = definitions[0];
            std::string defName = nameOf(def);
            if (defName == "timerEventDefinition") {
                if (timerDefinition(def, e, n.timer) && deploying() && n.timer.form == TimerSpec::Form::cycle)
                    refuse("bad-timer", type, n.id, xmlGetLineNo(def),
                           "an intermediate timer fires once: a repeating timer (timeCycle) is supported on "
                           "boundary events only");
            } else if (defName == "messageEventDefinition") {
                n.kind = NodeKind::messageCatchEvent;
                n.messageName = messageNamed(def, e);
            } else {
                refuse("unsupported-element", type, n.id, xmlGetLineNo(def), defName + " is not supported");
            }
            break;
        }
        case NodeKind::boundaryTimerEvent: {
            n.attachedTo = attribute(e, "attachedToRef");
            n.cancelActivity = attribute(e, "cancelActivity") != "false";
            if (definitions.size() == 1 && nameOf(definitions[0]) == "messageEventDefinition") {
                n.kind = NodeKind::boundaryMessageEvent;
                n.messageName = messageNamed(definitions[0], e);
                break;
            }
            Element def = onlyDefinition("timer");
            if (definitions.empty())
                refuse("unsupported-element", type, n.id, n.line, "a boundary event needs a timer or a message");
            if (def) timerDefinition(def, e, n.timer);
            break;
        }
        case NodeKind::noneThrowEvent:
            if (!definitions.empty())
                refuse("unsupported-element", type, n.id, xmlGetLineNo(definitions[0]),
                       "a throw event with " + nameOf(definitions[0]) +
                           " sends something, which grantflow does not; a plain one (a milestone) passes at once");
            break;
        default:
            if (!definitions.empty())
                refuse("unsupported-element", type, n.id, xmlGetLineNo(definitions[0]),
                       nameOf(definitions[0]) + " is not allowed here");
    }
}

// Who may do a user task, its form and its due date.
void Checker::userTaskSettings(const FlowNode& n) {
    std::vector<std::string> performers = n.candidateRoles;
    performers.insert(performers.end(), n.candidateUsers.begin(), n.candidateUsers.end());
    if (!n.assignee.empty()) performers.push_back(n.assignee);
    for (const auto& performer : performers)
        if (deploying() && isExpression(performer))
            refuse("unsupported-language", n,
                   "'" + performer + "' is an expression (JUEL or FEEL), which grantflow does not evaluate: "
                   "name the roles and users themselves");
    if (n.candidateRoles.empty() && n.candidateUsers.empty() && n.assignee.empty())
        refuse("no-performer", n,
               "nobody may do this task: give camunda:candidateGroups (roles), camunda:candidateUsers or "
               "camunda:assignee");
    if (!n.formKey.empty() && _settings.checkReferences && !_settings.outcomeSchemaDirectory.empty()) {
        Poco::Path schema(_settings.outcomeSchemaDirectory, n.formKey + ".xsd");
        if (n.formKey.find('/') != std::string::npos || n.formKey.find("..") != std::string::npos ||
            !Poco::File(schema).exists())
            refuse("unknown-form", n, "form '" + n.formKey + "' has no outcome schema " + schema.toString());
    }
    if (!n.dueDate.empty() && !IsoDuration::parse(n.dueDate) && !parseIsoInstant(n.dueDate))
        refuse("bad-due-date", n,
               unreadableInstant(n.dueDate, "due date", "is neither an ISO 8601 duration (P10D) nor a date (2026-12-01)"));
    if (n.dueInWorkingDays && !n.dueDate.empty()) {
        auto d = IsoDuration::parse(n.dueDate);
        if (!d || !d->daysOnly())
            refuse("bad-due-date", n, "a due date in working days must be whole days or weeks, e.g. P10D");
    }
}

// The plugin a service task calls.
void Checker::serviceTaskSettings(const FlowNode& n) {
    if (n.plugin.empty())
        refuse("no-plugin", n,
               "the service task calls nothing: set grantflow:plugin, or camunda:type=\"external\" with "
               "camunda:topic");
    else if (_settings.checkReferences && !_settings.knownPlugins.count(n.plugin))
        refuse("unknown-plugin", n, "no plugin named '" + n.plugin + "' is installed");
}

std::string Checker::messageNamed(Element def, Element owner) {
    std::string ref = attribute(def, "messageRef");
    auto m = _messages.find(ref);
    if (!ref.empty() && m != _messages.end()) return m->second;
    refuse("unknown-reference", nameOf(owner), attribute(owner, "id"), xmlGetLineNo(def),
           "the message event refers to no declared <message> (messageRef '" + ref + "')");
    return {};
}

bool Checker::timerDefinition(Element def, Element owner, TimerSpec& timer) {
    std::string type = nameOf(owner), id = attribute(owner, "id");
    std::string calendar = attribute(def, "calendar", grantflowBpmnNamespace);
    if (calendar.empty()) calendar = attribute(owner, "calendar", grantflowBpmnNamespace);
    if (!calendar.empty() && calendar != "working-days" && calendar != "calendar-days") {
        refuse("bad-timer", type, id, xmlGetLineNo(def), "grantflow:calendar must be working-days or calendar-days");
        return false;
    }
    timer.workingDays = calendar == "working-days";
    std::vector<Element> parts = childElements(def);
    if (parts.size() != 1 || !isBpmn(parts[0])) {
        refuse("bad-timer", type, id, xmlGetLineNo(def), "a timer needs exactly one of timeDuration, timeDate, timeCycle");
        return false;
    }
    std::string form = nameOf(parts[0]);
    timer.text = Poco::trim(std::string(textOf(parts[0])));
    int line = xmlGetLineNo(parts[0]);
    std::string after = attribute(def, "after", grantflowBpmnNamespace);
    if (!after.empty()) {
        timer.after = IsoDuration::parse(after);
        if (!timer.after || form != "timeDate") {
            refuse("bad-timer", type, id, xmlGetLineNo(def),
                   "grantflow:after must be an ISO 8601 duration and goes with a timeDate");
            return false;
        }
        if (timer.workingDays && !timer.after->daysOnly()) {
            refuse("bad-timer", type, id, xmlGetLineNo(def), "a timer in working days must be whole days or weeks");
            return false;
        }
    }
    std::string expression = attribute(def, "expression", grantflowBpmnNamespace);
    if (!expression.empty()) {
        if (expression != "xpath" || form == "timeCycle") {
            refuse("bad-timer", type, id, xmlGetLineNo(def),
                   "grantflow:expression may only be \"xpath\", on a timeDate or timeDuration");
            return false;
        }
        timer.expression = true;
        timer.form = form == "timeDate" ? TimerSpec::Form::date : TimerSpec::Form::duration;
        SafeXmlParser parser;
        ParseResult probe = parser.parse("<case xmlns=\"urn:grantflow:case:1\"/>");
        std::string why = probe.document.empty() ? "" : XPathEvaluator(probe.document, _namespaces).check(timer.text);
        if (!why.empty()) {
            refuse("bad-timer", type, id, line, "'" + timer.text + "' is not usable XPath 1.0 (" + why + ")");
            return false;
        }
        return true;
    }
    if (form == "timeDuration") {
        timer.form = TimerSpec::Form::duration;
        auto d = IsoDuration::parse(timer.text);
        if (!d) {
            refuse("bad-timer", type, id, line, "'" + timer.text + "' is not an ISO 8601 duration such as P14D or PT2H");
            return false;
        }
        timer.duration = *d;
    } else if (form == "timeDate") {
        timer.form = TimerSpec::Form::date;
        auto at = parseIsoInstant(timer.text);
        if (!at) {
            refuse("bad-timer", type, id, line, unreadableInstant(timer.text, "timeDate", "is not an ISO 8601 date such as 2026-12-01 or 2026-12-01T09:00:00Z"));
            return false;
        }
        timer.date = *at;
    } else if (form == "timeCycle") {
        timer.form = TimerSpec::Form::cycle;
        auto c = IsoCycle::parse(timer.text);
        if (!c) {
            refuse("bad-timer", type, id, line, "'" + timer.text + "' is not an ISO 8601 repetition such as R3/P1D");
            return false;
        }
        timer.duration = c->interval;
        timer.repetitions = c->repetitions;
    } else {
        refuse("bad-timer", type, id, line, form + " is not a timer setting");
        return false;
    }
    if (timer.workingDays && timer.form != TimerSpec::Form::date && !timer.duration.daysOnly()) {
        refuse("bad-timer", type, id, line, "a timer in working days must be whole days or weeks, e.g. P10D");
        return false;
    }
    return true;
}

void Checker::sequenceFlow(Element e, ProcessDefinition& p) {
    SequenceFlow f;
    f.id = attribute(e, "id");
    f.name = attribute(e, "name");
    f.source = attribute(e, "sourceRef");
    f.target = attribute(e, "targetRef");
    f.line = xmlGetLineNo(e);
    foreignAttributes(e, nullptr);
    for (Element c : childElements(e)) {
        std::string name = nameOf(c);
        if (isBpmn(c) && name == "conditionExpression") {
            std::string language = attribute(c, "language");
            if (language.empty()) language = _expressionLanguage;
            f.condition = Poco::trim(std::string(textOf(c)));
            if (!language.empty() && !xpathLanguages.count(language)) {
                refuse("unsupported-language", "sequenceFlow", f.id, xmlGetLineNo(c),
                       "condition language '" + language + "' is not supported; grantflow evaluates XPath 1.0");
            } else if (f.condition.rfind("${", 0) == 0 || f.condition.rfind("#{", 0) == 0) {
                refuse("unsupported-language", "sequenceFlow", f.id, xmlGetLineNo(c),
                       "condition '" + f.condition + "' is JUEL; grantflow evaluates XPath 1.0 over the case document");
            } else if (!f.condition.empty() && f.condition[0] == '=') {
                refuse("unsupported-language", "sequenceFlow", f.id, xmlGetLineNo(c),
                       "condition '" + f.condition + "' is FEEL (Camunda 8); grantflow evaluates XPath 1.0 over the case document");
            } else if (f.condition.empty()) {
                refuse("bad-condition", "sequenceFlow", f.id, xmlGetLineNo(c), "the condition is empty");
            }
        } else if (isBpmn(c) && name == "documentation") {
            continue;
        } else if (isBpmn(c) && name == "extensionElements") {
            extensionElements(c, e, nullptr);
        } else {
            refuse("unsupported-element", "sequenceFlow", f.id, xmlGetLineNo(c), "child element " + name + " is not supported");
        }
    }
    if (f.id.empty()) refuse("missing-id", e, "the sequence flow has no id");
    else p.flows[f.id] = std::move(f);
}

}  // namespace loading

LoadedDefinitions BpmnLoader::load(std::string_view bytes) const {
    LoadedDefinitions result;
    SafeXmlParser parser;
    ParseResult parsed = parser.parse(bytes);
    if (parsed.document.empty() || !parsed.problems.empty()) {
        result.problems = parsed.problems;
        if (result.problems.empty()) result.problems.push_back({"not-well-formed", "", 0, 0, "the file is not well-formed XML"});
        return result;
    }
    loading::Checker checker(_settings, result.problems, result.notes);
    checker.definitions(parsed.document.root(), result.processes);
    if (!result.problems.empty()) result.processes.clear();
    return result;
}

}  // namespace grantflow::workflow