#include "http/ApiRequestParts.h"

#include "http/JsonOutcome.h"

#include <grantflow/DecimalNumber.h>

#include <Poco/Exception.h>

namespace grantflow::http {

using Poco::JSON::Object;

long long taskNumber(const std::string& text) {
    std::optional<long long> id = decimalNumber(text);
    if (!id || *id <= 0) throw ApiError(400, "a task is named by its number, not '" + text + "'", "path:task");
    return *id;
}

ReferenceNumber referenceNumber(const std::string& text, const std::string& where) {
    try {
        return ReferenceNumber::parse(text);
    } catch (const Poco::SyntaxException&) {
        throw ApiError(400, "not a reference number: '" + text + "' (write GF 2026-000123 or 2026-123)", where);
    }
}

bool queryFlag(const ApiExchange& exchange, const std::string& name) {
    const std::string value = exchange.query(name, "false");
    if (value != "true" && value != "false") throw ApiError(400, name + " must be true or false", "query:" + name);
    return value == "true";
}

Object::Ptr taskJson(const workflow::TaskInfo& t) {
    Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("id", t.id);
    item->set("referenceNumber", t.referenceNumber);
    item->set("process", t.processKey);
    item->set("processVersion", t.processVersion);
    item->set("step", t.node);
    item->set("name", t.name);
    item->set("state", t.state);
    item->set("assignee", t.assignee.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(t.assignee));
    item->set("roles", t.roles);
    item->set("users", t.users);
    item->set("form", t.form);
    item->set("dueAt", t.dueAt.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(t.dueAt));
    item->set("createdAt", t.createdAt);
    return item;
}

bool isXml(const std::string& type) {
    return type == "application/xml" || type == "text/xml" || (type.size() > 4 && type.substr(type.size() - 4) == "+xml");
}

std::string xmlBody(ApiExchange& exchange, std::size_t maxBytes, const std::string& what) {
    const std::string type = exchange.mediaType();
    std::string body = exchange.body(maxBytes);
    if (type == "application/json") return body.empty() ? "" : JsonOutcome::toXml(body);
    if (isXml(type) || body.empty()) return body;
    throw ApiError(415, "send the " + what + " as application/xml or application/json", "Content-Type");
}

}  // namespace grantflow::http
