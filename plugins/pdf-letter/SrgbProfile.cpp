#include "SrgbProfile.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace grantflow::letters {

namespace {

void put16(std::string& out, std::uint32_t value) {
    out.push_back(static_cast<char>((value >> 8) & 0xff));
    out.push_back(static_cast<char>(value & 0xff));
}

void put32(std::string& out, std::uint32_t value) {
    put16(out, value >> 16);
    put16(out, value & 0xffff);
}

void putFixed(std::string& out, double value) {  // s15Fixed16Number
    put32(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(std::lround(value * 65536.0))));
}

std::string xyzTag(double x, double y, double z) {
    std::string tag = "XYZ ";
    put32(tag, 0);
    putFixed(tag, x);
    putFixed(tag, y);
    putFixed(tag, z);
    return tag;
}

std::string build() {
    const std::string description = "sRGB IEC61966-2.1";
    std::string desc = "desc";
    put32(desc, 0);
    put32(desc, static_cast<std::uint32_t>(description.size() + 1));
    desc += description;
    desc.push_back('\0');
    put32(desc, 0);  // no Unicode description
    put32(desc, 0);
    put16(desc, 0);  // no ScriptCode description
    desc.push_back('\0');
    desc.append(67, '\0');

    std::string cprt = "text";
    put32(cprt, 0);
    cprt += "No copyright, use freely";
    cprt.push_back('\0');

    std::string curve = "curv";
    put32(curve, 0);
    put32(curve, 256);
    for (int i = 0; i < 256; ++i) {
        double v = i / 255.0;
        double linear = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        put16(curve, static_cast<std::uint32_t>(std::lround(linear * 65535.0)));
    }

    // sRGB primaries adapted to the D50 profile connection space (Bradford).
    std::vector<std::pair<std::string, std::string>> tags = {
        {"desc", desc},
        {"cprt", cprt},
        {"wtpt", xyzTag(0.9642, 1.0, 0.8249)},
        {"rXYZ", xyzTag(0.4360747, 0.2225045, 0.0139322)},
        {"gXYZ", xyzTag(0.3850649, 0.7168786, 0.0971045)},
        {"bXYZ", xyzTag(0.1430804, 0.0606169, 0.7141733)},
        {"rTRC", curve},
    };
    std::string table, data;
    std::uint32_t offset = 128 + 4 + 12 * 9;
    std::uint32_t curveOffset = 0;
    for (const auto& [signature, bytes] : tags) {
        table += signature;
        put32(table, offset + static_cast<std::uint32_t>(data.size()));
        put32(table, static_cast<std::uint32_t>(bytes.size()));
        if (signature == "rTRC") curveOffset = offset + static_cast<std::uint32_t>(data.size());
        data += bytes;
        while (data.size() % 4) data.push_back('\0');
    }
    // Green and blue share the red tone curve.
    for (const char* signature : {"gTRC", "bTRC"}) {
        table += signature;
        put32(table, curveOffset);
        put32(table, static_cast<std::uint32_t>(curve.size()));
    }

    std::string header;
    put32(header, 0);  // size, filled in below
    put32(header, 0);
    put32(header, 0x02100000);
    header += "mntrRGB XYZ ";
    for (int part : {2026, 1, 1, 0, 0, 0}) put16(header, static_cast<std::uint32_t>(part));
    header += "acsp";
    header.append(4 + 4 + 4 + 4 + 8, '\0');  // platform, flags, manufacturer, model, attributes
    put32(header, 0);                        // perceptual
    putFixed(header, 0.9642);
    putFixed(header, 1.0);
    putFixed(header, 0.8249);
    header.append(128 - header.size(), '\0');

    std::string profile = header;
    put32(profile, 9);
    profile += table + data;
    std::uint32_t size = static_cast<std::uint32_t>(profile.size());
    for (int i = 0; i < 4; ++i) profile[i] = static_cast<char>((size >> (24 - 8 * i)) & 0xff);
    return profile;
}

}  // namespace

const std::string& srgbProfile() {
    static const std::string profile = build();
    return profile;
}

}  // namespace grantflow::letters
