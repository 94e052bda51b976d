// Validates documents against one XSD. The schema is compiled once; validate()
// may then be called from many threads at the same time.
#pragma once

#include <grantflow/Problem.h>
#include <grantflow/XmlDocument.h>

#include <memory>
#include <string>

namespace grantflow {

class SchemaValidator {
public:
    // Compiles the schema at xsdPath; throws Poco::DataFormatException if it is broken.
    explicit SchemaValidator(const std::string& xsdPath);
    ~SchemaValidator();
    SchemaValidator(const SchemaValidator&) = delete;
    SchemaValidator& operator=(const SchemaValidator&) = delete;

    // Every violation of the schema, each with the element's path and line.
    Problems validate(const XmlDocument& document) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> _compiled;
};

}  // namespace grantflow
