// Parses XML that comes from outside: never touches the network, never loads or
// honours a DTD, never expands entities, and refuses documents over a size limit.
// A document with a DOCTYPE is refused outright, which stops XXE and entity bombs
// before a single entity is declared.
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/XmlDocument.h>

#include <cstddef>
#include <string_view>

namespace grantflow {

struct ParseLimits {
    std::size_t maxBytes = 10 * 1024 * 1024;
};

struct ParseResult {
    XmlDocument document;  // empty when the bytes are not a well-formed document
    Problems problems;
};

class SafeXmlParser {
public:
    explicit SafeXmlParser(ParseLimits limits = {});

    // Thread-safe: each call uses its own parser context.
    ParseResult parse(std::string_view bytes) const;

private:
    ParseLimits _limits;
};

}  // namespace grantflow
