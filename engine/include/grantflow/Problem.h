// A problem found in a submitted document: where it is and what is wrong.
// Intake collects every problem of a document instead of stopping at the first.
#pragma once

#include <string>
#include <vector>

namespace grantflow {

struct Problem {
    std::string code;     // stable, machine-readable: "not-well-formed", "schema", "orgnumber-check-digit" ...
    std::string path;     // element path such as /application/budget/requested, empty if unknown
    int line = 0;         // 1-based line in the source, 0 if unknown
    int column = 0;       // 1-based column, 0 if unknown
    std::string message;  // one plain sentence for the person who sent the document
};

using Problems = std::vector<Problem>;

// "FILE:LINE:COLUMN: PATH: MESSAGE", leaving out the parts that are unknown.
std::string formatProblem(const std::string& file, const Problem& problem);

}  // namespace grantflow
