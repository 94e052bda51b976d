// A TrueType font read once from disk: character widths for line breaking, and
// a per-letter font file holding only the glyphs that letter uses.
//
// Why our own subset instead of PoDoFo's: PoDoFo 0.9.8 keeps every glyph slot
// of the source font (DejaVu has about 6,000), which costs ~9 KB and ~2 ms per
// font per letter. Renumbering the few glyphs a letter needs makes the embedded
// font a few kilobytes and the work a few microseconds.
//
// Promises: a loaded font is immutable, so one instance serves many threads;
// subset() is deterministic (same characters in, same bytes out).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace grantflow::letters {

class TrueTypeFont {
public:
    // Reads and checks the font; throws Poco::DataFormatException naming the file
    // when it is not a TrueType (glyf) font we can subset.
    static TrueTypeFont load(const std::string& path);

    // The font's PostScript name, e.g. "DejaVuSans-Bold".
    const std::string& postScriptName() const { return _postScriptName; }
    const std::string& path() const { return _path; }

    // Whether the font has a glyph for the character.
    bool hasGlyph(char32_t character) const { return glyphOf(character) != 0; }

    // Advance width of the character in 1/1000 of the font size.
    double advance(char32_t character) const;

    // Metrics for the PDF font descriptor, in 1/1000 of the font size.
    struct Metrics {
        int xMin = 0, yMin = 0, xMax = 0, yMax = 0;  // bounding box of all glyphs
        int ascent = 0, descent = 0, capHeight = 0;
        double italicAngle = 0;
    };
    const Metrics& metrics() const { return _metrics; }

    // Width of UTF-8 text at `size` points; a character this font lacks and
    // `fallback` has is measured in `fallback`, as it will be drawn.
    double width(const std::string& utf8, double size, const TrueTypeFont* fallback = nullptr) const;

    // A complete TrueType font with glyph 0 and the glyphs of `characters`
    // (plus the parts of composite glyphs), numbered from 1 in character order.
    // Characters the font lacks are left out. `glyphs`, when given, receives the
    // new glyph number of each character that is in the font.
    std::string subset(const std::set<char32_t>& characters,
                       std::vector<std::pair<char32_t, std::uint16_t>>* glyphs = nullptr) const;

private:
    struct Table {
        std::uint32_t offset = 0, length = 0;
    };

    std::uint16_t glyphOf(char32_t character) const;
    std::string tableBytes(const Table& table) const {
        return _data.substr(table.offset, table.length);
    }
    std::string glyphBytes(std::uint16_t glyph) const;

    std::string _path, _data, _postScriptName;
    Table _head, _hhea, _maxp, _os2, _hmtx, _loca, _glyf, _post, _name;
    std::uint16_t _unitsPerEm = 1000, _numGlyphs = 0, _numberOfHMetrics = 0;
    bool _longLoca = false;
    Metrics _metrics;
    std::vector<std::uint16_t> _glyphByCharacter;  // Basic Multilingual Plane only
    // Characters beyond that plane (emoji, for one), from the (3,10) format 12 map
    // when the font has one: ranges of characters with consecutive glyphs, sorted.
    struct CharacterRange {
        char32_t first, last;
        std::uint32_t firstGlyph;
    };
    std::vector<CharacterRange> _supplementary;
    std::vector<float> _advanceByCharacter;  // the same plane, in 1/1000 em, for line breaking
    std::vector<std::string> _names;         // name IDs 0..6 as UTF-16BE, from the Windows table
};

// Decodes UTF-8 into code points; invalid bytes become U+FFFD.
std::u32string decodeUtf8(const std::string& utf8);

}  // namespace grantflow::letters
