// A look through a document's bytes for a start tag with more attributes than any
// document here needs, before libxml2 parses it: libxml2 checks an element's
// attributes for duplicates pair by pair, so 100,000 attributes in one tag (a
// 1 MB body) kept a server thread busy for 19 s, and 200,000 for four minutes.
#pragma once

#include <grantflow/Problem.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace grantflow {

// Attributes (namespace declarations included) one element may have.
constexpr std::size_t mostAttributesPerElement = 100;

// The first start tag with more than `limit` attributes, as a problem with its
// line; nullopt when there is none. Linear in the size of the document. Comments,
// CDATA sections and processing instructions are stepped over; what is not
// well-formed is left for the parser to name.
std::optional<Problem> tagWithTooManyAttributes(std::string_view bytes, std::size_t limit = mostAttributesPerElement);

}  // namespace grantflow
