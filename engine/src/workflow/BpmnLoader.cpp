#include <grantflow/workflow/BpmnLoader.h>

#include <grantflow/SafeXmlParser.h>

#include "FlowGraph.h"
#include "XPathEvaluator.h"

#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

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

namespace {

using Element = xmlNodePtr;

std::string nameOf(const xmlNode* e) { return reinterpret_cast<const char*>(e->name); }

std::string namespaceOf(const xmlNode* e) {
    return e->ns && e->ns->href ? reinterpret_cast<const char*>(e->ns->href) : "";
}

std::string namespaceOf(const xmlAttr* a) {
    return a->ns && a->ns->href ? reinterpret_cast<const char*>(a->ns->href) : "";
}

bool isBpmn(const xmlNode* e) { return e->type == XML_ELEMENT_NODE && namespaceOf(e) == bpmnModelNamespace; }

// An attribute without namespace (BPMN's own) or in the given namespace; "" when absent.
std::string attribute(const xmlNode* e, const char* name, const char* ns = nullptr) {
    xmlChar* value = ns ? xmlGetNsProp(e, reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(ns))
                        : xmlGetNoNsProp(e, reinterpret_cast<const xmlChar*>(name));
    if (!value) return {};
    std::string result = reinterpret_cast<const char*>(value);
    xmlFree(value);
    return result;
}

std::vector<Element> childElements(const xmlNode* e) {
    std::vector<Element> children;
    for (xmlNodePtr c = e->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) children.push_back(c);
    return children;
}

// ${...} and #{...} are JUEL (Camunda 7), a leading '=' is FEEL (Camunda 8).
bool isExpression(const std::string& text) {
    return text.find("${") != std::string::npos || text.find("#{") != std::string::npos ||
           (!text.empty() && text[0] == '=');
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    Poco::StringTokenizer tokens(text, ", ", Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
    for (const auto& t : tokens) items.push_back(t);
    return items;
}

// Collects problems for one file; every problem names the element as "type id=\"X\"".
class Checker {
public:
    Checker(const LoaderSettings& settings, Problems& problems, Problems& notes)
        : _settings(settings), _problems(problems), _notes(notes) {}

    void definitions(Element root, std::vector<ProcessDefinition>& out);

private:
    // Deploying, not reloading a stored version: the checks added since a version was
    // deployed are made only here, so that its running cases never break.
    bool deploying() const { return _settings.checkReferences; }

    void refuse(const std::string& code, const std::string& type, const std::string& id, int line,
                const std::string& message) {
        Problem p;
        p.code = code;
        p.path = bpmnElementPath(type, id);
        p.line = line;
        p.message = message;
        _problems.push_back(std::move(p));
    }
    void refuse(const std::string& code, Element e, const std::string& message) {
        refuse(code, nameOf(e), attribute(e, "id"), xmlGetLineNo(e), message);
    }
    void refuse(const std::string& code, const FlowNode& n, const std::string& message) {
        refuse(code, kindName(n.kind), n.id, n.line, message);
    }

    void process(Element e, ProcessDefinition& p);
    void flowNode(Element e, ProcessDefinition& p);
    void eventDefinitions(Element e, const std::vector<Element>& definitions, FlowNode& n);
    void userTaskSettings(const FlowNode& n);
    void serviceTaskSettings(const FlowNode& n);
    void sequenceFlow(Element e, ProcessDefinition& p);
    void extensionElements(Element ext, Element owner, FlowNode* node);
    void zeebeForm(Element c, FlowNode& n);
    Element performerExpression(Element c, const FlowNode& n);
    void potentialOwner(Element c, FlowNode& n);
    void humanPerformer(Element c, FlowNode& n);
    void zeebeSchedule(Element c, FlowNode& n);
    void foreignAttributes(Element e, FlowNode* node);
    bool timerDefinition(Element def, Element owner, TimerSpec& timer);
    // The name of the declared <message> a messageEventDefinition refers to.
    std::string messageNamed(Element def, Element owner);

    const LoaderSettings& _settings;
    Problems& _problems;
    Problems& _notes;  // what deploy could not check, said without refusing
    std::map<std::string, std::string> _messages;  // message id -> name
    std::string _expressionLanguage;
    std::set<std::string> _ids;
    std::set<std::string> _standIns;  // unsupported elements of the process being checked
    std::map<std::string, std::string> _namespaces;
    int _processLine = 0;  // of the <process> being checked
};

// A collaboration that is only a pool drawn around one process (Camunda Modeler
// and bpmn.io put lanes inside one): one participant, no message flows.
bool isOnePool(Element collaboration) {
    int participants = 0;
    for (Element c : childElements(collaboration)) {
        const std::string name = nameOf(c);
        if (!isBpmn(c) || name == "messageFlow" || name == "conversation" || name == "choreography") return false;
        if (name == "participant") ++participants;
    }
    return participants == 1;
}

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

// Why a form pinned to one of its versions (Camunda 7 or 8) is refused.
const std::string pinnedFormVersion =
    " pins a form version; grantflow's outcome forms have none: leave the binding at latest or deployment";

// What Signavio writes into every element it exports: colours, revision ids, label
// positions. Notes for the editor, with no more meaning for execution than bpmndi.
const std::set<std::string> signavioNotes = {"signavioMetaData", "signavioDiagramMetaData", "signavioLabel"};

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
        if (name == "collaboration" && isOnePool(c)) continue;  // a pool drawn around the process, with its lanes
        if (name == "process") {
            ProcessDefinition p;
            p.namespaces = _namespaces;
            process(c, p);
            out.push_back(std::move(p));
            continue;
        }
        std::string why = name == "collaboration" ? "several pools and message flows are not supported; deploy each "
                                                    "process on its own"
                                                  : "this BPMN element is not supported by grantflow";
        refuse("unsupported-element", c, why);
    }
    if (out.empty() && _problems.empty())
        refuse("no-process", root, "the file holds no <process> to deploy");
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
        refuse("bad-due-date", n, "due date '" + n.dueDate + "' is neither an ISO 8601 duration nor a date");
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
            refuse("bad-timer", type, id, line,
                   "'" + timer.text + "' is not an ISO 8601 date such as 2026-12-01 or 2026-12-01T09:00:00Z");
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

namespace {

// The prefix of an engine of Camunda 7's family ("camunda:", "flowable:",
// "activiti:"), whose attributes are read alike; empty for other namespaces.
std::string camunda7Prefix(const std::string& ns) {
    if (ns == camundaNamespace) return "camunda:";
    if (ns == flowableNamespace) return "flowable:";
    if (ns == activitiNamespace) return "activiti:";
    return "";
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
        refuse("unsupported-extension", type, id, line,
               "extension " + prefix + name + " is not supported (listeners, scripts, variable mappings and "
               "connectors have no meaning in grantflow)");
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

}  // namespace

LoadedDefinitions BpmnLoader::load(std::string_view bytes) const {
    LoadedDefinitions result;
    SafeXmlParser parser;
    ParseResult parsed = parser.parse(bytes);
    if (parsed.document.empty() || !parsed.problems.empty()) {
        result.problems = parsed.problems;
        if (result.problems.empty()) result.problems.push_back({"not-well-formed", "", 0, 0, "the file is not well-formed XML"});
        return result;
    }
    Checker checker(_settings, result.problems, result.notes);
    checker.definitions(parsed.document.root(), result.processes);
    if (!result.problems.empty()) result.processes.clear();
    return result;
}

}  // namespace grantflow::workflow
