#include "TrueTypeFont.h"

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace grantflow::letters {

namespace {

std::uint16_t u16(const std::string& data, std::size_t at) {
    if (at + 2 > data.size()) throw Poco::DataFormatException("font data ends early");
    return static_cast<std::uint16_t>((static_cast<unsigned char>(data[at]) << 8) |
                                      static_cast<unsigned char>(data[at + 1]));
}

std::uint32_t u32(const std::string& data, std::size_t at) {
    return (static_cast<std::uint32_t>(u16(data, at)) << 16) | u16(data, at + 2);
}

void put16(std::string& out, std::uint16_t value) {
    out.push_back(static_cast<char>(value >> 8));
    out.push_back(static_cast<char>(value & 0xff));
}

void put32(std::string& out, std::uint32_t value) {
    put16(out, static_cast<std::uint16_t>(value >> 16));
    put16(out, static_cast<std::uint16_t>(value & 0xffff));
}

void set16(std::string& data, std::size_t at, std::uint16_t value) {
    data[at] = static_cast<char>(value >> 8);
    data[at + 1] = static_cast<char>(value & 0xff);
}

void set32(std::string& data, std::size_t at, std::uint32_t value) {
    set16(data, at, static_cast<std::uint16_t>(value >> 16));
    set16(data, at + 2, static_cast<std::uint16_t>(value & 0xffff));
}

void padTo4(std::string& data) {
    while (data.size() % 4) data.push_back('\0');
}

std::uint32_t checksum(const std::string& table) {
    std::string padded = table;
    padTo4(padded);
    std::uint32_t sum = 0;
    for (std::size_t at = 0; at < padded.size(); at += 4) sum += u32(padded, at);
    return sum;
}

int floorLog2(unsigned value) {
    int result = 0;
    while (value >>= 1) ++result;
    return result;
}

// Composite glyph flags (OpenType 'glyf').
constexpr std::uint16_t argsAreWords = 0x0001, haveScale = 0x0008, moreComponents = 0x0020,
                        haveXYScale = 0x0040, haveTwoByTwo = 0x0080, haveInstructions = 0x0100;

std::size_t componentSize(std::uint16_t flags) {
    std::size_t size = 4 + ((flags & argsAreWords) ? 4 : 2);
    if (flags & haveScale)
        size += 2;
    else if (flags & haveXYScale)
        size += 4;
    else if (flags & haveTwoByTwo)
        size += 8;
    return size;
}

}  // namespace

std::u32string decodeUtf8(const std::string& utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        int extra = c < 0x80           ? 0
                    : (c >> 5) == 0x6  ? 1
                    : (c >> 4) == 0xe  ? 2
                    : (c >> 3) == 0x1e ? 3
                                       : -1;
        if (extra < 0 || i + static_cast<std::size_t>(extra) >= utf8.size()) {
            out.push_back(0xfffd);
            ++i;
            continue;
        }
        char32_t cp = extra == 0   ? c
                      : extra == 1 ? (c & 0x1f)
                      : extra == 2 ? (c & 0x0f)
                                   : (c & 0x07);
        bool valid = true;
        for (int k = 1; k <= extra; ++k) {
            unsigned char next = static_cast<unsigned char>(utf8[i + k]);
            if ((next & 0xc0) != 0x80) valid = false;
            cp = (cp << 6) | (next & 0x3f);
        }
        if (!valid) {
            out.push_back(0xfffd);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

TrueTypeFont TrueTypeFont::load(const std::string& path) {
    TrueTypeFont font;
    font._path = path;
    try {
        Poco::FileInputStream in(path);
        std::ostringstream bytes;
        Poco::StreamCopier::copyStream(in, bytes);
        font._data = bytes.str();
    } catch (const Poco::Exception& e) {
        throw Poco::DataFormatException("cannot read font " + path, e.displayText());
    }
    const std::string& d = font._data;
    try {
        std::uint32_t version = u32(d, 0);
        if (version != 0x00010000 && version != 0x74727565)
            throw Poco::DataFormatException("not a TrueType font (CFF fonts are not supported)");
        std::uint16_t numTables = u16(d, 4);
        std::map<std::string, Table> tables;
        for (std::uint16_t i = 0; i < numTables; ++i) {
            std::size_t record = 12 + 16 * static_cast<std::size_t>(i);
            Table table{u32(d, record + 8), u32(d, record + 12)};
            if (std::size_t(table.offset) + table.length > d.size())
                throw Poco::DataFormatException("a table lies outside the file");
            tables[d.substr(record, 4)] = table;
        }
        for (const char* needed :
             {"head", "hhea", "maxp", "OS/2", "hmtx", "loca", "glyf", "post", "cmap", "name"})
            if (!tables.count(needed))
                throw Poco::DataFormatException(std::string("no '") + needed + "' table");
        font._head = tables["head"];
        font._hhea = tables["hhea"];
        font._maxp = tables["maxp"];
        font._os2 = tables["OS/2"];
        font._hmtx = tables["hmtx"];
        font._loca = tables["loca"];
        font._glyf = tables["glyf"];
        font._post = tables["post"];
        font._name = tables["name"];
        font._unitsPerEm = u16(d, font._head.offset + 18);
        font._longLoca = u16(d, font._head.offset + 50) == 1;
        font._numberOfHMetrics = u16(d, font._hhea.offset + 34);
        font._numGlyphs = u16(d, font._maxp.offset + 4);
        if (font._unitsPerEm == 0 || font._numberOfHMetrics == 0)
            throw Poco::DataFormatException("bad head or hhea table");
        auto scaled = [&](std::size_t at) {
            return static_cast<int>(static_cast<std::int16_t>(u16(d, at)) * 1000L /
                                    font._unitsPerEm);
        };
        Metrics& m = font._metrics;
        m.xMin = scaled(font._head.offset + 36);
        m.yMin = scaled(font._head.offset + 38);
        m.xMax = scaled(font._head.offset + 40);
        m.yMax = scaled(font._head.offset + 42);
        m.ascent = scaled(font._hhea.offset + 4);
        m.descent = scaled(font._hhea.offset + 6);
        m.capHeight = u16(d, font._os2.offset) >= 2 ? scaled(font._os2.offset + 88) : m.ascent;
        m.italicAngle = static_cast<std::int32_t>(u32(d, font._post.offset + 4)) / 65536.0;

        // Character map: the Windows Unicode BMP subtable (format 4), and the full
        // Unicode one (format 12) for the characters beyond it, where there is one.
        Table cmap = tables["cmap"];
        std::uint16_t subtables = u16(d, cmap.offset + 2);
        std::size_t format4 = 0, format12 = 0;
        for (std::uint16_t i = 0; i < subtables; ++i) {
            std::size_t record = cmap.offset + 4 + 8 * static_cast<std::size_t>(i);
            std::size_t at = cmap.offset + u32(d, record + 4);
            if (u16(d, record) == 3 && u16(d, record + 2) == 1 && u16(d, at) == 4) format4 = at;
            if (u16(d, record) == 3 && u16(d, record + 2) == 10 && u16(d, at) == 12) format12 = at;
        }
        if (!format4) throw Poco::DataFormatException("no Unicode (3,1) format 4 character map");
        font._glyphByCharacter.assign(0x10000, 0);
        std::uint16_t segCount = u16(d, format4 + 6) / 2;
        std::size_t ends = format4 + 14, starts = ends + 2 * segCount + 2,
                    deltas = starts + 2 * segCount, rangeOffsets = deltas + 2 * segCount;
        for (std::uint16_t s = 0; s < segCount; ++s) {
            std::uint16_t end = u16(d, ends + 2 * s), start = u16(d, starts + 2 * s);
            std::uint16_t delta = u16(d, deltas + 2 * s),
                          rangeOffset = u16(d, rangeOffsets + 2 * s);
            for (std::uint32_t c = start; c <= end && c != 0xffff; ++c) {
                std::uint16_t glyph;
                if (rangeOffset == 0) {
                    glyph = static_cast<std::uint16_t>(c + delta);
                } else {
                    std::size_t at = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
                    glyph = u16(d, at);
                    if (glyph) glyph = static_cast<std::uint16_t>(glyph + delta);
                }
                if (glyph < font._numGlyphs) font._glyphByCharacter[c] = glyph;
            }
        }

        if (format12) {
            const std::uint32_t groups = u32(d, format12 + 12);
            if (format12 + 16 + 12 * static_cast<std::size_t>(groups) > d.size())
                throw Poco::DataFormatException("the format 12 character map lies outside the file");
            for (std::uint32_t g = 0; g < groups; ++g) {
                const std::size_t at = format12 + 16 + 12 * static_cast<std::size_t>(g);
                std::uint32_t first = u32(d, at), last = u32(d, at + 4), glyph = u32(d, at + 8);
                if (last < 0x10000 || last < first || last > 0x10ffff) continue;  // the BMP is format 4's
                if (first < 0x10000) {
                    glyph += 0x10000 - first;
                    first = 0x10000;
                }
                font._supplementary.push_back({first, last, glyph});
            }
            std::sort(font._supplementary.begin(), font._supplementary.end(),
                      [](const CharacterRange& a, const CharacterRange& b) { return a.first < b.first; });
        }

        // Names from the Windows English records (the PDF font name comes from ID 6).
        font._names.assign(7, std::string());
        std::uint16_t count = u16(d, font._name.offset + 2),
                      stringOffset = u16(d, font._name.offset + 4);
        for (std::uint16_t i = 0; i < count; ++i) {
            std::size_t record = font._name.offset + 6 + 12 * static_cast<std::size_t>(i);
            std::uint16_t platform = u16(d, record), encoding = u16(d, record + 2),
                          language = u16(d, record + 4), nameId = u16(d, record + 6),
                          length = u16(d, record + 8), offset = u16(d, record + 10);
            if (platform == 3 && encoding == 1 && language == 0x409 && nameId <= 6) {
                std::size_t at = font._name.offset + stringOffset + offset;
                if (at + length > d.size())
                    throw Poco::DataFormatException("a name lies outside the file");
                font._names[nameId] = d.substr(at, length);
            }
        }
        for (std::size_t i = 1; i < font._names[6].size(); i += 2)
            font._postScriptName += font._names[6][i];
        if (font._postScriptName.empty())
            throw Poco::DataFormatException("the font has no PostScript name");
        std::vector<float> advances(0x10000);
        for (char32_t c = 0; c < 0x10000; ++c) advances[c] = static_cast<float>(font.advance(c));
        font._advanceByCharacter = std::move(advances);
    } catch (const Poco::DataFormatException& e) {
        throw Poco::DataFormatException("unusable font " + path, e.message());
    }
    return font;
}

std::uint16_t TrueTypeFont::glyphOf(char32_t character) const {
    if (character < _glyphByCharacter.size()) return _glyphByCharacter[character];
    auto range = std::upper_bound(_supplementary.begin(), _supplementary.end(), character,
                                  [](char32_t c, const CharacterRange& r) { return c < r.first; });
    if (range == _supplementary.begin() || character > (--range)->last) return 0;
    const std::uint32_t glyph = range->firstGlyph + (character - range->first);
    return glyph < _numGlyphs ? static_cast<std::uint16_t>(glyph) : 0;
}

double TrueTypeFont::advance(char32_t character) const {
    if (character < _advanceByCharacter.size()) return _advanceByCharacter[character];
    std::uint16_t glyph = glyphOf(character);
    std::uint16_t metric =
        glyph < _numberOfHMetrics ? glyph : static_cast<std::uint16_t>(_numberOfHMetrics - 1);
    return u16(_data, _hmtx.offset + 4u * metric) * 1000.0 / _unitsPerEm;
}

double TrueTypeFont::width(const std::string& utf8, double size, const TrueTypeFont* fallback) const {
    double total = 0;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        auto byte = static_cast<unsigned char>(utf8[i]);
        if (byte < 0x80) {
            total += _advanceByCharacter[byte];  // the common case, without decoding
        } else {
            std::size_t end = i + 1;
            while (end < utf8.size() && (static_cast<unsigned char>(utf8[end]) & 0xc0) == 0x80)
                ++end;
            for (char32_t c : decodeUtf8(utf8.substr(i, end - i)))
                total += fallback && !hasGlyph(c) && fallback->hasGlyph(c) ? fallback->advance(c) : advance(c);
            i = end - 1;
        }
    }
    return total * size / 1000.0;
}

std::string TrueTypeFont::glyphBytes(std::uint16_t glyph) const {
    if (glyph >= _numGlyphs) return {};
    std::uint32_t from, to;
    if (_longLoca) {
        from = u32(_data, _loca.offset + 4u * glyph);
        to = u32(_data, _loca.offset + 4u * (glyph + 1u));
    } else {
        from = 2u * u16(_data, _loca.offset + 2u * glyph);
        to = 2u * u16(_data, _loca.offset + 2u * (glyph + 1u));
    }
    if (to <= from || to > _glyf.length) return {};
    return _data.substr(_glyf.offset + from, to - from);
}

std::string TrueTypeFont::subset(const std::set<char32_t>& characters,
                                 std::vector<std::pair<char32_t, std::uint16_t>>* glyphs) const {
    // New glyph numbers: 0 stays .notdef, then the characters' glyphs in character order.
    std::vector<std::uint16_t> oldGlyphs{0};
    std::map<std::uint16_t, std::uint16_t> newGlyph{{0, 0}};
    std::vector<std::pair<char32_t, std::uint16_t>> mapped;  // character -> new glyph
    auto assign = [&](std::uint16_t old) {
        auto found = newGlyph.find(old);
        if (found != newGlyph.end()) return found->second;
        auto number = static_cast<std::uint16_t>(oldGlyphs.size());
        oldGlyphs.push_back(old);
        newGlyph[old] = number;
        return number;
    };
    for (char32_t c : characters) {
        std::uint16_t old = glyphOf(c);
        if (old) mapped.emplace_back(c, assign(old));
    }
    // Composite glyphs (accented letters) need their parts; the list grows as we go.
    for (std::size_t i = 0; i < oldGlyphs.size(); ++i) {
        std::string glyph = glyphBytes(oldGlyphs[i]);
        if (glyph.size() < 10 || static_cast<std::int16_t>(u16(glyph, 0)) >= 0) continue;
        std::size_t at = 10;
        std::uint16_t flags;
        do {
            flags = u16(glyph, at);
            assign(u16(glyph, at + 2));
            at += componentSize(flags);
        } while (flags & moreComponents);
    }

    // glyf and loca, without hinting instructions: the cvt/fpgm/prep tables they
    // call are not copied, and a PDF viewer scales outlines without hints.
    std::string glyf, loca;
    for (std::uint16_t old : oldGlyphs) {
        put32(loca, static_cast<std::uint32_t>(glyf.size()));
        std::string glyph = glyphBytes(old);
        if (glyph.size() >= 10) {
            auto contours = static_cast<std::int16_t>(u16(glyph, 0));
            if (contours >= 0) {
                std::size_t lengthAt = 10 + 2 * static_cast<std::size_t>(contours);
                std::uint16_t instructions = u16(glyph, lengthAt);
                std::string stripped = glyph.substr(0, lengthAt);
                put16(stripped, 0);
                stripped += glyph.substr(lengthAt + 2 + instructions);
                glyph = stripped;
            } else {
                std::size_t at = 10;
                std::uint16_t flags;
                do {
                    flags = u16(glyph, at);
                    set16(glyph, at, static_cast<std::uint16_t>(flags & ~haveInstructions));
                    set16(glyph, at + 2, newGlyph.at(u16(glyph, at + 2)));
                    at += componentSize(flags);
                } while (flags & moreComponents);
                glyph.resize(at);
            }
            glyf += glyph;
            padTo4(glyf);
        }
    }
    put32(loca, static_cast<std::uint32_t>(glyf.size()));

    std::string hmtx;
    for (std::uint16_t old : oldGlyphs) {
        std::uint16_t metric =
            old < _numberOfHMetrics ? old : static_cast<std::uint16_t>(_numberOfHMetrics - 1);
        put16(hmtx, u16(_data, _hmtx.offset + 4u * metric));
        put16(hmtx, old < _numberOfHMetrics ? u16(_data, _hmtx.offset + 4u * old + 2)
                                            : u16(_data, _hmtx.offset + 4u * _numberOfHMetrics +
                                                             2u * (old - _numberOfHMetrics)));
    }

    auto glyphCount = static_cast<std::uint16_t>(oldGlyphs.size());
    std::string head = tableBytes(_head), hhea = tableBytes(_hhea), maxp = tableBytes(_maxp);
    set32(head, 8, 0);
    set16(head, 50, 1);
    set16(hhea, 34, glyphCount);
    set16(maxp, 4, glyphCount);

    // cmap: one format 4 subtable; runs of consecutive characters with
    // consecutive glyphs share a segment.
    struct Segment {
        std::uint16_t start, end, delta;
    };
    std::vector<Segment> segments;
    for (const auto& [c, glyph] : mapped) {
        if (c > 0xfffe) continue;
        auto code = static_cast<std::uint16_t>(c);
        auto delta = static_cast<std::uint16_t>(glyph - code);
        if (!segments.empty() && segments.back().end + 1 == code && segments.back().delta == delta)
            segments.back().end = code;
        else
            segments.push_back({code, code, delta});
    }
    segments.push_back({0xffff, 0xffff, 1});
    auto segCount = static_cast<std::uint16_t>(segments.size());
    auto searchRange = static_cast<std::uint16_t>(2 * (1u << floorLog2(segCount)));
    std::string subtable;
    put16(subtable, 4);
    put16(subtable, static_cast<std::uint16_t>(16 + 8 * segCount));
    put16(subtable, 0);
    put16(subtable, static_cast<std::uint16_t>(2 * segCount));
    put16(subtable, searchRange);
    put16(subtable, static_cast<std::uint16_t>(floorLog2(segCount)));
    put16(subtable, static_cast<std::uint16_t>(2 * segCount - searchRange));
    for (const auto& s : segments) put16(subtable, s.end);
    put16(subtable, 0);
    for (const auto& s : segments) put16(subtable, s.start);
    for (const auto& s : segments) put16(subtable, s.delta);
    for (std::size_t i = 0; i < segments.size(); ++i) put16(subtable, 0);
    std::string cmap;
    put16(cmap, 0);
    put16(cmap, 1);
    put16(cmap, 3);
    put16(cmap, 1);
    put32(cmap, 12);
    cmap += subtable;

    std::string post;
    put32(post, 0x00030000);
    post += _data.substr(_post.offset + 4, 12);  // italic angle, underline, fixed pitch
    post.append(16, '\0');

    std::string name;
    std::vector<std::uint16_t> ids;
    for (std::uint16_t id : {0, 1, 2, 3, 4, 6})
        if (!_names[id].empty()) ids.push_back(id);
    put16(name, 0);
    put16(name, static_cast<std::uint16_t>(ids.size()));
    put16(name, static_cast<std::uint16_t>(6 + 12 * ids.size()));
    std::string strings;
    for (std::uint16_t id : ids) {
        put16(name, 3);
        put16(name, 1);
        put16(name, 0x409);
        put16(name, id);
        put16(name, static_cast<std::uint16_t>(_names[id].size()));
        put16(name, static_cast<std::uint16_t>(strings.size()));
        strings += _names[id];
    }
    name += strings;

    // Tables in tag order, as the directory must be sorted.
    std::vector<std::pair<std::string, std::string>> tables = {{"OS/2", tableBytes(_os2)},
                                                               {"cmap", cmap},
                                                               {"glyf", glyf},
                                                               {"head", head},
                                                               {"hhea", hhea},
                                                               {"hmtx", hmtx},
                                                               {"loca", loca},
                                                               {"maxp", maxp},
                                                               {"name", name},
                                                               {"post", post}};
    std::string font;
    auto numTables = static_cast<std::uint16_t>(tables.size());
    auto tableSearch = static_cast<std::uint16_t>(16 * (1u << floorLog2(numTables)));
    put32(font, 0x00010000);
    put16(font, numTables);
    put16(font, tableSearch);
    put16(font, static_cast<std::uint16_t>(floorLog2(numTables)));
    put16(font, static_cast<std::uint16_t>(16 * numTables - tableSearch));
    std::size_t offset = 12 + 16 * tables.size();
    std::size_t headAt = 0;
    for (const auto& [tag, bytes] : tables) {
        font += tag;
        put32(font, checksum(bytes));
        put32(font, static_cast<std::uint32_t>(offset));
        put32(font, static_cast<std::uint32_t>(bytes.size()));
        if (tag == "head") headAt = offset;
        offset += (bytes.size() + 3) / 4 * 4;
    }
    for (const auto& entry : tables) {
        font += entry.second;
        padTo4(font);
    }
    set32(font, headAt + 8, 0xB1B0AFBAu - checksum(font));
    if (glyphs) *glyphs = std::move(mapped);
    return font;
}

}  // namespace grantflow::letters
