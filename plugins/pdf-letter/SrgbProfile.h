// A small ICC v2 display profile for sRGB (IEC 61966-2.1), built in code so the
// plugin needs no profile file: D50-adapted primaries and the sRGB tone curve
// sampled at 256 points. It is the output intent that PDF/A asks for when a
// document uses device RGB colours.
#pragma once

#include <string>

namespace grantflow::letters {

// The profile's bytes; the same on every call.
const std::string& srgbProfile();

}  // namespace grantflow::letters
