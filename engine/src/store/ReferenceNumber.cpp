#include <grantflow/ReferenceNumber.h>

#include <Poco/Exception.h>
#include <Poco/RegularExpression.h>

#include <cstdio>

namespace grantflow {

std::string ReferenceNumber::toString() const {
    char text[32];
    std::snprintf(text, sizeof text, "GF %04d-%06ld", year, sequence);
    return text;
}

ReferenceNumber ReferenceNumber::parse(const std::string& text) {
    static const Poco::RegularExpression pattern("^\\s*(?:GF[ -]?)?(\\d{4})-(\\d{1,6})\\s*$",
                                                 Poco::RegularExpression::RE_CASELESS);
    std::vector<std::string> parts;
    if (pattern.split(text, parts) != 3)
        throw Poco::SyntaxException("not a reference number (expected GF YYYY-NNNNNN)", text);
    ReferenceNumber number{std::stoi(parts[1]), std::stol(parts[2])};
    if (number.sequence < 1) throw Poco::SyntaxException("reference numbers start at 1", text);
    return number;
}

}  // namespace grantflow
