// The checker behind BpmnLoader, shared by the files that read a BPMN file's parts:
// BpmnLoader.cpp (processes, elements, timers, flows) and BpmnExtensions.cpp (the
// settings each modeler and engine writes in its own namespace).
#pragma once

#include <grantflow/XmlDocument.h>
#include <grantflow/workflow/BpmnLoader.h>

#include "FlowGraph.h"

#include <Poco/StringTokenizer.h>

#include <libxml/tree.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace grantflow::workflow::loading {

using Element = xmlNodePtr;

inline std::string nameOf(const xmlNode* e) { return reinterpret_cast<const char*>(e->name); }

inline std::string namespaceOf(const xmlNode* e) {
    return e->ns && e->ns->href ? reinterpret_cast<const char*>(e->ns->href) : "";
}

inline std::string namespaceOf(const xmlAttr* a) {
    return a->ns && a->ns->href ? reinterpret_cast<const char*>(a->ns->href) : "";
}

inline bool isBpmn(const xmlNode* e) { return e->type == XML_ELEMENT_NODE && namespaceOf(e) == bpmnModelNamespace; }

// An attribute without namespace (BPMN's own) or in the given namespace; "" when absent.
inline std::string attribute(const xmlNode* e, const char* name, const char* ns = nullptr) {
    xmlChar* value = ns ? xmlGetNsProp(e, reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(ns))
                        : xmlGetNoNsProp(e, reinterpret_cast<const xmlChar*>(name));
    if (!value) return {};
    std::string result = reinterpret_cast<const char*>(value);
    xmlFree(value);
    return result;
}

inline std::vector<Element> childElements(const xmlNode* e) {
    std::vector<Element> children;
    for (xmlNodePtr c = e->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) children.push_back(c);
    return children;
}

// ${...} and #{...} are JUEL (Camunda 7), a leading '=' is FEEL (Camunda 8).
inline bool isExpression(const std::string& text) {
    return text.find("${") != std::string::npos || text.find("#{") != std::string::npos ||
           (!text.empty() && text[0] == '=');
}

inline std::vector<std::string> splitList(const std::string& text) {
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

    void collaboration(Element e);
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

}  // namespace grantflow::workflow::loading
