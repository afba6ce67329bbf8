# The WebAssembly module (included by CMakeLists.txt when configured with emcmake).
# Output: rmsprop_core.mjs (ES module factory) + rmsprop_core.wasm, loaded by web/engine/engine.js.
add_executable(rmsprop_core cpp/bindings/bindings.cpp)
target_link_libraries(rmsprop_core PRIVATE rp_io)
set_target_properties(rmsprop_core PROPERTIES SUFFIX ".mjs")
target_link_options(rmsprop_core PRIVATE
  --bind
  # Native wasm exceptions (compiled with -fwasm-exceptions, see CMakeLists.txt): C++ errors
  # are caught in the bindings and rethrown as JavaScript Errors.
  -fwasm-exceptions
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sEXPORT_NAME=createRmspropCore
  # web and worker only: Node loads through engine.js with wasmBinary (see there).
  -sENVIRONMENT=web,worker
  -sALLOW_MEMORY_GROWTH=1
  -sINITIAL_MEMORY=16MB
  -sFILESYSTEM=0
  -sDYNAMIC_EXECUTION=0
  -sINCOMING_MODULE_JS_API=[wasmBinary,locateFile,print,printErr]
)
