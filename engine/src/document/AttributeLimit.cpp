#include "document/AttributeLimit.h"

#include <algorithm>
#include <string>

namespace grantflow {

namespace {

// Steps over text up to and including `end`, counting lines; npos when it never comes.
std::size_t skipPast(std::string_view bytes, std::size_t from, std::string_view end, int& line) {
    const std::size_t found = bytes.find(end, from);
    const std::size_t stop = found == std::string_view::npos ? bytes.size() : found;
    line += static_cast<int>(std::count(bytes.begin() + static_cast<std::ptrdiff_t>(from),
                                        bytes.begin() + static_cast<std::ptrdiff_t>(stop), '\n'));
    return found == std::string_view::npos ? std::string_view::npos : found + end.size();
}

bool startsWith(std::string_view bytes, std::size_t at, std::string_view prefix) {
    return bytes.compare(at, prefix.size(), prefix) == 0;
}

}  // namespace

std::optional<Problem> tagWithTooManyAttributes(std::string_view bytes, std::size_t limit) {
    int line = 1;
    std::size_t at = 0;
    while (at < bytes.size()) {
        const std::size_t open = bytes.find('<', at);
        if (open == std::string_view::npos) break;
        line += static_cast<int>(std::count(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                            bytes.begin() + static_cast<std::ptrdiff_t>(open), '\n'));
        // Most tags are start and end tags: the character after '<' tells them apart
        // without comparing the rarer openings first.
        const char kind = open + 1 < bytes.size() ? bytes[open + 1] : '\0';
        if (kind == '!' && startsWith(bytes, open, "<!--")) {
            at = skipPast(bytes, open + 4, "-->", line);
        } else if (kind == '!' && startsWith(bytes, open, "<![CDATA[")) {
            at = skipPast(bytes, open + 9, "]]>", line);
        } else if (kind == '?') {
            at = skipPast(bytes, open + 2, "?>", line);
        } else if (kind == '!' || kind == '/') {
            at = skipPast(bytes, open + 2, ">", line);
        } else {
            // A start tag: each '=' outside a quoted value is one attribute.
            const int tagLine = line;
            std::size_t attributes = 0;
            char quote = 0;
            std::size_t i = open + 1;
            for (; i < bytes.size(); ++i) {
                const char c = bytes[i];
                if (c == '\n') ++line;
                if (quote) {
                    if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '=') {
                    if (++attributes > limit) {
                        Problem problem;
                        problem.code = "too-many-attributes";
                        problem.line = tagLine;
                        problem.message = "an element has more than " + std::to_string(limit) +
                                          " attributes; no document here needs that many";
                        return problem;
                    }
                } else if (c == '>') {
                    break;
                }
            }
            at = i + 1;
        }
        if (at == std::string_view::npos) break;
    }
    return std::nullopt;
}

}  // namespace grantflow
