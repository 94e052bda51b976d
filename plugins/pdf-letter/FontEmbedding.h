// Everything a PDF needs to embed one font subset as a CID TrueType font,
// computed once: the subset font file and its ToUnicode map (both already
// flate-compressed), the glyph widths, the subset name with its tag, and the
// subset's glyph number of each character.
//
// Promises: immutable once built, so one instance may be shared by letters on
// several threads; a pure function of (font, bold, characters), so a letter
// written from a shared instance is byte for byte the one written from a fresh
// one. The six-letter subset tag is derived from exactly the characters given.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "TrueTypeFont.h"

namespace grantflow::letters {

class FontEmbedding {
public:
    // Subsets `font` to `characters` (those it lacks are left out) and prepares
    // the streams; throws Poco::Exception when compression fails.
    FontEmbedding(const TrueTypeFont& font, bool bold, const std::set<char32_t>& characters);

    // "TAGXYZ+DejaVuSans": the BaseFont and FontName of the subset.
    const std::string& name() const { return _name; }
    bool bold() const { return _bold; }

    // The subset font file, compressed, and its length before compression (Length1).
    const std::string& compressedFontFile() const { return _compressedFontFile; }
    std::size_t fontFileLength() const { return _fontFileLength; }

    // The ToUnicode CMap, compressed.
    const std::string& compressedToUnicode() const { return _compressedToUnicode; }

    // Advance widths of glyphs 1..n in 1/1000 em (the W array from CID 1).
    const std::vector<long long>& widths() const { return _widths; }

    // The subset's glyph for the character; 0 (.notdef) when it is not in the subset.
    std::uint16_t glyph(char32_t character) const;

private:
    bool _bold;
    std::string _name, _compressedFontFile, _compressedToUnicode;
    std::size_t _fontFileLength = 0;
    std::vector<long long> _widths;
    std::vector<std::pair<char32_t, std::uint16_t>> _glyphs;  // sorted by character
};

}  // namespace grantflow::letters
