#include <grantflow/CleanText.h>

namespace grantflow {

namespace {

const char* const replacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool allowedInXml(char32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

// The length of the well-formed UTF-8 sequence of an allowed character at `at`;
// 0 when the bytes there are anything else.
std::size_t cleanCharacterAt(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    std::size_t length = 0;
    char32_t c = 0;
    if (lead < 0x80) {
        length = 1;
        c = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        c = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        c = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        c = lead & 0x07;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
        c = (c << 6) | (byte(at + i) & 0x3F);
    }
    // Overlong forms would smuggle a character past this check in another shape.
    const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[length]) return 0;
    return allowedInXml(c) ? length : 0;
}

}  // namespace

bool isCleanText(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = cleanCharacterAt(text, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

std::string cleanText(std::string_view text) {
    if (isCleanText(text)) return std::string(text);
    std::string clean;
    clean.reserve(text.size() + 8);
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = cleanCharacterAt(text, at);
        if (length == 0) {
            clean += replacement;
            ++at;  // one replacement a byte: the bytes that follow may start a good character
        } else {
            clean.append(text, at, length);
            at += length;
        }
    }
    return clean;
}

}  // namespace grantflow
