// Everything a PDF needs to embed one font subset as a CID TrueType font,
// computed once: the subset font file and its ToUnicode map (both already
// flate-compressed), the glyph widths as a PDF array, the subset name with its
// tag, and the subset's glyph number of each character.
//
// Promises: immutable once built, so one instance may be shared by letters on
// several threads; a pure function of (font, bold, characters), so a letter
// written from a shared instance is byte for byte the one written from a fresh
// one. The six-letter subset tag is derived from exactly the characters given.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "TrueTypeFont.h"

namespace grantflow::letters {

class FontEmbedding {
public:
    // Subsets `font` to `characters` (ascending, each once; those the font
    // lacks are left out) and prepares the streams; throws Poco::Exception
    // when compression fails.
    FontEmbedding(const TrueTypeFont& font, bool bold, const std::u32string& characters);

    // "TAGXYZ+DejaVuSans": the BaseFont and FontName of the subset.
    const std::string& name() const { return _name; }
    bool bold() const { return _bold; }

    // The subset font file, compressed, and its length before compression (Length1).
    const std::string& compressedFontFile() const { return _compressedFontFile; }
    std::size_t fontFileLength() const { return _fontFileLength; }

    // The ToUnicode CMap, compressed.
    const std::string& compressedToUnicode() const { return _compressedToUnicode; }

    // The CID font's W array, written out ("[ 1[ 318 401 ...]]": advance
    // widths of glyphs 1..n in 1/1000 em), so a letter need not build and
    // print a PDF object per glyph.
    const std::string& widthArray() const { return _widthArray; }

    // The subset's glyph for the character; 0 (.notdef) when it is not in the subset.
    std::uint16_t glyph(char32_t character) const {
        if (character < _directGlyphs.size()) return _directGlyphs[character];
        return searchGlyph(character);
    }

private:
    std::uint16_t searchGlyph(char32_t character) const;

    bool _bold;
    std::string _name, _compressedFontFile, _compressedToUnicode, _widthArray;
    std::size_t _fontFileLength = 0;
    std::vector<std::pair<char32_t, std::uint16_t>> _glyphs;  // sorted by character
    // Latin letters, looked up once per character of a letter's text, without
    // a search; other characters are found in _glyphs.
    std::vector<std::uint16_t> _directGlyphs;
};

}  // namespace grantflow::letters
