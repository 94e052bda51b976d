// The real PDF tools a reader's or archivist's machine has (poppler-utils, qpdf),
// run on letters the way a person would run them.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "TestSupport.h"

namespace grantflow::test {

using ToolResult = CliResult;

// Runs a program found on PATH and collects its output.
inline ToolResult runTool(const std::string& program, const std::vector<std::string>& arguments) {
    return runProgram(program, arguments);
}

// The text of a PDF in reading order, as pdftotext extracts it.
inline std::string pdfText(const std::string& pdfPath) {
    return runTool("pdftotext", {"-enc", "UTF-8", pdfPath, "-"}).out;
}

// pdftotext breaks lines where the letter does; for phrase checks, fold all
// white space to single spaces.
inline std::string foldSpaces(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
            space = !out.empty();
        } else {
            if (space) out.push_back(' ');
            space = false;
            out.push_back(c);
        }
    }
    return out;
}

// Number of pages according to pdfinfo.
inline int pdfPages(const std::string& pdfPath) {
    std::istringstream lines(runTool("pdfinfo", {pdfPath}).out);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
    return -1;
}

}  // namespace grantflow::test
