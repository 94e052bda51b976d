#include "http/JsonOutcome.h"

#include "http/ApiExchange.h"
#include "http/StrictJsonHandler.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace grantflow::http {

namespace {

constexpr int maxDepth = 32;

bool isName(const std::string& name) {
    if (name.empty() || name.size() > 128) return false;
    auto start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    if (!start(name[0])) return false;
    for (char c : name)
        if (!start(c) && !std::isdigit(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
    return true;
}

std::string escape(const std::string& text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += attribute ? "&quot;" : "\""; break;
            default: out += c;
        }
    }
    return out;
}

std::string scalar(const Poco::Dynamic::Var& value, const std::string& path) {
    if (value.isEmpty()) return "";
    if (value.isString() || value.isNumeric() || value.isBoolean()) return value.convert<std::string>();
    throw ApiError(400, "only text, numbers and booleans can be text or attributes", path);
}

void element(std::string& out, const std::string& name, const Poco::Dynamic::Var& value, const std::string& path,
             int depth, bool root);

void content(std::string& out, const std::string& name, const Poco::Dynamic::Var& value, const std::string& path,
             int depth, bool root) {
    if (depth > maxDepth) throw ApiError(400, "the outcome nests deeper than " + std::to_string(maxDepth), path);
    out += "<" + name;
    if (root) out += " xmlns=\"urn:grantflow:case:1\"";
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto object = value.extract<Poco::JSON::Object::Ptr>();
        std::string children;
        // The schemas want children in their order: the parser keeps the order the client wrote.
        for (const auto& key : object->getNames()) {
            std::string childPath = path + "." + key;
            if (!key.empty() && key[0] == '@') {
                if (!isName(key.substr(1))) throw ApiError(400, "not an attribute name: " + key, childPath);
                out += " " + key.substr(1) + "=\"" + escape(scalar(object->get(key), childPath), true) + "\"";
            } else {
                element(children, key, object->get(key), childPath, depth + 1, false);
            }
        }
        out += ">" + children;
    } else {
        out += ">" + escape(scalar(value, path), false);
    }
    out += "</" + name + ">";
}

void element(std::string& out, const std::string& name, const Poco::Dynamic::Var& value, const std::string& path,
             int depth, bool root) {
    if (!isName(name)) throw ApiError(400, "not an element name: " + name, path);
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto array = value.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < array->size(); ++i) {
            auto item = array->get(static_cast<unsigned>(i));
            if (item.type() == typeid(Poco::JSON::Array::Ptr))
                throw ApiError(400, "an array cannot hold arrays", path + "[" + std::to_string(i) + "]");
            content(out, name, item, path + "[" + std::to_string(i) + "]", depth, root);
        }
        return;
    }
    content(out, name, value, path, depth, root);
}

}  // namespace

std::string JsonOutcome::toXml(const std::string& json) {
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser(new StrictJsonHandler(true));  // keep the client's key order
        parser.setAllowComments(false);
        parsed = parser.parse(json);
    } catch (const Poco::Exception& e) {
        throw ApiError(400, "the body is not JSON: " + e.message(), "body");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw ApiError(400, "the outcome must be a JSON object with one key, the root element", "$");
    auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (object->size() != 1)
        throw ApiError(400, "the outcome must be a JSON object with exactly one key, the root element", "$");
    std::string name = object->getNames().front();
    auto value = object->get(name);
    if (value.type() == typeid(Poco::JSON::Array::Ptr))
        throw ApiError(400, "the root element cannot be an array", "$." + name);
    std::string xml;
    element(xml, name, value, "$." + name, 0, true);
    return xml;
}

}  // namespace grantflow::http
