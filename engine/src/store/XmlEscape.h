// Escaping text for XML written by hand (case documents built by concatenation
// because building a DOM for them would cost more than the rest of intake).
#pragma once

#include <grantflow/CleanText.h>

#include <string>

namespace grantflow {

// Escapes markup; characters XML cannot hold at all become U+FFFD (see CleanText.h).
inline std::string escapeXml(const std::string& text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char c : cleanText(text)) {
        switch (c) {
            case '&': escaped += "&amp;"; break;
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '"': escaped += "&quot;"; break;
            default: escaped += c;
        }
    }
    return escaped;
}

}  // namespace grantflow
