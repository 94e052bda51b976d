#include "FontEmbedding.h"

#include <algorithm>
#include <set>

#include "FlateCompress.h"

namespace grantflow::letters {

namespace {

// A subset tag (six capitals) derived from the characters, so it is stable for
// the same subset and differs between different subsets.
std::string subsetTag(const std::u32string& characters, bool bold) {
    std::uint64_t hash = bold ? 1469598103934665603ull : 1099511628211ull;
    for (char32_t c : characters) hash = (hash ^ c) * 1099511628211ull;
    std::string text;
    for (int i = 0; i < 6; ++i, hash /= 26) text.push_back(static_cast<char>('A' + hash % 26));
    return text;
}

std::string hex4(unsigned value) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out(4, '0');
    for (int i = 3; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = digits[value & 15];
    return out;
}

// Maps each glyph code back to its character, in bfchar blocks of at most 100
// (the limit the CMap format sets); characters beyond the BMP as surrogate pairs.
std::string toUnicodeCMap(const std::vector<std::pair<char32_t, std::uint16_t>>& glyphs) {
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    for (std::size_t from = 0; from < glyphs.size(); from += 100) {
        std::size_t count = std::min<std::size_t>(100, glyphs.size() - from);
        cmap += std::to_string(count) + " beginbfchar\n";
        for (std::size_t i = from; i < from + count; ++i) {
            char32_t u = glyphs[i].first;
            std::string target;
            if (u < 0x10000) {
                target = hex4(static_cast<unsigned>(u));
            } else {
                char32_t v = u - 0x10000;
                target = hex4(0xD800 + static_cast<unsigned>(v >> 10)) +
                         hex4(0xDC00 + static_cast<unsigned>(v & 0x3ff));
            }
            cmap += "<" + hex4(glyphs[i].second) + "> <" + target + ">\n";
        }
        cmap += "endbfchar\n";
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return cmap;
}

}  // namespace

FontEmbedding::FontEmbedding(const TrueTypeFont& font, bool bold, const std::u32string& characters)
    : _bold(bold), _name(subsetTag(characters, bold) + "+" + font.postScriptName()) {
    std::string file =
        font.subset(std::set<char32_t>(characters.begin(), characters.end()), &_glyphs);
    _fontFileLength = file.size();
    _compressedFontFile = flateCompress(file);
    _compressedToUnicode = flateCompress(toUnicodeCMap(_glyphs));

    // Glyphs 1..n are the characters in code point order.
    std::vector<double> widths(_glyphs.size() + 1, 0);
    for (const auto& [c, g] : _glyphs)
        if (g < widths.size()) widths[g] = font.advance(c);
    // As PoDoFo writes an array of numbers, so letters keep their bytes.
    _widthArray = "[ 1[";
    for (std::size_t g = 1; g < widths.size(); ++g)
        _widthArray += " " + std::to_string(static_cast<long long>(widths[g] + 0.5));
    _widthArray += "]]";

    _directGlyphs.assign(0x250, 0);  // up to the end of Latin Extended-B
    for (const auto& [c, g] : _glyphs)
        if (c < _directGlyphs.size()) _directGlyphs[c] = g;
}

std::uint16_t FontEmbedding::searchGlyph(char32_t character) const {
    auto found = std::lower_bound(_glyphs.begin(), _glyphs.end(),
                                  std::make_pair(character, std::uint16_t(0)));
    return found != _glyphs.end() && found->first == character ? found->second : 0;
}

}  // namespace grantflow::letters
