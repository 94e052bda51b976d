#include <grantflow/Problem.h>

namespace grantflow {

std::string formatProblem(const std::string& file, const Problem& problem) {
    std::string text = file;
    if (problem.line > 0) {
        text += ":" + std::to_string(problem.line);
        if (problem.column > 0) text += ":" + std::to_string(problem.column);
    }
    text += ": ";
    if (!problem.path.empty()) text += problem.path + ": ";
    text += problem.message;
    return text;
}

}  // namespace grantflow
