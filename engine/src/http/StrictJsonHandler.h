// Builds the JSON value a request body holds, like Poco's ParseHandler, but
// refuses an object that names a key twice. Poco keeps the last value, so
// {"outcome": "complete", "outcome": "incomplete"} would mean whatever the
// client's or a proxy's JSON library picked: two readers of the same body could
// disagree on what was decided.
#pragma once

#include <Poco/JSON/ParseHandler.h>

#include <set>
#include <string>
#include <vector>

namespace grantflow::http {

class StrictJsonHandler : public Poco::JSON::ParseHandler {
public:
    // preserveObjectOrder as ParseHandler: keep the client's key order.
    explicit StrictJsonHandler(bool preserveObjectOrder = false) : ParseHandler(preserveObjectOrder) {}

    void reset() override;
    void startObject() override;
    void endObject() override;
    void startArray() override;
    void endArray() override;
    // Throws Poco::JSON::JSONException naming the key when the object has it already.
    void key(const std::string& name) override;

private:
    // The keys of every object open around the parser; an array is an empty entry
    // that is never looked at, so that endArray and endObject pop alike.
    std::vector<std::set<std::string>> _openKeys;
};

}  // namespace grantflow::http
