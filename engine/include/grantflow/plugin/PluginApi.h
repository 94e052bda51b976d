// The version of the plugin interface, and the one line a plugin library adds
// to be found: GRANTFLOW_PLUGIN(MyPlugin).
//
// Promise: the engine loads a library only when the version it was compiled
// against equals `apiVersion`. Any change to a class in grantflow/plugin/ that
// breaks binary compatibility bumps the number, so an old plugin is refused with
// a clear message instead of crashing on a changed vtable.
#pragma once

#include <Poco/ClassLibrary.h>
#include <grantflow/plugin/Plugin.h>

namespace grantflow::plugin {

inline constexpr int apiVersion = 1;

// The C symbol the host asks for before it trusts anything else in a library.
inline constexpr const char* apiVersionSymbol = "grantflowPluginApiVersion";

}  // namespace grantflow::plugin

// Exports `PluginClass` (a grantflow::plugin::Plugin) through a Poco manifest,
// together with the API version the library was built against.
#define GRANTFLOW_PLUGIN(PluginClass)                             \
    extern "C" POCO_LIBRARY_API int grantflowPluginApiVersion() { \
        return ::grantflow::plugin::apiVersion;                   \
    }                                                             \
    POCO_BEGIN_MANIFEST(::grantflow::plugin::Plugin)              \
    POCO_EXPORT_CLASS(PluginClass)                                \
    POCO_END_MANIFEST
