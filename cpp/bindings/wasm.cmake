# The WebAssembly modules (included by CMakeLists.txt when configured with emcmake):
#   rmsprop_core   the page's engine (bindings.cpp), loaded by web/engine/engine.js
#   rmsprop_replay the golden-file replay (replay_bindings.cpp), loaded by web/engine/replay.js
# Each is an ES module factory (.mjs) plus its .wasm.
function(rp_wasm_module target source export_name)
  add_executable(${target} ${source})
  target_link_libraries(${target} PRIVATE rp_io)
  set_target_properties(${target} PROPERTIES SUFFIX ".mjs")
  target_link_options(${target} PRIVATE
    --bind
    # Native wasm exceptions (compiled with -fwasm-exceptions, see CMakeLists.txt): C++ errors
    # are caught in the bindings and rethrown as JavaScript Errors.
    -fwasm-exceptions
    -sMODULARIZE=1
    -sEXPORT_ES6=1
    -sEXPORT_NAME=${export_name}
    # web and worker only: Node loads through engine.js with wasmBinary (see there).
    -sENVIRONMENT=web,worker
    -sALLOW_MEMORY_GROWTH=1
    -sINITIAL_MEMORY=16MB
    # The small allocator (it also reports mallinfo(), used by the leak test).
    -sMALLOC=emmalloc
    -sFILESYSTEM=0
    -sDYNAMIC_EXECUTION=0
    -sINCOMING_MODULE_JS_API=[wasmBinary,locateFile,print,printErr]
  )
endfunction()

rp_wasm_module(rmsprop_core cpp/bindings/bindings.cpp createRmspropCore)
rp_wasm_module(rmsprop_replay cpp/bindings/replay_bindings.cpp createRmspropReplay)

# Size: code that runs once per call, not per training step (the glue that converts configs,
# errors and results; dataset generation; the surfaces, evaluated once per path point; the
# checks and their messages; the stops and their diagnoses; the grids, which call the -O3
# forward pass; building optimizers) is optimised for size; the hot code (nn/, optim/, the trainer's
# step, fmath) stays at -O3.
set_source_files_properties(
  cpp/bindings/bindings.cpp cpp/bindings/replay_bindings.cpp
  cpp/data/dataset.cpp cpp/surfaces/surface.cpp cpp/core/check.cpp cpp/train/stops.cpp
  cpp/train/grids.cpp cpp/optim/factory.cpp
  PROPERTIES COMPILE_OPTIONS "-Oz")
