#include "http/StrictJsonHandler.h"

#include <Poco/JSON/JSONException.h>

namespace grantflow::http {

void StrictJsonHandler::reset() {
    _openKeys.clear();
    ParseHandler::reset();
}

void StrictJsonHandler::startObject() {
    _openKeys.emplace_back();
    ParseHandler::startObject();
}

void StrictJsonHandler::endObject() {
    if (!_openKeys.empty()) _openKeys.pop_back();
    ParseHandler::endObject();
}

void StrictJsonHandler::startArray() {
    _openKeys.emplace_back();
    ParseHandler::startArray();
}

void StrictJsonHandler::endArray() {
    if (!_openKeys.empty()) _openKeys.pop_back();
    ParseHandler::endArray();
}

void StrictJsonHandler::key(const std::string& name) {
    if (!_openKeys.empty() && !_openKeys.back().insert(name).second)
        throw Poco::JSON::JSONException("the key \"" + name + "\" is given twice in one object");
    ParseHandler::key(name);
}

}  // namespace grantflow::http
